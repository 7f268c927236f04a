"""Expression unparser for `from __future__ import annotations`, as CPython 3.8's Python/ast_unparse.c.

Entry point: `unparse_annotation(node) -> str` (_PyAST_ExprAsUnicode). Each `_<Node>`
writer mirrors an append_ast_* function, with the same precedence levels and spacing.
"""
from typing import Any, List

from ..parser import nodes

# Precedence levels (the PR_* enum of ast_unparse.c).
PR_TUPLE, PR_TEST, PR_OR, PR_AND, PR_NOT, PR_CMP = 0, 1, 2, 3, 4, 5
PR_EXPR = PR_BOR = 6
PR_BXOR, PR_BAND, PR_SHIFT, PR_ARITH, PR_TERM, PR_FACTOR, PR_POWER, PR_AWAIT, PR_ATOM = \
    7, 8, 9, 10, 11, 12, 13, 14, 15

BINARY = {
    nodes.Add: (' + ', PR_ARITH), nodes.Sub: (' - ', PR_ARITH), nodes.Mult: (' * ', PR_TERM),
    nodes.MatMult: (' @ ', PR_TERM), nodes.Div: (' / ', PR_TERM), nodes.Mod: (' % ', PR_TERM),
    nodes.LShift: (' << ', PR_SHIFT), nodes.RShift: (' >> ', PR_SHIFT),
    nodes.BitOr: (' | ', PR_BOR), nodes.BitXor: (' ^ ', PR_BXOR), nodes.BitAnd: (' & ', PR_BAND),
    nodes.FloorDiv: (' // ', PR_TERM), nodes.Pow: (' ** ', PR_POWER),
}
UNARY = {nodes.Invert: ('~', PR_FACTOR), nodes.Not: ('not ', PR_NOT),
         nodes.UAdd: ('+', PR_FACTOR), nodes.USub: ('-', PR_FACTOR)}
COMPARE = {nodes.Eq: ' == ', nodes.NotEq: ' != ', nodes.Lt: ' < ', nodes.LtE: ' <= ',
           nodes.Gt: ' > ', nodes.GtE: ' >= ', nodes.Is: ' is ', nodes.IsNot: ' is not ',
           nodes.In: ' in ', nodes.NotIn: ' not in '}
CONVERSIONS = {ord('a'): '!a', ord('r'): '!r', ord('s'): '!s'}
_INF_REPLACEMENT = '1e309'  # "1e" + (1 + DBL_MAX_10_EXP)


def unparse_annotation(node: nodes.AST) -> str:
    """The source text 3.8 stores for an annotation under the annotations future."""
    return _Unparser().text(node, PR_TEST)


def _constant_repr(value: Any) -> str:
    """append_repr: repr(), with infinities spelled so that they parse back."""
    text = repr(value)
    if (type(value) is float and value in (float('inf'), float('-inf'))) or \
            type(value) is complex:
        text = text.replace('inf', _INF_REPLACEMENT)
    return text


class _Unparser:
    """Writes one expression into a list of pieces."""

    def __init__(self) -> None:
        self.out: List[str] = []

    def text(self, node: nodes.AST, level: int) -> str:
        saved, self.out = self.out, []
        self.expr(node, level)
        result, self.out = ''.join(self.out), saved
        return result

    def write(self, text: str) -> None:
        self.out.append(text)

    def expr(self, node: nodes.AST, level: int) -> None:
        writer = getattr(self, '_' + type(node).__name__, None)
        if writer is None:
            raise SystemError('unknown expression kind')
        writer(node, level)

    # -- operators --------------------------------------------------------------------------
    def _BoolOp(self, node: nodes.BoolOp, level: int) -> None:
        is_and = isinstance(node.op, nodes.And)
        operator, precedence = (' and ', PR_AND) if is_and else (' or ', PR_OR)
        self.write('(' if level > precedence else '')
        for index, value in enumerate(node.values):
            if index:
                self.write(operator)
            self.expr(value, precedence + 1)
        self.write(')' if level > precedence else '')

    def _BinOp(self, node: nodes.BinOp, level: int) -> None:
        operator, precedence = BINARY[type(node.op)]
        right_assoc = isinstance(node.op, nodes.Pow)
        self.write('(' if level > precedence else '')
        self.expr(node.left, precedence + int(right_assoc))
        self.write(operator)
        self.expr(node.right, precedence + int(not right_assoc))
        self.write(')' if level > precedence else '')

    def _UnaryOp(self, node: nodes.UnaryOp, level: int) -> None:
        operator, precedence = UNARY[type(node.op)]
        self.write('(' if level > precedence else '')
        self.write(operator)
        self.expr(node.operand, precedence)
        self.write(')' if level > precedence else '')

    def _Compare(self, node: nodes.Compare, level: int) -> None:
        self.write('(' if level > PR_CMP else '')
        self.expr(node.left, PR_CMP + 1)
        for operator, comparator in zip(node.ops, node.comparators):
            self.write(COMPARE[type(operator)])
            self.expr(comparator, PR_CMP + 1)
        self.write(')' if level > PR_CMP else '')

    def _IfExp(self, node: nodes.IfExp, level: int) -> None:
        self.write('(' if level > PR_TEST else '')
        self.expr(node.body, PR_TEST + 1)
        self.write(' if ')
        self.expr(node.test, PR_TEST + 1)
        self.write(' else ')
        self.expr(node.orelse, PR_TEST)
        self.write(')' if level > PR_TEST else '')

    def _NamedExpr(self, node: nodes.NamedExpr, level: int) -> None:
        self.write('(' if level > PR_TUPLE else '')
        self.expr(node.target, PR_ATOM)
        self.write(':=')
        self.expr(node.value, PR_ATOM)
        self.write(')' if level > PR_TUPLE else '')

    # -- functions --------------------------------------------------------------------------
    def arg(self, node: nodes.arg) -> None:
        self.write(node.arg)
        if node.annotation is not None:
            self.write(': ')
            self.expr(node.annotation, PR_TEST)

    def arguments(self, args: nodes.arguments) -> None:
        first = True
        positional = list(args.posonlyargs) + list(args.args)
        posonly_count = len(args.posonlyargs)
        default_start = len(positional) - len(args.defaults)
        for index, arg in enumerate(positional):
            if not first:
                self.write(', ')
            first = False
            self.arg(arg)
            if index >= default_start:
                self.write('=')
                self.expr(args.defaults[index - default_start], PR_TEST)
            if posonly_count and index + 1 == posonly_count:
                self.write(', /')
        if args.vararg is not None or args.kwonlyargs:
            if not first:
                self.write(', ')
            first = False
            self.write('*')
            if args.vararg is not None:
                self.arg(args.vararg)
        kw_start = len(args.kwonlyargs) - len(args.kw_defaults)
        for index, arg in enumerate(args.kwonlyargs):
            if not first:
                self.write(', ')
            first = False
            self.arg(arg)
            if index >= kw_start:
                default = args.kw_defaults[index - kw_start]
                if default is not None:
                    self.write('=')
                    self.expr(default, PR_TEST)
        if args.kwarg is not None:
            if not first:
                self.write(', ')
            self.write('**')
            self.arg(args.kwarg)

    def _Lambda(self, node: nodes.Lambda, level: int) -> None:
        self.write('(' if level > PR_TEST else '')
        positional = len(node.args.args) + len(node.args.posonlyargs)
        self.write('lambda ' if positional else 'lambda')
        self.arguments(node.args)
        self.write(': ')
        self.expr(node.body, PR_TEST)
        self.write(')' if level > PR_TEST else '')

    def _Call(self, node: nodes.Call, level: int) -> None:
        self.expr(node.func, PR_ATOM)
        if len(node.args) == 1 and not node.keywords and \
                isinstance(node.args[0], nodes.GeneratorExp):
            self._GeneratorExp(node.args[0], level)  # a lone generator: no extra parentheses
            return
        self.write('(')
        first = True
        for arg in node.args:
            if not first:
                self.write(', ')
            first = False
            self.expr(arg, PR_TEST)
        for keyword in node.keywords:
            if not first:
                self.write(', ')
            first = False
            if keyword.arg is None:
                self.write('**')
            else:
                self.write(keyword.arg + '=')
            self.expr(keyword.value, PR_TEST)
        self.write(')')

    # -- displays ---------------------------------------------------------------------------
    def _Dict(self, node: nodes.Dict, level: int) -> None:
        self.write('{')
        for index, (key, value) in enumerate(zip(node.keys, node.values)):
            if index:
                self.write(', ')
            if key is not None:
                self.expr(key, PR_TEST)
                self.write(': ')
                self.expr(value, PR_TEST)
            else:
                self.write('**')
                self.expr(value, PR_EXPR)
        self.write('}')

    def _elements(self, elts: List[nodes.AST]) -> None:
        for index, elt in enumerate(elts):
            if index:
                self.write(', ')
            self.expr(elt, PR_TEST)

    def _Set(self, node: nodes.Set, level: int) -> None:
        self.write('{')
        self._elements(node.elts)
        self.write('}')

    def _List(self, node: nodes.List, level: int) -> None:
        self.write('[')
        self._elements(node.elts)
        self.write(']')

    def _Tuple(self, node: nodes.Tuple, level: int) -> None:
        if not node.elts:
            self.write('()')
            return
        self.write('(' if level > PR_TUPLE else '')
        self._elements(node.elts)
        self.write(',' if len(node.elts) == 1 else '')
        self.write(')' if level > PR_TUPLE else '')

    def comprehensions(self, generators: List[nodes.comprehension]) -> None:
        for generator in generators:
            self.write(' async for ' if generator.is_async else ' for ')
            self.expr(generator.target, PR_TUPLE)
            self.write(' in ')
            self.expr(generator.iter, PR_TEST + 1)
            for condition in generator.ifs:
                self.write(' if ')
                self.expr(condition, PR_TEST + 1)

    def _GeneratorExp(self, node: nodes.GeneratorExp, level: int) -> None:
        self.write('(')
        self.expr(node.elt, PR_TEST)
        self.comprehensions(node.generators)
        self.write(')')

    def _ListComp(self, node: nodes.ListComp, level: int) -> None:
        self.write('[')
        self.expr(node.elt, PR_TEST)
        self.comprehensions(node.generators)
        self.write(']')

    def _SetComp(self, node: nodes.SetComp, level: int) -> None:
        self.write('{')
        self.expr(node.elt, PR_TEST)
        self.comprehensions(node.generators)
        self.write('}')

    def _DictComp(self, node: nodes.DictComp, level: int) -> None:
        self.write('{')
        self.expr(node.key, PR_TEST)
        self.write(': ')
        self.expr(node.value, PR_TEST)
        self.comprehensions(node.generators)
        self.write('}')

    # -- generators -------------------------------------------------------------------------
    def _Yield(self, node: nodes.Yield, level: int) -> None:
        if node.value is None:
            self.write('(yield)')
            return
        self.write('(yield ')
        self.expr(node.value, PR_TEST)
        self.write(')')

    def _YieldFrom(self, node: nodes.YieldFrom, level: int) -> None:
        self.write('(yield from ')
        self.expr(node.value, PR_TEST)
        self.write(')')

    def _Await(self, node: nodes.Await, level: int) -> None:
        self.write('(' if level > PR_AWAIT else '')
        self.write('await ')
        self.expr(node.value, PR_ATOM)
        self.write(')' if level > PR_AWAIT else '')

    # -- atoms ------------------------------------------------------------------------------
    def _Constant(self, node: nodes.Constant, level: int) -> None:
        if node.value is Ellipsis:
            self.write('...')
        else:
            self.write(_constant_repr(node.value))

    def _Name(self, node: nodes.Name, level: int) -> None:
        self.write(node.id)

    def _Attribute(self, node: nodes.Attribute, level: int) -> None:
        value = node.value
        self.expr(value, PR_ATOM)
        # an int literal needs a space before the dot
        is_int = isinstance(value, nodes.Constant) and type(value.value) is int
        self.write(' .' if is_int else '.')
        self.write(node.attr)

    def _Starred(self, node: nodes.Starred, level: int) -> None:
        self.write('*')
        self.expr(node.value, PR_EXPR)

    def _Subscript(self, node: nodes.Subscript, level: int) -> None:
        self.expr(node.value, PR_ATOM)
        self.write('[')
        self.slice(node.slice)
        self.write(']')

    def slice(self, node: nodes.AST) -> None:
        if isinstance(node, nodes.Slice):
            if node.lower is not None:
                self.expr(node.lower, PR_TEST)
            self.write(':')
            if node.upper is not None:
                self.expr(node.upper, PR_TEST)
            if node.step is not None:
                self.write(':')
                self.expr(node.step, PR_TEST)
        elif isinstance(node, nodes.ExtSlice):
            for index, dim in enumerate(node.dims):
                if index:
                    self.write(', ')
                self.slice(dim)
            self.write(',' if len(node.dims) == 1 else '')
        elif isinstance(node, nodes.Index):
            value = node.value
            level = PR_TUPLE
            if isinstance(value, nodes.Tuple) and any(
                    isinstance(element, nodes.Starred) for element in value.elts):
                level += 1
            self.expr(value, level)
        else:
            raise SystemError('unexpected slice kind')

    # -- f-strings --------------------------------------------------------------------------
    def fstring_element(self, node: nodes.AST, is_format_spec: bool) -> None:
        if isinstance(node, nodes.Constant):
            self.write(node.value.replace('{', '{{').replace('}', '}}'))
        elif isinstance(node, nodes.JoinedStr):
            self.joined_str(node, is_format_spec)
        elif isinstance(node, nodes.FormattedValue):
            self.formatted_value(node, is_format_spec)
        else:
            raise SystemError('unknown expression kind inside f-string')

    def joined_str(self, node: nodes.JoinedStr, is_format_spec: bool) -> None:
        saved, self.out = self.out, []
        for value in node.values:
            self.fstring_element(value, is_format_spec)
        body, self.out = ''.join(self.out), saved
        if is_format_spec:
            self.write(body)
        else:
            self.write('f' + repr(body))

    def formatted_value(self, node: nodes.FormattedValue, is_format_spec: bool) -> None:
        inner = self.text(node.value, PR_TEST + 1)
        self.write('{ ' if inner.startswith('{') else '{')
        self.write(inner)
        conversion = node.conversion if node.conversion is not None else -1
        if conversion > 0:
            if conversion not in CONVERSIONS:
                raise SystemError('unknown f-value conversion kind')
            self.write(CONVERSIONS[conversion])
        if node.format_spec is not None:
            self.write(':')
            self.fstring_element(node.format_spec, True)
        self.write('}')

    def _JoinedStr(self, node: nodes.JoinedStr, level: int) -> None:
        self.joined_str(node, False)

    def _FormattedValue(self, node: nodes.FormattedValue, level: int) -> None:
        self.formatted_value(node, False)
