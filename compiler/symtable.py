"""Symbol table pass: which scope each name lives in, as CPython 3.8's Python/symtable.c.

This module holds the table's data (symbol flags, `Scope`, `SymbolTable`); the pass
itself is `symtable_build.build_symtable(tree, filename, future_flags) -> SymbolTable`,
which records every definition and use per block (module, function, class; lambdas and
comprehensions are function blocks), then `_analyze` resolves each name to LOCAL,
GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, FREE or CELL exactly as analyze_block does.
Codegen asks `table.lookup(node)` for the `Scope` of a node and then
`scope.scope_of(mangled_name)` to choose LOAD_FAST / LOAD_DEREF / LOAD_GLOBAL / LOAD_NAME.
"""
from typing import Dict, List, Optional

from ..parser import nodes
from .code import (CO_ASYNC_GENERATOR, CO_COROUTINE, CO_GENERATOR, CO_NESTED, CO_NEWLOCALS,
                   CO_OPTIMIZED, CO_VARARGS, CO_VARKEYWORDS)

# Symbol flag bits (Include/symtable.h, 3.8).
DEF_GLOBAL = 1           # global statement
DEF_LOCAL = 2            # assignment in code block
DEF_PARAM = 4            # formal parameter
DEF_NONLOCAL = 8         # nonlocal statement
USE = 16                 # name is used
DEF_FREE = 32            # name used but not defined in nested block
DEF_FREE_CLASS = 64      # free variable from class's method
DEF_IMPORT = 128         # assignment occurred via import
DEF_ANNOT = 256          # this name is annotated
DEF_COMP_ITER = 512      # this name is a comprehension iteration variable
DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT

# The resolved scope is stored in the flags at SCOPE_OFFSET (SCOPE_MASK wide).
SCOPE_OFFSET = 11
SCOPE_MASK = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL
LOCAL = 1
GLOBAL_EXPLICIT = 2
GLOBAL_IMPLICIT = 3
FREE = 4
CELL = 5
SCOPE_NAMES = {LOCAL: 'LOCAL', GLOBAL_EXPLICIT: 'GLOBAL_EXPLICIT',
               GLOBAL_IMPLICIT: 'GLOBAL_IMPLICIT', FREE: 'FREE', CELL: 'CELL'}

MODULE_BLOCK = 'module'
FUNCTION_BLOCK = 'function'
CLASS_BLOCK = 'class'

# Messages (symtable.c 3.8).
GLOBAL_PARAM = "name '%s' is parameter and global"
NONLOCAL_PARAM = "name '%s' is parameter and nonlocal"
GLOBAL_AFTER_ASSIGN = "name '%s' is assigned to before global declaration"
NONLOCAL_AFTER_ASSIGN = "name '%s' is assigned to before nonlocal declaration"
GLOBAL_AFTER_USE = "name '%s' is used prior to global declaration"
NONLOCAL_AFTER_USE = "name '%s' is used prior to nonlocal declaration"
GLOBAL_ANNOT = "annotated name '%s' can't be global"
NONLOCAL_ANNOT = "annotated name '%s' can't be nonlocal"
IMPORT_STAR_WARNING = 'import * only allowed at module level'
NAMED_EXPR_COMP_IN_CLASS = ('assignment expression within a comprehension cannot be used '
                            'in a class body')
NAMED_EXPR_COMP_CONFLICT = ("assignment expression cannot rebind comprehension iteration "
                            "variable '%s'")
NAMED_EXPR_COMP_INNER_LOOP_CONFLICT = ("comprehension inner loop cannot rebind assignment "
                                       "expression target '%s'")
NAMED_EXPR_COMP_ITER_EXPR = ('assignment expression cannot be used in a comprehension '
                             'iterable expression')
DUPLICATE_ARGUMENT = "duplicate argument '%s' in function definition"
YIELD_IN_COMPREHENSION = {
    'ListComp': "'yield' inside list comprehension",
    'SetComp': "'yield' inside set comprehension",
    'DictComp': "'yield' inside dict comprehension",
    'GeneratorExp': "'yield' inside generator expression",
}
COMPREHENSION_NAMES = {'ListComp': 'listcomp', 'SetComp': 'setcomp',
                       'DictComp': 'dictcomp', 'GeneratorExp': 'genexpr'}


def mangle(private: Optional[str], name: str) -> str:
    """Private-name mangling inside class `private`, as _Py_Mangle."""
    if private is None or not name.startswith('__'):
        return name
    # Don't mangle __dunder__ names or dotted names (imports).
    if name.endswith('__') or '.' in name:
        return name
    stripped = private.lstrip('_')
    if not stripped:
        return name  # a class named only with underscores mangles nothing
    return '_' + stripped + name


def program_text(filename: str, lineno: int) -> Optional[str]:
    """The source line CPython attaches to a compile-time SyntaxError (err_programtext).

    Read from the file named `filename` if it exists, with universal newlines; like the
    C reader's 1000-byte buffer, only the last 999-byte chunk of a long line survives,
    a line past the end gives '', and invalid UTF-8 gives None.
    """
    if not filename or lineno < 1:
        return None
    try:
        with open(filename, 'rb') as source:
            data = source.read()
    except (OSError, ValueError):
        return None
    lines = data.replace(b'\r\n', b'\n').replace(b'\r', b'\n').splitlines(True)
    if lineno > len(lines):
        return ''  # the reader hit the end of the file: an empty buffer
    line = lines[lineno - 1]
    line = line[999 * ((len(line) - 1) // 999):]
    try:
        return line.decode('utf-8')
    except UnicodeDecodeError:
        return None


def syntax_error(msg: str, filename: str, lineno: int, offset: int) -> SyntaxError:
    """A SyntaxError located like PyErr_SyntaxLocationObject."""
    return SyntaxError(msg, (filename, lineno, offset, program_text(filename, lineno)))


class Scope:
    """One block of the symbol table (CPython's PySTEntryObject).

    What codegen can use (all read-only after build_symtable):
      type           'module' | 'function' | 'class' (lambdas, comprehensions: 'function')
      name           'top', the def/class name, 'lambda', 'listcomp', 'setcomp', 'dictcomp',
                     'genexpr'
      node, lineno, col_offset   the AST node that opened the block and its position
      symbols        {name: flags}: DEF_* bits | (scope << SCOPE_OFFSET), CPython's order
      varnames       parameters in order (posonly, args, kwonly, *vararg, **kwarg; '.0' for
                     comprehensions): the start of co_varnames
      children       child Scopes in source order
      nested         bool: inside a function (CO_NESTED)
      is_generator, is_coroutine, is_comprehension, has_varargs, has_varkeywords
      returns_value  a `return` with a value appears
      has_free       uses free variables (ste_free); child_free: some child has free vars
      needs_class_closure   class needs the implicit __class__ cell (super() / __class__)
    Methods:
      scope_of(name) -> LOCAL | GLOBAL_EXPLICIT | GLOBAL_IMPLICIT | FREE | CELL | 0 (unknown);
                     pass the already-mangled name (PyST_GetScope)
      flags_of(name) -> the DEF_* bits (0 when unknown)
      cell_vars() / free_vars() -> co_cellvars / co_freevars as compiler_enter_scope builds them
      code_flags()   -> CO_OPTIMIZED|CO_NEWLOCALS|CO_NESTED|CO_GENERATOR|CO_COROUTINE|
                     CO_ASYNC_GENERATOR|CO_VARARGS|CO_VARKEYWORDS as compute_code_flags
                     (add CO_NOFREE and future flags yourself)
    """

    def __init__(self, name: str, block_type: str, node: nodes.AST, lineno: int,
                 col_offset: int, nested: bool) -> None:
        self.name = name
        self.type = block_type
        self.node = node
        self.lineno = lineno
        self.col_offset = col_offset
        self.nested = nested
        self.symbols = {}  # type: Dict[str, int]
        self.varnames = []  # type: List[str]
        self.children = []  # type: List[Scope]
        self.directives = []  # type: List[tuple]  (name, lineno, col_offset)
        self.is_generator = False
        self.is_coroutine = False
        self.is_comprehension = False
        self.has_varargs = False
        self.has_varkeywords = False
        self.returns_value = False
        self.has_free = False
        self.child_free = False
        self.needs_class_closure = False
        self.comp_iter_target = False
        self.comp_iter_expr = 0

    def scope_of(self, name: str) -> int:
        """The resolved scope of `name` (already mangled), 0 if the block never saw it."""
        return (self.symbols.get(name, 0) >> SCOPE_OFFSET) & SCOPE_MASK

    def flags_of(self, name: str) -> int:
        """The DEF_*/USE bits of `name` without the scope."""
        return self.symbols.get(name, 0) & ((1 << SCOPE_OFFSET) - 1)

    def cell_vars(self) -> List[str]:
        """co_cellvars: CELL names sorted, or just __class__ (as compiler_enter_scope)."""
        if self.needs_class_closure:
            return ['__class__']
        return sorted([name for name, flags in self.symbols.items()
                       if (flags >> SCOPE_OFFSET) & SCOPE_MASK == CELL])

    def free_vars(self) -> List[str]:
        """co_freevars: FREE names and DEF_FREE_CLASS names, sorted (dictbytype)."""
        return sorted([name for name, flags in self.symbols.items()
                       if (flags >> SCOPE_OFFSET) & SCOPE_MASK == FREE or flags & DEF_FREE_CLASS])

    def code_flags(self) -> int:
        """The co_flags bits the block itself decides (compute_code_flags, without CO_NOFREE)."""
        if self.type != FUNCTION_BLOCK:
            return 0
        flags = CO_OPTIMIZED | CO_NEWLOCALS
        if self.nested:
            flags |= CO_NESTED
        if self.is_generator and self.is_coroutine:
            flags |= CO_ASYNC_GENERATOR
        elif self.is_generator:
            flags |= CO_GENERATOR
        elif self.is_coroutine:
            flags |= CO_COROUTINE
        if self.has_varargs:
            flags |= CO_VARARGS
        if self.has_varkeywords:
            flags |= CO_VARKEYWORDS
        return flags

    @property
    def is_function(self) -> bool:
        return self.type == FUNCTION_BLOCK

    def __repr__(self) -> str:
        return '<Scope %s %r line %d>' % (self.type, self.name, self.lineno)


class SymbolTable:
    """The scopes of one compilation unit, found by the AST node that opened them."""

    def __init__(self, filename: str, future_flags: int) -> None:
        self.filename = filename
        self.future_flags = future_flags
        self.top = None  # type: Optional[Scope]
        self._blocks = {}  # type: Dict[int, Scope]

    def lookup(self, node: nodes.AST) -> Scope:
        """The Scope opened by `node` (Module/Expression/Interactive, def, class, lambda, comp)."""
        try:
            return self._blocks[id(node)]
        except KeyError:
            raise KeyError('no symbol table entry for %r' % (node,)) from None

    def scopes(self) -> List[Scope]:
        """Every scope, parents before children, in source order."""
        result, pending = [], [self.top]
        while pending:
            scope = pending.pop()
            result.append(scope)
            pending.extend(reversed(scope.children))
        return result
