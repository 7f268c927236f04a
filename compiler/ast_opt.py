"""AST optimizer pass: constant folding on the tree, as CPython 3.8's Python/ast_opt.c.

Entry point: `optimize(tree, optimize=0, future_flags=0, fold_list=None)`, which folds in
place and returns the tree. Folded nodes keep their identity and position: they become
Constant nodes (as make_const rewrites the C node). A fold that raises (1/0, 'a' + 1) leaves
the node alone. The walk is iterative (every node folded after its children), so long
operator chains cannot hit the recursion limit. For a tree compile() has just parsed, the
parser hands over the nodes to fold in an order that suits (`fold_list`), and there is
no walk.
"""
from typing import Any, Callable, Dict, List, Optional, Tuple

from ..parser import nodes
from ..parser.astmake import starts_with_docstring
from . import fold_compat

MAX_INT_SIZE = 128          # bits
MAX_COLLECTION_SIZE = 256   # items
MAX_STR_SIZE = 4096         # characters
MAX_TOTAL_ITEMS = 1024      # including nested collections


class _NotFolded(Exception):
    """A size guard refused to fold (safe_multiply & co. returning NULL)."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int)  # PyLong_Check: bool included


def _check_complexity(value: Any, limit: int) -> int:
    """Items left under `limit` after counting nested tuples/frozensets (check_complexity)."""
    if isinstance(value, tuple):
        limit -= len(value)
        for item in value:
            if limit < 0:
                break
            limit = _check_complexity(item, limit)
    elif isinstance(value, frozenset):
        limit -= len(value)
        for item in value:
            if limit < 0:
                break
            limit = _check_complexity(item, limit)
    return limit


def _as_long(value: int) -> int:
    """PyLong_AsLong: values outside a C long fail (and the fold is abandoned)."""
    if not -2 ** 63 <= value < 2 ** 63:
        raise _NotFolded
    return value


def _as_size_t(value: int) -> int:
    """PyLong_AsSize_t: negative or too large values fail."""
    if not 0 <= value < 2 ** 64:
        raise _NotFolded
    return value


def safe_multiply(left: Any, right: Any) -> Any:
    """left * right, refusing results that would be too big to keep as a constant."""
    if _is_int(left) and _is_int(right) and left and right:
        if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_SIZE:
            raise _NotFolded
    elif _is_int(left) and isinstance(right, (tuple, frozenset)):
        size = len(right)
        if size:
            count = _as_long(left)
            if count < 0 or count > MAX_COLLECTION_SIZE // size:
                raise _NotFolded
            if count and _check_complexity(right, MAX_TOTAL_ITEMS // count) < 0:
                raise _NotFolded
    elif _is_int(left) and isinstance(right, (str, bytes)):
        size = len(right)
        if size:
            count = _as_long(left)
            if count < 0 or count > MAX_STR_SIZE // size:
                raise _NotFolded
    elif _is_int(right) and isinstance(left, (tuple, frozenset, str, bytes)):
        return safe_multiply(right, left)
    return left * right


def safe_power(left: Any, right: Any) -> Any:
    """left ** right, refusing ints over MAX_INT_SIZE bits."""
    if _is_int(left) and _is_int(right) and left and right > 0:
        exponent = _as_size_t(right)
        if abs(left).bit_length() > MAX_INT_SIZE // exponent:
            raise _NotFolded
    return left ** right


def safe_lshift(left: Any, right: Any) -> Any:
    """left << right, refusing ints over MAX_INT_SIZE bits."""
    if _is_int(left) and _is_int(right) and left and right:
        shift = _as_size_t(right)
        if shift > MAX_INT_SIZE or abs(left).bit_length() > MAX_INT_SIZE - shift:
            raise _NotFolded
    return left << right


def safe_mod(left: Any, right: Any) -> Any:
    """left % right, but never string formatting."""
    if isinstance(left, (str, bytes)):
        raise _NotFolded
    return left % right


BINARY_FOLDS = {
    nodes.Add: lambda a, b: a + b,
    nodes.Sub: lambda a, b: a - b,
    nodes.Mult: safe_multiply,
    nodes.Div: lambda a, b: a / b,
    nodes.FloorDiv: lambda a, b: a // b,
    nodes.Mod: safe_mod,
    nodes.Pow: safe_power,
    nodes.LShift: safe_lshift,
    nodes.RShift: lambda a, b: a >> b,
    nodes.BitOr: lambda a, b: a | b,
    nodes.BitXor: lambda a, b: a ^ b,
    nodes.BitAnd: lambda a, b: a & b,
}  # type: Dict[type, Callable[[Any, Any], Any]]  (MatMult is never folded)

UNARY_FOLDS = {
    nodes.Invert: fold_compat.invert,
    nodes.Not: lambda a: not a,
    nodes.UAdd: lambda a: +a,
    nodes.USub: lambda a: -a,
}  # type: Dict[type, Callable[[Any], Any]]

# `not (a is b)` -> `a is not b` etc.; == and < are left alone (fold_unaryop).
NEGATED_COMPARISONS = {nodes.Is: nodes.IsNot, nodes.IsNot: nodes.Is,
                       nodes.In: nodes.NotIn, nodes.NotIn: nodes.In}

_POSITIONS = nodes.POSITION


def _is_const(node: Any) -> bool:
    return isinstance(node, nodes.Constant)


def make_const(node: nodes.AST, compute: Callable[[], Any]) -> None:
    """Turn `node` into Constant(compute()) in place; leave it alone if computing fails."""
    try:
        value = compute()
    except KeyboardInterrupt:
        raise
    except Exception:  # _NotFolded or any error of the operation: no fold (make_const)
        return
    kept = {name: node.__dict__[name] for name in _POSITIONS if name in node.__dict__}
    node.__class__ = nodes.Constant
    node.__dict__.clear()
    node.__dict__.update(value=value, kind=None, **kept)


def _const_tuple(elements: list) -> tuple:
    """The values of all-constant elements (make_const_tuple), else _NotFolded."""
    if not all(_is_const(element) for element in elements):
        raise _NotFolded
    return tuple(element.value for element in elements)


def fold_iter(node: nodes.AST) -> None:
    """A literal list/set iterated or tested with `in` becomes a tuple/frozenset (fold_iter)."""
    if isinstance(node, nodes.List):
        if any(isinstance(element, nodes.Starred) for element in node.elts):
            return
        node.__class__ = nodes.Tuple  # 3.8 turns the list into a tuple even when not constant
        make_const(node, lambda: _const_tuple(node.elts))
    elif isinstance(node, nodes.Set):
        elements = node.elts
        make_const(node, lambda: frozenset(_const_tuple(elements)))
        if isinstance(node, nodes.Constant):
            node.__dict__['source_order'] = _const_tuple(elements)   # kept for marshal


_docstring = starts_with_docstring


# Fields that never hold a node to fold: identifiers, ints, and the singleton
# expr_context/operator/cmpop nodes, which have nothing inside and no fold.
_LEAF_FIELDS = frozenset(['ctx', 'op', 'ops', 'id', 'attr', 'name', 'module', 'kind',
                          'type_comment', 'simple', 'level', 'conversion', 'arg', 'asname',
                          'is_async'])


class _Folder:
    """One optimization run (the astfold_* functions)."""

    def __init__(self, optimize: int) -> None:
        self.optimize = optimize

    def _plan(self, kind: type) -> tuple:
        """(fold_ method or None, fields to walk in reverse order, whether the fold needs
        to know if the body started with a docstring before its children were folded)."""
        if kind is nodes.NamedExpr:
            return None, (), False  # 3.8's astfold_expr has no NamedExpr case: nothing inside
        fold = getattr(self, 'fold_' + kind.__name__, None)
        if kind is nodes.Constant:
            return fold, (), False      # its value is never a node
        fields = [field for field in kind._fields if field not in _LEAF_FIELDS]
        return fold, tuple(reversed(fields)), fold == self.fold_body

    def run(self, tree: nodes.AST) -> None:
        """Fold every node of `tree`, each after its children (astfold_* recurse first).

        One walk in pre-order lists the nodes that have a fold; they are folded in the
        reverse of that order, which puts every node after its descendants. Folds only
        change the node and its children, so the order among unrelated subtrees (the one
        way this differs from a post-order walk) changes nothing. Whether a body starts
        with a docstring is noted as the walk meets it, before its children are folded.
        """
        pending = [tree]
        pop, push = pending.pop, pending.append
        folds = []      # (fold, node, had_docstring), in pre-order
        note = folds.append
        plans: Dict[type, tuple] = {}
        ast_node = nodes.AST
        name_node, constant_node = nodes.Name, nodes.Constant
        while pending:
            node = pop()
            kind = type(node)
            plan = plans.get(kind)
            if plan is None:
                plan = plans[kind] = self._plan(kind)
            fold, fields, needs_docstring = plan
            if fold is not None:
                note((fold, node, needs_docstring and _docstring(node.body)))
            values = node.__dict__
            # The commonest leaves have nothing to fold and are not pushed: a Constant,
            # a Name other than __debug__ (fold_Name).
            for field in fields:
                value = values.get(field)
                kind = type(value)
                if kind is constant_node or (kind is name_node and value.id != '__debug__'):
                    continue
                if isinstance(value, ast_node):
                    push(value)
                elif isinstance(value, list):
                    for item in reversed(value):
                        kind = type(item)
                        if kind is constant_node or (kind is name_node and
                                                     item.id != '__debug__'):
                            continue
                        if isinstance(item, ast_node):
                            push(item)
        for fold, node, had_docstring in reversed(folds):
            fold(node, had_docstring)

    def run_listed(self, candidates: List[nodes.AST],
                   bodies: List[Tuple[nodes.AST, bool]]) -> None:
        """Fold the nodes the parser listed (pipeline.parser.builder.AstBuilder): the
        candidates in the order it made them, which puts every node after its children,
        then the bodies, with whether each started with a docstring when it was made.
        Bodies go last: no other fold looks into a statement list, and a body's fold
        must see its docstring's expression folded. Every candidate still has the type
        it was made with (only its own fold changes that), so it has a fold.
        """
        folds = {kind: getattr(self, 'fold_' + kind.__name__) for kind in (
            nodes.BinOp, nodes.UnaryOp, nodes.Compare, nodes.Subscript, nodes.Tuple,
            nodes.Name, nodes.comprehension, nodes.For)}
        for node in candidates:
            folds[type(node)](node, False)
        fold_body = self.fold_body
        for node, had_docstring in bodies:
            fold_body(node, had_docstring)

    # -- expressions ---------------------------------------------------------------------

    def fold_BinOp(self, node: nodes.AST, had_docstring: bool) -> None:
        operation = BINARY_FOLDS.get(type(node.op))
        if operation is None or not (_is_const(node.left) and _is_const(node.right)):
            return
        left, right = node.left.value, node.right.value
        make_const(node, lambda: operation(left, right))

    def fold_UnaryOp(self, node: nodes.AST, had_docstring: bool) -> None:
        operand = node.operand
        if _is_const(operand):
            operation = UNARY_FOLDS[type(node.op)]
            make_const(node, lambda: operation(operand.value))
        elif (isinstance(node.op, nodes.Not) and isinstance(operand, nodes.Compare) and
              len(operand.ops) == 1 and type(operand.ops[0]) in NEGATED_COMPARISONS):
            # COPY_NODE: the comparison, negated, takes the place (and position) of the `not`
            operand.ops[0] = NEGATED_COMPARISONS[type(operand.ops[0])]()
            node.__class__ = nodes.Compare
            node.__dict__.clear()
            node.__dict__.update(operand.__dict__)

    def fold_Compare(self, node: nodes.AST, had_docstring: bool) -> None:
        if isinstance(node.ops[-1], (nodes.In, nodes.NotIn)):
            fold_iter(node.comparators[-1])

    def fold_Subscript(self, node: nodes.AST, had_docstring: bool) -> None:
        index = node.slice
        if (isinstance(node.ctx, nodes.Load) and _is_const(node.value) and
                isinstance(index, nodes.Index) and _is_const(index.value)):
            container, key = node.value.value, index.value.value
            make_const(node, lambda: container[key])

    def fold_Tuple(self, node: nodes.AST, had_docstring: bool) -> None:
        # (make_const would find out too, by an exception: most tuples are not constant)
        if isinstance(node.ctx, nodes.Load) and all(
                _is_const(element) for element in node.elts):
            make_const(node, lambda: _const_tuple(node.elts))

    def fold_Name(self, node: nodes.AST, had_docstring: bool) -> None:
        if node.id == '__debug__':
            make_const(node, lambda: not self.optimize)

    def fold_comprehension(self, node: nodes.AST, had_docstring: bool) -> None:
        fold_iter(node.iter)

    # -- statements ----------------------------------------------------------------------

    def fold_For(self, node: nodes.AST, had_docstring: bool) -> None:
        fold_iter(node.iter)

    def fold_body(self, node: nodes.AST, had_docstring: bool) -> None:
        """Folding must not create a docstring: wrap it in a JoinedStr (astfold_body)."""
        body = node.body
        if not had_docstring and _docstring(body):
            statement = body[0]
            positions = {name: getattr(statement, name) for name in _POSITIONS
                         if hasattr(statement, name)}
            statement.value = nodes.JoinedStr(values=[statement.value], **positions)

    fold_Module = fold_FunctionDef = fold_AsyncFunctionDef = fold_ClassDef = fold_body


def optimize(tree: nodes.AST, optimize: int = 0, future_flags: int = 0,
             fold_list: Optional[Tuple[list, list]] = None) -> nodes.AST:
    """Fold constants in `tree` in place and return it (_PyAST_Optimize).

    `optimize` is the -O level (only `__debug__` depends on it). 3.8 folds annotations
    even under `from __future__ import annotations`, so `future_flags` changes nothing.
    `fold_list` is what pipeline.parser.api.parse_for_compiler gave with `tree`, given
    only when the tree is unchanged since: then the parser's list replaces the walk
    (which takes 2-3 times as long as the folds).
    """
    folder = _Folder(optimize)
    if fold_list is None:
        folder.run(tree)
    else:
        folder.run_listed(*fold_list)
    return tree

