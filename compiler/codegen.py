"""Code generator: AST + symbol table -> basic blocks of 3.8 bytecode, as CPython 3.8's Python/compile.c.

Entry point: `generate(tree, table, filename, future_flags, compile_flags, optimize) -> CodeType`.
One `visit_<Node>` per AST node; statements live in codegen_stmt.py, expressions in
codegen_expr.py, functions/classes/comprehensions in codegen_scope.py. This module keeps
the compiler state: the stack of code units (compiler_unit), the frame-block stack
(fblockinfo), the emit helpers that honour `c_do_not_emit_bytecode`, name resolution
(compiler_nameop), line tracking (compiler_visit_stmt / compiler_visit_expr) and errors.
"""
import sys
import warnings
from typing import Any, Callable, Dict, List, Optional

from ..parser import nodes
from . import opcodes as op
from .assemble import assemble
from .codegen_expr import ExpressionsMixin
from .codegen_scope import ScopesMixin
from .codegen_stmt import StatementsMixin
from .code import (
    CO_NESTED, CO_NEWLOCALS, CO_OPTIMIZED, CO_GENERATOR, CO_COROUTINE, CO_ASYNC_GENERATOR,
    CO_VARARGS, CO_VARKEYWORDS, CodeType)
from .flowgraph import Block, CodeUnit
from .marshal_refs import all_name_chars
from .codegen_defs import (  # noqa: F401 (PyCF_MASK, get_docstring: for importers)
    ASYNC_WITH, CO_MAXBLOCKS, EXCEPT, FINALLY_END, FINALLY_TRY, FINALLY_TRY2, FOR_LOOP,
    HANDLER_CLEANUP, PyCF_ALLOW_TOP_LEVEL_AWAIT, PyCF_MASK, RECURSION_LIMIT, SCOPE_ASYNC_FUNCTION,
    SCOPE_CLASS, SCOPE_FUNCTION, SCOPE_LAMBDA, SCOPE_MODULE, WHILE_LOOP, WITH, get_docstring)
from .symtable import (
    CELL, FREE, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, LOCAL, FUNCTION_BLOCK, CLASS_BLOCK,
    SCOPE_MASK, SCOPE_OFFSET, Scope, SymbolTable, mangle, syntax_error)

# compiler_nameop's opcode by context, per kind of access
_FAST_OPS = {'Load': op.LOAD_FAST, 'Store': op.STORE_FAST, 'Del': op.DELETE_FAST}
_GLOBAL_OPS = {'Load': op.LOAD_GLOBAL, 'Store': op.STORE_GLOBAL, 'Del': op.DELETE_GLOBAL}
_NAME_OPS = {'Load': op.LOAD_NAME, 'Store': op.STORE_NAME, 'Del': op.DELETE_NAME}


_VISITORS: Dict[type, Dict[type, Callable]] = {}

# PyPy's JIT inlines a recursive call into its caller's trace up to max_unroll_recursion
# levels deep (7): the visitors recurse along the tree, so each trace followed one shape
# of nested statements and expressions, few were ever reused, and codegen ran no faster
# than with the JIT off. Unrolled none while generating, each visitor's trace is its own.
_pypyjit: Any = None
if sys.implementation.name == 'pypy':
    import pypyjit as _pypyjit
_NAME, _CONSTANT = nodes.Name, nodes.Constant


class FrameBlock:
    """One entry of the frame-block stack (struct fblockinfo)."""
    __slots__ = ('type', 'block', 'exit')

    def __init__(self, block_type: str, block: Optional[Block], exit: Optional[Block]) -> None:
        self.type = block_type
        self.block = block
        self.exit = exit


class CompilerUnit(CodeUnit):
    """A CodeUnit plus the per-unit compiler state of compile.c's compiler_unit."""

    def __init__(self, name: str, scope: Scope, scope_type: str, firstlineno: int) -> None:
        CodeUnit.__init__(self, name, name, firstlineno)
        self.firstlineno = firstlineno
        self.scope = scope
        self.scope_type = scope_type
        self.col_offset = 0
        self.fblocks: List[FrameBlock] = []
        # nameop's answers by context and name: (opcode, index), fixed once the name has
        # an index in its table (the scope and the mangling are the unit's)
        self.name_ops: Dict[str, Dict[str, tuple]] = {'Load': {}, 'Store': {}, 'Del': {}}


class CodeGenerator:
    """Compiles one tree (struct compiler); the visit_* methods come from the mixins."""

    def __init__(self, table: SymbolTable, filename: str, future_flags: int,
                 compile_flags: int, optimize: int) -> None:
        self.table = table
        self.filename = filename
        self.future_flags = future_flags
        self.flags = compile_flags | future_flags   # c_flags->cf_flags (merged with future)
        self.optimize = optimize
        self.interactive = False
        self.future_lineno = -1                      # c_future->ff_lineno
        self.nestlevel = 0
        self.do_not_emit = 0                         # c_do_not_emit_bytecode
        self.unit: CompilerUnit = None  # type: ignore[assignment]
        self.stack: List[CompilerUnit] = []
        self.const_cache: Dict[Any, Any] = {}        # c_const_cache: merged constants
        self.set_orders: Dict[Any, tuple] = {}   # frozenset's constant_key -> source order
        # String constants not made of [A-Za-z0-9_]: is the object the compilation keeps
        # for the value (the first one registered) an interned identifier or a new string?
        self.str_origins: Dict[str, bool] = {}
        self.unparsed_annotation = False             # ast_unparse.c ran (for marshal)
        # node class -> its visit_ function, shared by every compilation (no bound methods:
        # a generator holding its own methods would live on as a reference cycle)
        self._visitors: Dict[type, Callable] = _VISITORS.setdefault(type(self), {})

    # -- dispatch ---------------------------------------------------------------------------
    def _visitor(self, node: nodes.AST) -> Callable:
        kind = type(node)
        visitor = self._visitors.get(kind)
        if visitor is None:
            visitor = getattr(type(self), 'visit_' + kind.__name__, None)
            if visitor is None:
                raise SystemError('codegen: unexpected node %s' % kind.__name__)
            self._visitors[kind] = visitor
        return visitor

    def visit_stmt(self, node: nodes.AST) -> None:
        """Always give the statement's line to its first instruction (compiler_visit_stmt)."""
        unit = self.unit
        unit.lineno = node.lineno
        unit.lineno_set = False
        unit.col_offset = node.col_offset
        (self._visitors.get(type(node)) or self._visitor(node))(self, node)

    def visit_stmts(self, body: List[nodes.AST]) -> None:
        for statement in body:
            self.visit_stmt(statement)

    def visit_expr(self, node: nodes.AST) -> None:
        """Visit an expression, switching lines only when it is on another one (compiler_visit_expr)."""
        unit = self.unit
        old_lineno = unit.lineno
        kind = type(node)
        if kind is _NAME:
            found = unit.name_ops[type(node.ctx).__name__].get(node.id)
            if found is not None and not self.do_not_emit:
                # A name met before in this unit: its instruction, appended here as
                # CodeUnit.emit would with the line switched to the node's and back.
                lineno = node.lineno
                if lineno != old_lineno:
                    unit.current.instrs.append([found[0], found[1], None, lineno])
                    unit.lineno_set = False
                elif unit.lineno_set:
                    unit.current.instrs.append([found[0], found[1], None, 0])
                else:
                    unit.lineno_set = True
                    unit.current.instrs.append([found[0], found[1], None, lineno])
                return
        if kind is _NAME or kind is _CONSTANT:
            # The commonest expressions: one instruction, nothing that reports a column, so
            # only the line is switched (and back) around it.
            lineno = node.lineno
            if lineno != old_lineno:
                unit.lineno = lineno
                unit.lineno_set = False
            if kind is _NAME:
                self.nameop(node.id, type(node.ctx).__name__)
            else:
                self.visit_Constant(node)
            if lineno != old_lineno:
                unit.lineno = old_lineno
                unit.lineno_set = False
            return
        old_col_offset = unit.col_offset
        if node.lineno != old_lineno:
            unit.lineno = node.lineno
            unit.lineno_set = False
        unit.col_offset = node.col_offset
        (self._visitors.get(kind) or self._visitor(node))(self, node)
        unit = self.unit
        if old_lineno != unit.lineno:
            unit.lineno = old_lineno
            unit.lineno_set = False
        unit.col_offset = old_col_offset

    def visit_exprs(self, items: List[nodes.AST]) -> None:
        for item in items:
            self.visit_expr(item)

    # -- emitting ---------------------------------------------------------------------------
    def emit(self, opcode: int, arg: int = 0) -> None:
        """compiler_addop / compiler_addop_i."""
        if self.do_not_emit:
            return
        unit = self.unit        # CodeUnit.emit, inline: codegen's commonest call
        if unit.lineno_set:
            unit.current.instrs.append([opcode, arg, None, 0])
        else:
            unit.lineno_set = True
            unit.current.instrs.append([opcode, arg, None, unit.lineno])

    def emit_jump(self, opcode: int, target: Block) -> None:
        """compiler_addop_j."""
        if self.do_not_emit:
            return
        self.unit.emit(opcode, 0, target)

    def emit_await(self) -> None:
        """Await the value on top of the stack: GET_AWAITABLE, then YIELD_FROM None."""
        self.emit(op.GET_AWAITABLE)
        self.load_const(None)
        self.emit(op.YIELD_FROM)

    def load_const(self, value: Any) -> None:
        """compiler_addop_load_const."""
        if self.do_not_emit:
            return
        kind = type(value)
        if kind is str or kind is tuple or kind is frozenset:
            self.note_strings(value, True)
        unit = self.unit
        unit.emit(op.LOAD_CONST, unit.add_const(value))

    def note_strings(self, value: Any, interned: bool) -> None:
        """Record where the strings of a constant come from, unless known already: an
        identifier (interned) or a literal, docstring, dotted qualname (a new object)."""
        kind = type(value)
        if kind is str:
            if value not in self.str_origins and not all_name_chars(value):
                self.str_origins[value] = interned
        elif kind is tuple or kind is frozenset:
            for item in value:
                self.note_strings(item, interned)

    def emit_name(self, opcode: int, name: str) -> None:
        """compiler_addop_name: mangled; nothing at all in dead code."""
        if self.do_not_emit:
            return
        unit = self.unit
        unit.emit(opcode, unit.add_to(unit.names, mangle(unit.private, name)))

    def emit_plain_name(self, opcode: int, name: str) -> None:
        """ADDOP_N / ADDOP_O on co_names: unmangled, skipped entirely in dead code."""
        if self.do_not_emit:
            return
        unit = self.unit
        unit.emit(opcode, unit.add_to(unit.names, name))

    def new_block(self) -> Block:
        return self.unit.new_block()

    def use_next_block(self, block: Optional[Block] = None) -> Block:
        return self.unit.use_next_block(block)

    def next_block(self) -> Block:
        """NEXT_BLOCK: start a fresh block that follows the current one."""
        return self.unit.use_next_block()

    # -- names ------------------------------------------------------------------------------
    def nameop(self, name: str, ctx: str) -> None:
        """Load/Store/Del a name with the opcode its scope needs (compiler_nameop)."""
        unit = self.unit
        known = unit.name_ops[ctx]
        found = known.get(name)
        if found is not None and not self.do_not_emit:
            # CodeUnit.emit, inline
            if unit.lineno_set:
                unit.current.instrs.append([found[0], found[1], None, 0])
            else:
                unit.lineno_set = True
                unit.current.instrs.append([found[0], found[1], None, unit.lineno])
            return
        mangled = name if unit.private is None else mangle(unit.private, name)
        block = unit.scope
        is_function = block.type == FUNCTION_BLOCK
        scope = (block.symbols.get(mangled, 0) >> SCOPE_OFFSET) & SCOPE_MASK   # scope_of
        if scope == FREE or scope == CELL:
            if ctx == 'Load':
                opcode = op.LOAD_CLASSDEREF if unit.scope.type == CLASS_BLOCK else op.LOAD_DEREF
            else:
                opcode = op.STORE_DEREF if ctx == 'Store' else op.DELETE_DEREF
            table = unit.freevars if scope == FREE else unit.cellvars
            index = table.get(mangled)
            if index is None:
                raise SystemError('codegen: %s is not among the %s of %s' % (
                    mangled, 'freevars' if scope == FREE else 'cellvars', unit.name))
            if not self.do_not_emit:
                known[name] = (opcode, index)
                unit.emit(opcode, index)
            return
        if scope == LOCAL and is_function:
            if self.do_not_emit:
                return
            table = unit.varnames
            opcode = _FAST_OPS[ctx]
        else:
            if scope == GLOBAL_EXPLICIT or (scope == GLOBAL_IMPLICIT and is_function):
                opcode = _GLOBAL_OPS[ctx]
            else:
                opcode = _NAME_OPS[ctx]
            # compiler_add_o runs before compiler_addop_i: dead code still records the name.
            table = unit.names
        index = table.get(mangled)
        if index is None:
            index = table[mangled] = len(table)
        if not self.do_not_emit:
            known[name] = (opcode, index)
            unit.emit(opcode, index)

    # -- frame blocks -----------------------------------------------------------------------
    def push_fblock(self, block_type: str, block: Optional[Block],
                    exit: Optional[Block]) -> FrameBlock:
        """compiler_push_fblock."""
        if len(self.unit.fblocks) >= CO_MAXBLOCKS:
            raise self.error_without_location('too many statically nested blocks')
        info = FrameBlock(block_type, block, exit)
        self.unit.fblocks.append(info)
        return info

    def pop_fblock(self, block_type: str, block: Optional[Block]) -> None:
        """compiler_pop_fblock: pushes and pops must match."""
        info = self.unit.fblocks.pop()
        if info.type != block_type or info.block is not block:
            raise SystemError('codegen: frame block mismatch (%s != %s)' % (info.type, block_type))

    def unwind_fblock(self, info: FrameBlock, preserve_tos: bool) -> None:
        """Emit the code leaving one frame block early (compiler_unwind_fblock, 3.8)."""
        kind = info.type
        if kind == WHILE_LOOP:
            return
        if kind == FINALLY_END:
            info.exit = None
            self.emit(op.POP_FINALLY, int(preserve_tos))
            if preserve_tos:
                self.emit(op.ROT_TWO)
            self.emit(op.POP_TOP)
        elif kind == FOR_LOOP:
            if preserve_tos:
                self.emit(op.ROT_TWO)
            self.emit(op.POP_TOP)
        elif kind == EXCEPT:
            self.emit(op.POP_BLOCK)
        elif kind == FINALLY_TRY:
            self.emit(op.POP_BLOCK)
            self.emit_jump(op.CALL_FINALLY, info.exit)
        elif kind == FINALLY_TRY2:
            self.emit(op.POP_BLOCK)
            if preserve_tos:
                self.emit(op.ROT_TWO)
                self.emit(op.POP_TOP)
                self.emit_jump(op.CALL_FINALLY, info.exit)
            else:
                self.emit_jump(op.CALL_FINALLY, info.exit)
                self.emit(op.POP_TOP)
        elif kind == WITH or kind == ASYNC_WITH:
            self.emit(op.POP_BLOCK)
            if preserve_tos:
                self.emit(op.ROT_TWO)
            self.emit(op.BEGIN_FINALLY)
            self.emit(op.WITH_CLEANUP_START)
            if kind == ASYNC_WITH:
                self.emit_await()
            self.emit(op.WITH_CLEANUP_FINISH)
            self.emit(op.POP_FINALLY, 0)
        elif kind == HANDLER_CLEANUP:
            if preserve_tos:
                self.emit(op.ROT_FOUR)
            if info.exit is not None:
                self.emit(op.POP_BLOCK)
                self.emit(op.POP_EXCEPT)
                self.emit_jump(op.CALL_FINALLY, info.exit)
            else:
                self.emit(op.POP_EXCEPT)
        else:
            raise SystemError('codegen: unknown frame block %s' % kind)

    # -- errors and warnings ----------------------------------------------------------------
    def error(self, msg: str) -> SyntaxError:
        """A SyntaxError at the current line and column (compiler_error); raise it."""
        unit = self.unit
        return syntax_error(msg, self.filename, unit.lineno, unit.col_offset + 1)

    def error_without_location(self, msg: str) -> SyntaxError:
        """PyErr_SetString(PyExc_SyntaxError, msg): no filename, line or offset."""
        return SyntaxError(msg)

    def warn(self, msg: str) -> None:
        """A SyntaxWarning at the current line; an error when warnings are errors (compiler_warn)."""
        try:
            # (module and registry left out: passing None for them loses the warning)
            warnings.warn_explicit(msg, SyntaxWarning, self.filename, self.unit.lineno)
        except SyntaxWarning:
            raise self.error(msg) from None

    # -- scopes -----------------------------------------------------------------------------
    def enter_scope(self, name: str, scope_type: str, node: nodes.AST,
                    firstlineno: int) -> CompilerUnit:
        """Push a new code unit (compiler_enter_scope)."""
        scope = self.table.lookup(node)
        unit = CompilerUnit(name, scope, scope_type, firstlineno)
        unit.const_cache = self.const_cache
        for index, varname in enumerate(scope.varnames):
            unit.varnames.setdefault(varname, index)
        for index, cellname in enumerate(scope.cell_vars()):
            unit.cellvars[cellname] = index
        cells = len(unit.cellvars)
        for index, freename in enumerate(scope.free_vars()):
            unit.freevars[freename] = cells + index
        unit.private = self.unit.private if self.unit is not None else None
        if self.unit is not None:
            self.stack.append(self.unit)
        self.unit = unit
        self.nestlevel += 1
        if scope_type != SCOPE_MODULE:
            self.set_qualname()
        return unit

    def exit_scope(self) -> None:
        """Pop the current code unit (compiler_exit_scope)."""
        self.nestlevel -= 1
        self.unit.free()
        self.unit = self.stack.pop() if self.stack else None  # type: ignore[assignment]

    def set_qualname(self) -> None:
        """__qualname__ of the unit just entered (compiler_set_qualname)."""
        unit = self.unit
        base = None
        if len(self.stack) > 1:
            parent = self.stack[-1]
            force_global = False
            if unit.scope_type in (SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_CLASS):
                mangled = mangle(parent.private, unit.name)
                if parent.scope.scope_of(mangled) == GLOBAL_EXPLICIT:
                    force_global = True
            if not force_global:
                if parent.scope_type in (SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_LAMBDA):
                    base = parent.qualname + '.<locals>'
                else:
                    base = parent.qualname
        unit.qualname = base + '.' + unit.name if base is not None else unit.name

    def code_flags(self, unit: CompilerUnit) -> int:
        """co_flags of a unit (compute_code_flags)."""
        scope = unit.scope
        flags = 0
        if scope.type == FUNCTION_BLOCK:
            flags |= CO_NEWLOCALS | CO_OPTIMIZED
            if scope.nested:
                flags |= CO_NESTED
            if scope.is_generator and not scope.is_coroutine:
                flags |= CO_GENERATOR
            if not scope.is_generator and scope.is_coroutine:
                flags |= CO_COROUTINE
            if scope.is_generator and scope.is_coroutine:
                flags |= CO_ASYNC_GENERATOR
            if scope.has_varargs:
                flags |= CO_VARARGS
            if scope.has_varkeywords:
                flags |= CO_VARKEYWORDS
        if self.flags & PyCF_ALLOW_TOP_LEVEL_AWAIT and scope.is_coroutine and \
                not scope.is_generator:
            flags |= CO_COROUTINE
        return flags | (self.flags & PyCF_MASK)

    def assemble(self, add_none_return: bool) -> Optional[CodeType]:
        """Build the current unit's code object (assemble + makecode); None in dead code."""
        if self.do_not_emit:
            return None
        unit = self.unit
        unit.flags = self.code_flags(unit)
        return assemble(unit, self.filename, add_none_return)

    # -- module level -----------------------------------------------------------------------
    def compile_module(self, tree: nodes.AST) -> CodeType:
        """The code object of a Module, Interactive or Expression tree (compiler_mod)."""
        self.enter_scope('<module>', SCOPE_MODULE, tree, 0)
        add_none = True
        if isinstance(tree, nodes.Module):
            self.compile_body(tree.body)
        elif isinstance(tree, nodes.Interactive):
            if find_annotations(tree.body):
                self.emit(op.SETUP_ANNOTATIONS)
            self.interactive = True
            self.visit_stmts(tree.body)
        elif isinstance(tree, nodes.Expression):
            self.visit_expr(tree.body)
            add_none = False
        else:
            raise SystemError('codegen: module kind %s not implemented' % type(tree).__name__)
        code = self.assemble(add_none)
        self.exit_scope()
        return code

    def compile_body(self, body: List[nodes.AST]) -> None:
        """A module or class body: annotations setup, docstring, statements (compiler_body)."""
        unit = self.unit
        if unit.scope_type == SCOPE_MODULE and not unit.lineno and body:
            unit.lineno = body[0].lineno
        if find_annotations(body):
            self.emit(op.SETUP_ANNOTATIONS)
        if not body:
            return
        start = 0
        if self.optimize < 2:
            docstring = get_docstring(body)
            if docstring is not None:
                start = 1
                self.visit_expr(body[0].value)
                self.nameop('__doc__', 'Store')
        for statement in body[start:]:
            self.visit_stmt(statement)


_ANN_NESTED = {'For': ('body', 'orelse'), 'AsyncFor': ('body', 'orelse'),
               'While': ('body', 'orelse'), 'If': ('body', 'orelse'), 'With': ('body',),
               'AsyncWith': ('body',)}


def find_annotations(body: List[nodes.AST]) -> bool:
    """Does a body hold an annotated assignment outside nested scopes (find_ann)?"""
    pending = [body]
    while pending:
        for statement in pending.pop():
            kind = type(statement).__name__
            if kind == 'AnnAssign':
                return True
            if kind in _ANN_NESTED:
                pending.extend(getattr(statement, field) for field in _ANN_NESTED[kind])
            elif kind == 'Try':
                pending.extend(handler.body for handler in statement.handlers)
                pending.extend([statement.body, statement.finalbody, statement.orelse])
    return False


class Compiler(StatementsMixin, ExpressionsMixin, ScopesMixin, CodeGenerator):
    """The full code generator."""


def generate(tree: nodes.AST, table: SymbolTable, filename: str, future_flags: int,
             compile_flags: int = 0, optimize: int = 0, future_lineno: int = -1) -> CodeType:
    """Compile a Module/Interactive/Expression tree to its code object."""
    compiler = Compiler(table, filename, future_flags, compile_flags, optimize)
    compiler.future_lineno = future_lineno
    # The visitors recurse like compile.c's; nesting the symbol table accepted needs
    # about three Python frames per level.
    limit = sys.getrecursionlimit()
    if limit < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)
    if _pypyjit is not None:
        _pypyjit.set_param(max_unroll_recursion=0)
    try:
        code = compiler.compile_module(tree)
        code._pyc_facts = {
            'set_orders': compiler.set_orders,
            'interned_strs': frozenset(
                text for text, interned in compiler.str_origins.items() if interned),
            'unparsed_annotation': compiler.unparsed_annotation}
        return code
    finally:
        if limit < RECURSION_LIMIT:
            sys.setrecursionlimit(limit)
        if _pypyjit is not None:   # (the default: the VM's own traces are left as they were)
            _pypyjit.set_param(
                max_unroll_recursion=_pypyjit.defaults['max_unroll_recursion'])
