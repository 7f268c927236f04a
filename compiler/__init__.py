"""Compiler: CPython 3.8's compile() as a chain of passes, one module each.

    parse -> future -> ast_opt -> symtable -> codegen -> assemble (with peephole)
"""
from typing import Any

PyCF_ONLY_AST = 0x0400
# Every flag 3.8's compile() accepts (PyCF_MASK | PyCF_MASK_OBSOLETE | the PyCF_* options).
_ALLOWED_FLAGS = (0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 |
                  0x1000000 | 0x0010 | 0x0200 | 0x0400 | 0x1000 | 0x2000)
_MODE_NODES = {'exec': 'Module', 'eval': 'Expression', 'single': 'Interactive'}


def compile(source: Any, filename: str = '<unknown>',
            mode: str = 'exec', flags: int = 0, dont_inherit: bool = False,
            optimize: int = -1, *, frame_depth: int = 2) -> Any:
    """Compile like CPython 3.8's builtin compile(): a CodeType (or the AST for PyCF_ONLY_AST).

    `frame_depth` is the recursion depth 3.8 would compile at, which moves its nesting
    limit: 2 for compile() called from module-level code, 0 for the script it runs."""
    from ..parser.api import collection_paused
    with collection_paused():
        return _compile(source, filename, mode, flags, optimize, frame_depth)


def _compile(source: Any, filename: str, mode: str, flags: int, optimize: int,
             frame_depth: int) -> Any:
    import os
    filename = os.fsdecode(filename)  # str, bytes or os.PathLike, as PyUnicode_FSDecoder
    if flags & ~_ALLOWED_FLAGS:
        raise ValueError('compile(): unrecognised flags')
    if optimize < -1 or optimize > 2:
        raise ValueError('compile(): invalid optimize value')
    if mode not in _MODE_NODES:
        raise ValueError("compile() mode must be 'exec', 'eval' or 'single'")
    from ..parser import nodes
    if isinstance(source, nodes.AST):
        tree = source
        named_escapes = False
        fold_list = None        # the walk: not a tree our parser has just made
        if flags & PyCF_ONLY_AST:
            return tree
        expected = _MODE_NODES[mode]
        if type(tree).__name__ != expected:
            raise TypeError('expected %s node, got %s' % (expected, type(tree).__name__))
    else:
        if isinstance(source, (bytearray, memoryview)):
            source = bytes(source)
        elif not isinstance(source, (str, bytes)):
            raise TypeError('compile() arg 1 must be a string, bytes or AST object')
        from ..parser.api import parse_for_compiler
        tree, named_escapes, fold_list = parse_for_compiler(source, filename, mode)
        if flags & PyCF_ONLY_AST:
            return tree
    code = compile_tree(tree, filename, flags, 0 if optimize == -1 else optimize, frame_depth,
                        fold_list=fold_list)
    if named_escapes and getattr(code, '_pyc_facts', None) is not None:
        code._pyc_facts['unicodedata'] = True
    return code


def compile_tree(tree: Any, filename: str, flags: int = 0, optimize: int = 0,
                 frame_depth: int = 2, *, fold_list: Any = None) -> Any:
    """The code object of a Module/Expression/Interactive tree (PyAST_CompileObject).

    `fold_list`: ast_opt's work list from pipeline.parser.api.parse_for_compiler, for a
    tree that parse has just made (see compiler.ast_opt.optimize); None walks the tree."""
    from .future import parse_future
    from .ast_opt import optimize as optimize_tree
    from .symtable_build import build_symtable
    from .codegen import PyCF_MASK, generate
    future = parse_future(tree, filename)
    future_flags = future.flags | (flags & PyCF_MASK)
    tree = optimize_tree(tree, optimize, future_flags, fold_list)
    table = build_symtable(tree, filename, future_flags, frame_depth)
    return generate(tree, table, filename, future_flags, flags, optimize, future.lineno)
