"""The host's `ast` node objects as our 3.8 AST (parser/nodes.py), for compile(tree, ...) of a
tree built by host code (pytest's assertion rewriter, ast.parse + NodeTransformer users).

Nodes are matched by class name and field; 3.9+ hosts' subscripts are rewrapped in 3.8's
Index/ExtSlice. Nothing of the host's `ast` module is imported: the nodes are read as objects.
"""
from typing import Any

from .parser import nodes

_POSITIONS = ('lineno', 'col_offset', 'end_lineno', 'end_col_offset')
_SLICES = ('Slice', 'ExtSlice', 'Index')


def is_host_ast(value: Any) -> bool:
    """Whether `value` is a node of the host's ast module (not one of ours)."""
    return type(value).__module__ in ('ast', '_ast') and hasattr(value, '_fields')


def convert(node: Any) -> Any:
    """Our AST for host AST `node` (lists and constants as they are)."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not is_host_ast(node):
        return node
    name = type(node).__name__
    cls = getattr(nodes, name, None)
    if cls is None:
        raise TypeError('expected some sort of %s, but got %r' % ('AST node', node))
    made = cls()
    for field in cls._fields:
        setattr(made, field, convert(getattr(node, field, None)))
    for attribute in _POSITIONS:
        if hasattr(node, attribute):
            setattr(made, attribute, getattr(node, attribute))
    if name == 'Subscript':
        made.slice = _as_38_slice(made.slice)
    return made


def _as_38_slice(value: Any) -> Any:
    """A 3.9+ subscript (an expression, a Slice, a Tuple with slices) in 3.8's form."""
    kind = type(value).__name__
    if kind in _SLICES:
        return value
    if kind == 'Tuple' and any(type(item).__name__ == 'Slice' for item in value.elts):
        dims = [item if type(item).__name__ == 'Slice' else nodes.Index(value=item)
                for item in value.elts]
        return nodes.ExtSlice(dims=dims)
    return nodes.Index(value=value)
