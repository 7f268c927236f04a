"""Second half of the symbol table pass: resolve every name's scope (symtable.c's analyze_block)."""
from typing import Optional, Set

from .symtable import (
    CELL, CLASS_BLOCK, DEF_BOUND, DEF_FREE_CLASS, DEF_GLOBAL, DEF_NONLOCAL, FREE,
    FUNCTION_BLOCK, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, LOCAL, SCOPE_OFFSET, Scope, SymbolTable,
    syntax_error)


def analyze(table: SymbolTable) -> None:
    """Resolve the scopes of every block, from the module down (symtable_analyze)."""
    _analyze_block(table, table.top, None, set(), set())


def _error_at_directive(table: SymbolTable, scope: Scope, name: str, msg: str) -> SyntaxError:
    """The error located at the global/nonlocal statement that declared `name`."""
    for directive_name, lineno, col_offset in scope.directives:
        if directive_name == name:
            return syntax_error(msg, table.filename, lineno, col_offset + 1)
    return syntax_error(msg, table.filename, scope.lineno, scope.col_offset + 1)


def _analyze_name(table: SymbolTable, scope: Scope, scopes: dict, name: str, flags: int,
                  bound: Optional[Set[str]], local: Set[str], free: Set[str],
                  global_names: Set[str]) -> None:
    """Decide one name's scope (analyze_name)."""
    if flags & DEF_GLOBAL:
        if flags & DEF_NONLOCAL:
            raise _error_at_directive(table, scope, name,
                                      "name '%s' is nonlocal and global" % name)
        scopes[name] = GLOBAL_EXPLICIT
        global_names.add(name)
        if bound is not None:
            bound.discard(name)
        return
    if flags & DEF_NONLOCAL:
        if bound is None:
            raise _error_at_directive(table, scope, name,
                                      'nonlocal declaration not allowed at module level')
        if name not in bound:
            raise _error_at_directive(table, scope, name,
                                      "no binding for nonlocal '%s' found" % name)
        scopes[name] = FREE
        scope.has_free = True
        free.add(name)
        return
    if flags & DEF_BOUND:
        scopes[name] = LOCAL
        local.add(name)
        global_names.discard(name)
        return
    # Bound in an enclosing function: free here (bound is only given when nested).
    if bound is not None and name in bound:
        scopes[name] = FREE
        scope.has_free = True
        free.add(name)
        return
    if name in global_names:
        scopes[name] = GLOBAL_IMPLICIT
        return
    if scope.nested:
        scope.has_free = True
    scopes[name] = GLOBAL_IMPLICIT


def _analyze_block(table: SymbolTable, scope: Scope, bound: Optional[Set[str]],
                   free: Set[str], global_names: Set[str]) -> None:
    """Resolve one block, then its children with what they can see (analyze_block)."""
    local = set()  # type: Set[str]
    scopes = {}  # type: dict
    new_global = set()  # type: Set[str]
    new_free = set()  # type: Set[str]
    new_bound = set()  # type: Set[str]
    # What the children see is only built when there are children (a block without
    # any would copy its enclosing names for nothing: quadratic in a function's
    # nested functions).
    children = scope.children
    # Class bindings are not visible in methods: pass down what the class itself saw.
    if scope.type == CLASS_BLOCK and children:
        new_global |= global_names
        if bound is not None:
            new_bound |= bound
    for name, flags in list(scope.symbols.items()):
        _analyze_name(table, scope, scopes, name, flags, bound, local, free, global_names)
    if children:
        if scope.type != CLASS_BLOCK:
            if scope.type == FUNCTION_BLOCK:
                new_bound |= local
            if bound is not None:
                new_bound |= bound
            new_global |= global_names
        else:
            new_bound.add('__class__')
    all_free = set()  # type: Set[str]
    for child in children:
        # as analyze_child_block: each child works on copies (of the sets it would
        # change; the others it only reads)
        child_free = set(new_free)
        if _changes_outer(child, new_global):
            _analyze_block(table, child, set(new_bound), child_free, set(new_global))
        else:
            _analyze_block(table, child, new_bound, child_free, new_global)
        all_free |= child_free
        if child.has_free or child.child_free:
            scope.child_free = True
    new_free |= all_free
    if scope.type == FUNCTION_BLOCK:
        _analyze_cells(scopes, new_free)
    elif scope.type == CLASS_BLOCK:
        if '__class__' in new_free:
            new_free.discard('__class__')
            scope.needs_class_closure = True
    _update_symbols(scope, scopes, bound, new_free, scope.type == CLASS_BLOCK)
    free |= new_free


def _changes_outer(scope: Scope, global_names: Set[str]) -> bool:
    """Whether analysing `scope` changes the bound and global names it is given:
    _analyze_name drops a global from them and adds it, and drops a local from the
    globals."""
    for name, flags in scope.symbols.items():
        if flags & DEF_GLOBAL or (flags & DEF_BOUND and name in global_names):
            return True
    return False


def _analyze_cells(scopes: dict, free: Set[str]) -> None:
    """Locals that children use freely become cells (analyze_cells)."""
    for name, resolved in scopes.items():
        if resolved == LOCAL and name in free:
            scopes[name] = CELL
            free.discard(name)


def _update_symbols(scope: Scope, scopes: dict, bound: Optional[Set[str]], free: Set[str],
                    is_class: bool) -> None:
    """Store the scopes in the flags and add free names passing through (update_symbols)."""
    symbols = scope.symbols
    for name in list(symbols):
        symbols[name] |= scopes[name] << SCOPE_OFFSET
    for name in sorted(free):
        flags = symbols.get(name)
        if flags is not None:
            # A method's free variable that the class also binds or declares global.
            if is_class and flags & (DEF_BOUND | DEF_GLOBAL):
                symbols[name] = flags | DEF_FREE_CLASS
            continue  # a cell, or already free here
        if bound is not None and name not in bound:
            continue  # a global
        symbols[name] = FREE << SCOPE_OFFSET
