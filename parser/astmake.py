"""Shared pieces of the AST builder: operator tables, intermediates, node helpers."""
import sys
from typing import Any

from . import nodes

_new = object.__new__

_BINOPS = {
    '+': nodes.Add, '-': nodes.Sub, '*': nodes.Mult, '@': nodes.MatMult, '/': nodes.Div,
    '%': nodes.Mod, '**': nodes.Pow, '<<': nodes.LShift, '>>': nodes.RShift,
    '|': nodes.BitOr, '^': nodes.BitXor, '&': nodes.BitAnd, '//': nodes.FloorDiv,
}
BINOP = {key: cls() for key, cls in _BINOPS.items()}
AUGOP = {key + '=': value for key, value in BINOP.items()}
UNARYOP = {'+': nodes.UAdd(), '-': nodes.USub(), '~': nodes.Invert()}
CMPOP = {'<': nodes.Lt(), '>': nodes.Gt(), '==': nodes.Eq(), '>=': nodes.GtE(),
         '<=': nodes.LtE(), '!=': nodes.NotEq(), 'in': nodes.In(), 'is': nodes.Is()}
NOT_IN, IS_NOT = nodes.NotIn(), nodes.IsNot()
AND, OR, NOT = nodes.And(), nodes.Or(), nodes.Not()


def ident(token: tuple) -> str:
    """A NAME token's identifier, NFKC-normalised when not ASCII (as new_identifier)."""
    text = token[1]
    if text.isascii():
        return text
    import unicodedata   # as new_identifier, only for a non-ASCII name
    return unicodedata.normalize('NFKC', text)


def make_plain(cls: type, fields: dict) -> Any:
    """A node of `cls` whose attributes are `fields` (a copy's, or a node the parser needs
    without its position); new nodes come from pipeline.parser.construct."""
    node = _new(cls)
    node.__dict__ = fields
    return node


if sys.implementation.name == 'pypy':
    # PyPy keeps the attributes of an object in a shared map, unless its __dict__ is
    # assigned: then every attribute access is a hash lookup in that dict, ten times
    # slower, and the passes after the parser read node attributes millions of times.
    def make_plain(cls: type, fields: dict) -> Any:  # noqa: F811
        """A node of `cls` whose attributes are `fields`."""
        node = _new(cls)
        node.__dict__.update(fields)
        return node


def pick_child(index: int) -> Any:
    """The callback of a rule whose value is its child `index`. The file loop
    (pipeline.parser.lalr_int) reads `child_index` and takes the child off the stack
    without calling it; the generic loop calls it."""
    def pick(self: Any, c: list, span: tuple, spans: list) -> Any:
        return c[index]
    pick.child_index = index  # type: ignore[attr-defined]
    return pick


def reads_spans(function: Any) -> Any:
    """Marks a callback that reads `spans`, its children's spans: the file loop
    (pipeline.parser.lalr_int) gives such a callback a list of them alone, and None to
    the others (its stacks are longer than the stack); the generic loop gives every
    callback the whole span stack, whose last entries they are. So a callback reads
    spans[-k] for k up to its rule's length only."""
    function.reads_spans = True
    return function


def node_span(node: Any) -> tuple:
    return node.lineno, node.col_offset, node.end_lineno, node.end_col_offset


def starts_with_docstring(body: list) -> bool:
    """Does this body start with a docstring (_PyAST_GetDocString)? ast_opt needs the
    answer from before folding: folding must not make one."""
    if not body or not isinstance(body[0], nodes.Expr):
        return False
    value = body[0].value
    return isinstance(value, nodes.Constant) and isinstance(value.value, str)


def start_to(span: tuple, body: list) -> tuple:
    last = body[-1]
    return span[0], span[1], last.end_lineno, last.end_col_offset


class Comprehension:
    """Intermediate: an element followed by comp_for (testlist_comp / argument)."""
    __slots__ = ('elt', 'generators')

    def __init__(self, elt: Any, generators: list) -> None:
        self.elt = elt
        self.generators = generators


class TrailingComma(list):
    """Intermediate: import_as_names ending with ',' (needs the parentheses)."""
    __slots__ = ()


class Tuplish(list):
    """Intermediate: elements of a testlist_comp that had a comma."""
    __slots__ = ()


# Names of expression kinds in "cannot assign to ..." messages: as set_context.
_EXPR_NAMES = {
    'Lambda': 'lambda', 'Call': 'function call', 'BoolOp': 'operator', 'BinOp': 'operator',
    'UnaryOp': 'operator', 'GeneratorExp': 'generator expression',
    'Yield': 'yield expression', 'YieldFrom': 'yield expression',
    'Await': 'await expression', 'ListComp': 'list comprehension',
    'SetComp': 'set comprehension', 'DictComp': 'dict comprehension',
    'Dict': 'dict display', 'Set': 'set display', 'JoinedStr': 'f-string expression',
    'FormattedValue': 'f-string expression', 'Compare': 'comparison',
    'IfExp': 'conditional expression', 'NamedExpr': 'named expression',
}
