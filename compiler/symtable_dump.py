"""A readable symbol table dump in the terms of 3.8's `symtable` module (for pipeline.dis --symtable).

`render(block)` works on plain data, so the same text can be produced from CPython 3.8's own
`symtable` module (tests do) and from our tables.
"""
from typing import List, Union

from ..parser import nodes, parse
from .future import parse_future
from .symtable_build import build_symtable
from .symtable import (
    CELL, DEF_ANNOT, DEF_BOUND, DEF_IMPORT, DEF_LOCAL, DEF_NONLOCAL, DEF_PARAM, FREE,
    GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, LOCAL, SCOPE_MASK, SCOPE_NAMES, SCOPE_OFFSET, USE, Scope)

PROPERTIES = ('referenced', 'imported', 'parameter', 'global', 'declared_global', 'local',
              'free', 'assigned', 'namespace', 'nonlocal', 'annotated')


def symbol_properties(flags: int, is_namespace: bool, module_scope: bool = False) -> List[str]:
    """The is_* properties of 3.8.18's symtable.Symbol that hold for these flags.

    module_scope: the symbol's table is named 'top' (3.8.18 then counts bound names as
    both global and local).
    """
    scope = (flags >> SCOPE_OFFSET) & SCOPE_MASK
    module_bound = module_scope and flags & DEF_BOUND
    holds = {
        'referenced': flags & USE,
        'imported': flags & DEF_IMPORT,
        'parameter': flags & DEF_PARAM,
        'global': scope in (GLOBAL_IMPLICIT, GLOBAL_EXPLICIT) or module_bound,
        'declared_global': scope == GLOBAL_EXPLICIT,
        'local': scope in (LOCAL, CELL) or module_bound,
        'free': scope == FREE,
        'assigned': flags & DEF_LOCAL,
        'namespace': is_namespace,
        'nonlocal': flags & DEF_NONLOCAL,
        'annotated': flags & DEF_ANNOT,
    }
    return [name for name in PROPERTIES if holds[name]]


def block_data(scope: Scope) -> dict:
    """Plain data of one scope and its children: what 3.8's _symtable entries expose."""
    return {'type': scope.type, 'name': scope.name, 'lineno': scope.lineno,
            'nested': bool(scope.nested), 'symbols': dict(scope.symbols),
            'varnames': list(scope.varnames),
            'children': [block_data(child) for child in scope.children]}


def render(block: dict, indent: str = '') -> str:
    """Text for one block (and its children) given as block_data()."""
    lines = ['%s%s %s line %d%s%s' % (
        indent, block['type'], block['name'], block['lineno'],
        ' nested' if block['nested'] else '',
        ' children=%s' % ','.join(c['name'] for c in block['children'])
        if block['children'] else '')]
    symbols = block['symbols']
    scope_of = {name: (flags >> SCOPE_OFFSET) & SCOPE_MASK for name, flags in symbols.items()}
    if block['type'] == 'function':
        groups = (('parameters', list(block['varnames'])),
                  ('locals', [n for n in symbols if scope_of[n] in (LOCAL, CELL)]),
                  ('globals', [n for n in symbols
                               if scope_of[n] in (GLOBAL_IMPLICIT, GLOBAL_EXPLICIT)]),
                  ('frees', [n for n in symbols if scope_of[n] == FREE]))
        for label, names in groups:
            if label != 'parameters':
                names = sorted(names)
            lines.append(('%s  %s: %s' % (indent, label, ', '.join(names))).rstrip())
    child_names = {child['name'] for child in block['children']}
    for name in sorted(symbols):
        flags = symbols[name]
        lines.append(('%s  %s %s: %s' % (
            indent, name, SCOPE_NAMES.get(scope_of[name], 'UNRESOLVED'),
            ' '.join(symbol_properties(flags, name in child_names,
                                       block['name'] == 'top')))).rstrip())
    text = '\n'.join(lines) + '\n'
    for child in block['children']:
        text += render(child, indent + '  ')
    return text


def dump_symtable(source_or_tree: Union[str, bytes, nodes.AST],
                  filename: str = '<unknown>') -> str:
    """A readable dump of every scope of a source text or an already parsed tree, for
    `python -m pipeline.dis --symtable FILE`."""
    if isinstance(source_or_tree, nodes.AST):
        tree = source_or_tree
    else:
        tree = parse(source_or_tree, filename)
    future_flags = 0
    if isinstance(tree, nodes.Module):
        future_flags = parse_future(tree, filename).flags
    return render(block_data(build_symtable(tree, filename, future_flags).top))
