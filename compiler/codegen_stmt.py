"""Statement visitors of the code generator (compile.c's compiler_visit_stmt and friends)."""
from typing import Union
from ..parser import nodes
from . import opcodes as op
from .codegen_defs import (
    ASYNC_WITH, EXCEPT, FINALLY_END, FINALLY_TRY, FINALLY_TRY2, FOR_LOOP, HANDLER_CLEANUP,
    PyCF_ALLOW_TOP_LEVEL_AWAIT, SCOPE_ASYNC_FUNCTION, SCOPE_CLASS, SCOPE_MODULE, WHILE_LOOP,
    WITH)
from .symtable import FUNCTION_BLOCK, mangle

INPLACE_OPS = {
    nodes.Add: op.INPLACE_ADD, nodes.Sub: op.INPLACE_SUBTRACT, nodes.Mult: op.INPLACE_MULTIPLY,
    nodes.MatMult: op.INPLACE_MATRIX_MULTIPLY, nodes.Div: op.INPLACE_TRUE_DIVIDE,
    nodes.Mod: op.INPLACE_MODULO, nodes.Pow: op.INPLACE_POWER, nodes.LShift: op.INPLACE_LSHIFT,
    nodes.RShift: op.INPLACE_RSHIFT, nodes.BitOr: op.INPLACE_OR, nodes.BitXor: op.INPLACE_XOR,
    nodes.BitAnd: op.INPLACE_AND, nodes.FloorDiv: op.INPLACE_FLOOR_DIVIDE,
}

PyCmp_EXC_MATCH = 10


def expr_constant(node: nodes.AST) -> int:
    """1 / 0 for a constant true / false test, -1 otherwise (expr_constant)."""
    if isinstance(node, nodes.Constant):
        return 1 if node.value else 0
    return -1


class StatementsMixin:
    """compiler_visit_stmt's cases."""

    # -- simple statements ------------------------------------------------------------------
    def visit_Expr(self, node: nodes.Expr) -> None:
        # as compiler_visit_stmt_expr
        value = node.value
        if self.interactive and self.nestlevel <= 1:
            self.visit_expr(value)
            self.emit(op.PRINT_EXPR)
            return
        if isinstance(value, nodes.Constant):
            return  # a constant statement compiles to nothing
        self.visit_expr(value)
        self.emit(op.POP_TOP)

    def visit_Pass(self, node: nodes.Pass) -> None:
        pass

    def visit_Global(self, node: nodes.Global) -> None:
        pass

    def visit_Nonlocal(self, node: nodes.Nonlocal) -> None:
        pass

    def visit_Assign(self, node: nodes.Assign) -> None:
        self.visit_expr(node.value)
        last = len(node.targets) - 1
        for index, target in enumerate(node.targets):
            if index < last:
                self.emit(op.DUP_TOP)
            self.visit_expr(target)

    def visit_Delete(self, node: nodes.Delete) -> None:
        self.visit_exprs(node.targets)

    def visit_AugAssign(self, node: nodes.AugAssign) -> None:
        # as compiler_augassign
        target = node.target
        inplace = INPLACE_OPS[type(node.op)]
        if isinstance(target, nodes.Attribute):
            self.visit_attribute_target(target, 'AugLoad')
            self.visit_expr(node.value)
            self.emit(inplace)
            self.visit_attribute_target(target, 'AugStore')
        elif isinstance(target, nodes.Subscript):
            self.visit_subscript_target(target, 'AugLoad')
            self.visit_expr(node.value)
            self.emit(inplace)
            self.visit_subscript_target(target, 'AugStore')
        elif isinstance(target, nodes.Name):
            self.nameop(target.id, 'Load')
            self.visit_expr(node.value)
            self.emit(inplace)
            self.nameop(target.id, 'Store')
        else:
            raise SystemError('invalid node type (%s) for augmented assignment'
                              % type(target).__name__)

    def visit_AnnAssign(self, node: nodes.AnnAssign) -> None:
        # as compiler_annassign
        target = node.target
        if node.value is not None:
            self.visit_expr(node.value)
            self.visit_expr(target)
        if isinstance(target, nodes.Name):
            if node.simple and self.unit.scope_type in (SCOPE_MODULE, SCOPE_CLASS):
                self.visit_annotation(node.annotation)
                self.emit_name(op.LOAD_NAME, '__annotations__')
                self.load_const(mangle(self.unit.private, target.id))
                self.emit(op.STORE_SUBSCR)
        elif isinstance(target, nodes.Attribute):
            if node.value is None:
                self.check_ann_expr(target.value)
        elif isinstance(target, nodes.Subscript):
            if node.value is None:
                self.check_ann_expr(target.value)
                self.check_ann_subscr(target.slice)
        else:
            raise SystemError('invalid node type (%s) for annotated assignment'
                              % type(target).__name__)
        if not node.simple:
            # as check_annotation: evaluated (even under the annotations future)
            if self.unit.scope_type in (SCOPE_MODULE, SCOPE_CLASS):
                self.check_ann_expr(node.annotation)

    def check_ann_expr(self, node: nodes.AST) -> None:
        self.visit_expr(node)
        self.emit(op.POP_TOP)

    def check_ann_subscr(self, slice_node: nodes.AST) -> None:
        """Evaluate each part of an annotated subscript target's index (check_ann_subscr)."""
        if isinstance(slice_node, nodes.Index):
            self.check_ann_expr(slice_node.value)
        elif isinstance(slice_node, nodes.Slice):
            for part in (slice_node.lower, slice_node.upper, slice_node.step):
                if part is not None:
                    self.check_ann_expr(part)
        elif isinstance(slice_node, nodes.ExtSlice):
            for dim in slice_node.dims:
                if isinstance(dim, nodes.ExtSlice):
                    raise SystemError('extended slice invalid in nested slice')
                self.check_ann_subscr(dim)

    def visit_Raise(self, node: nodes.Raise) -> None:
        count = 0
        if node.exc is not None:
            self.visit_expr(node.exc)
            count += 1
            if node.cause is not None:
                self.visit_expr(node.cause)
                count += 1
        self.emit(op.RAISE_VARARGS, count)

    def visit_Assert(self, node: nodes.Assert) -> None:
        # as compiler_assert
        if self.optimize:
            return
        test = node.test
        if isinstance(test, nodes.Tuple) and test.elts:
            self.warn('assertion is always true, perhaps remove parentheses?')
        end = self.new_block()
        self.jump_if(test, end, True)
        self.emit_plain_name(op.LOAD_GLOBAL, 'AssertionError')
        if node.msg is not None:
            self.visit_expr(node.msg)
            self.emit(op.CALL_FUNCTION, 1)
        self.emit(op.RAISE_VARARGS, 1)
        self.use_next_block(end)

    # -- imports ----------------------------------------------------------------------------
    def visit_Import(self, node: nodes.Import) -> None:
        # as compiler_import
        for alias in node.names:
            self.load_const(0)
            self.load_const(None)
            self.emit_name(op.IMPORT_NAME, alias.name)
            if alias.asname:
                self.import_as(alias.name, alias.asname)
            else:
                self.nameop(alias.name.split('.', 1)[0], 'Store')

    def import_as(self, name: str, asname: str) -> None:
        """Bind `import a.b.c as d` through IMPORT_FROM of each part (compiler_import_as)."""
        parts = name.split('.')
        if len(parts) > 1:
            for index, attr in enumerate(parts[1:], 1):
                self.emit_plain_name(op.IMPORT_FROM, attr)
                if index == len(parts) - 1:
                    break
                self.emit(op.ROT_TWO)
                self.emit(op.POP_TOP)
            self.nameop(asname, 'Store')
            self.emit(op.POP_TOP)
            return
        self.nameop(asname, 'Store')

    def visit_ImportFrom(self, node: nodes.ImportFrom) -> None:
        # as compiler_from_import
        self.load_const(node.level or 0)
        names = tuple(alias.name for alias in node.names)
        if node.lineno > self.future_lineno and node.module == '__future__':
            raise self.error('from __future__ imports must occur at the beginning of the file')
        self.load_const(names)
        self.emit_name(op.IMPORT_NAME, node.module or '')
        for index, alias in enumerate(node.names):
            if index == 0 and alias.name.startswith('*'):
                self.emit(op.IMPORT_STAR)
                return
            self.emit_name(op.IMPORT_FROM, alias.name)
            self.nameop(alias.asname or alias.name, 'Store')
        self.emit(op.POP_TOP)

    # -- control flow -----------------------------------------------------------------------
    def visit_If(self, node: nodes.If) -> None:
        # as compiler_if
        end = self.new_block()
        constant = expr_constant(node.test)
        if constant == 0:
            self.do_not_emit += 1
            self.visit_stmts(node.body)
            self.do_not_emit -= 1
            if node.orelse:
                self.visit_stmts(node.orelse)
        elif constant == 1:
            self.visit_stmts(node.body)
            if node.orelse:
                self.do_not_emit += 1
                self.visit_stmts(node.orelse)
                self.do_not_emit -= 1
        else:
            following = self.new_block() if node.orelse else end
            self.jump_if(node.test, following, False)
            self.visit_stmts(node.body)
            if node.orelse:
                self.emit_jump(op.JUMP_FORWARD, end)
                self.use_next_block(following)
                self.visit_stmts(node.orelse)
        self.use_next_block(end)

    def visit_While(self, node: nodes.While) -> None:
        # as compiler_while
        constant = expr_constant(node.test)
        if constant == 0:
            self.do_not_emit += 1
            self.push_fblock(WHILE_LOOP, None, None)
            self.visit_stmts(node.body)
            self.pop_fblock(WHILE_LOOP, None)
            self.do_not_emit -= 1
            if node.orelse:
                self.visit_stmts(node.orelse)
            return
        loop = self.new_block()
        end = self.new_block()
        anchor = self.new_block() if constant == -1 else None
        self.use_next_block(loop)
        self.push_fblock(WHILE_LOOP, loop, end)
        if constant == -1:
            self.jump_if(node.test, anchor, False)
        self.visit_stmts(node.body)
        self.emit_jump(op.JUMP_ABSOLUTE, loop)
        if constant == -1:
            self.use_next_block(anchor)
        self.pop_fblock(WHILE_LOOP, loop)
        if node.orelse:
            self.visit_stmts(node.orelse)
        self.use_next_block(end)

    def visit_For(self, node: nodes.For) -> None:
        # as compiler_for
        start = self.new_block()
        cleanup = self.new_block()
        end = self.new_block()
        self.push_fblock(FOR_LOOP, start, end)
        self.visit_expr(node.iter)
        self.emit(op.GET_ITER)
        self.use_next_block(start)
        self.emit_jump(op.FOR_ITER, cleanup)
        self.visit_expr(node.target)
        self.visit_stmts(node.body)
        self.emit_jump(op.JUMP_ABSOLUTE, start)
        self.use_next_block(cleanup)
        self.pop_fblock(FOR_LOOP, start)
        self.visit_stmts(node.orelse)
        self.use_next_block(end)

    def check_async_allowed(self, what: str) -> None:
        """`async with` / `async for` need an async function (or top-level await)."""
        if self.flags & PyCF_ALLOW_TOP_LEVEL_AWAIT:
            self.unit.scope.is_coroutine = True
        elif self.unit.scope_type != SCOPE_ASYNC_FUNCTION:
            raise self.error("'%s' outside async function" % what)

    def visit_AsyncFor(self, node: nodes.AsyncFor) -> None:
        # as compiler_async_for
        self.check_async_allowed('async for')
        start = self.new_block()
        except_block = self.new_block()
        end = self.new_block()
        self.visit_expr(node.iter)
        self.emit(op.GET_AITER)
        self.use_next_block(start)
        self.push_fblock(FOR_LOOP, start, end)
        self.emit_jump(op.SETUP_FINALLY, except_block)
        self.emit(op.GET_ANEXT)
        self.load_const(None)
        self.emit(op.YIELD_FROM)
        self.emit(op.POP_BLOCK)
        self.visit_expr(node.target)
        self.visit_stmts(node.body)
        self.emit_jump(op.JUMP_ABSOLUTE, start)
        self.pop_fblock(FOR_LOOP, start)
        self.use_next_block(except_block)
        self.emit(op.END_ASYNC_FOR)
        self.visit_stmts(node.orelse)
        self.use_next_block(end)

    def visit_Return(self, node: nodes.Return) -> None:
        # as compiler_return
        value = node.value
        preserve_tos = value is not None and not isinstance(value, nodes.Constant)
        scope = self.unit.scope
        if scope.type != FUNCTION_BLOCK:
            raise self.error("'return' outside function")
        if value is not None and scope.is_coroutine and scope.is_generator:
            raise self.error("'return' with value in async generator")
        if preserve_tos:
            self.visit_expr(value)
        for info in reversed(self.unit.fblocks):
            self.unwind_fblock(info, preserve_tos)
        if value is None:
            self.load_const(None)
        elif not preserve_tos:
            self.visit_expr(value)
        self.emit(op.RETURN_VALUE)

    def visit_Break(self, node: nodes.Break) -> None:
        # as compiler_break
        for info in reversed(self.unit.fblocks):
            self.unwind_fblock(info, False)
            if info.type == WHILE_LOOP or info.type == FOR_LOOP:
                self.emit_jump(op.JUMP_ABSOLUTE, info.exit)
                return
        raise self.error("'break' outside loop")

    def visit_Continue(self, node: nodes.Continue) -> None:
        # as compiler_continue
        for info in reversed(self.unit.fblocks):
            if info.type == WHILE_LOOP or info.type == FOR_LOOP:
                self.emit_jump(op.JUMP_ABSOLUTE, info.block)
                return
            self.unwind_fblock(info, False)
        raise self.error("'continue' not properly in loop")

    # -- try --------------------------------------------------------------------------------
    def visit_Try(self, node: nodes.Try) -> None:
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_except(node)

    def try_finally(self, node: nodes.Try) -> None:
        """try/finally, compiling the finally body first to learn whether it
        breaks, continues or returns (compiler_try_finally, 3.8)."""
        unit = self.unit
        body = self.new_block()
        end = self.new_block()
        start = unit.current
        # `finally` block first.
        self.use_next_block(end)
        info = self.push_fblock(FINALLY_END, end, end)
        self.visit_stmts(node.finalbody)
        self.emit(op.END_FINALLY)
        break_finally = info.exit is None
        if break_finally:
            self.emit(op.POP_TOP)  # pops the placeholder pushed below
        self.pop_fblock(FINALLY_END, end)
        finally_last = unit.current
        unit.current = start
        start.next = None
        # `try` block.
        unit.lineno_set = False
        unit.lineno = node.lineno
        unit.col_offset = node.col_offset
        if break_finally:
            self.load_const(None)
        self.emit_jump(op.SETUP_FINALLY, end)
        self.use_next_block(body)
        kind = FINALLY_TRY2 if break_finally else FINALLY_TRY
        self.push_fblock(kind, body, end)
        if node.handlers:
            self.try_except(node)
        else:
            self.visit_stmts(node.body)
        self.emit(op.POP_BLOCK)
        self.emit(op.BEGIN_FINALLY)
        self.pop_fblock(kind, body)
        unit.current.next = end
        unit.current = finally_last

    def try_except(self, node: nodes.Try) -> None:
        """try/except/else (compiler_try_except, 3.8)."""
        unit = self.unit
        body = self.new_block()
        except_block = self.new_block()
        orelse = self.new_block()
        end = self.new_block()
        self.emit_jump(op.SETUP_FINALLY, except_block)
        self.use_next_block(body)
        self.push_fblock(EXCEPT, body, None)
        self.visit_stmts(node.body)
        self.emit(op.POP_BLOCK)
        self.pop_fblock(EXCEPT, body)
        self.emit_jump(op.JUMP_FORWARD, orelse)
        count = len(node.handlers)
        self.use_next_block(except_block)
        for index, handler in enumerate(node.handlers):
            if handler.type is None and index < count - 1:
                raise self.error("default 'except:' must be last")
            unit.lineno_set = False
            unit.lineno = handler.lineno
            unit.col_offset = handler.col_offset
            except_block = self.new_block()
            if handler.type is not None:
                self.emit(op.DUP_TOP)
                self.visit_expr(handler.type)
                self.emit(op.COMPARE_OP, PyCmp_EXC_MATCH)
                self.emit_jump(op.POP_JUMP_IF_FALSE, except_block)
            self.emit(op.POP_TOP)
            if handler.name:
                cleanup_end = self.new_block()
                cleanup_body = self.new_block()
                self.nameop(handler.name, 'Store')
                self.emit(op.POP_TOP)
                # try: body finally: name = None; del name
                self.emit_jump(op.SETUP_FINALLY, cleanup_end)
                self.use_next_block(cleanup_body)
                self.push_fblock(HANDLER_CLEANUP, cleanup_body, cleanup_end)
                self.visit_stmts(handler.body)
                self.pop_fblock(HANDLER_CLEANUP, cleanup_body)
                self.emit(op.POP_BLOCK)
                self.emit(op.BEGIN_FINALLY)
                self.use_next_block(cleanup_end)
                self.push_fblock(FINALLY_END, cleanup_end, None)
                self.load_const(None)
                self.nameop(handler.name, 'Store')
                self.nameop(handler.name, 'Del')
                self.emit(op.END_FINALLY)
                self.emit(op.POP_EXCEPT)
                self.pop_fblock(FINALLY_END, cleanup_end)
            else:
                cleanup_body = self.new_block()
                self.emit(op.POP_TOP)
                self.emit(op.POP_TOP)
                self.use_next_block(cleanup_body)
                self.push_fblock(HANDLER_CLEANUP, cleanup_body, None)
                self.visit_stmts(handler.body)
                self.pop_fblock(HANDLER_CLEANUP, cleanup_body)
                self.emit(op.POP_EXCEPT)
            self.emit_jump(op.JUMP_FORWARD, end)
            self.use_next_block(except_block)
        self.emit(op.END_FINALLY)
        self.use_next_block(orelse)
        self.visit_stmts(node.orelse)
        self.use_next_block(end)

    # -- with -------------------------------------------------------------------------------
    def visit_With(self, node: nodes.With) -> None:
        self.with_item(node, 0, is_async=False)

    def visit_AsyncWith(self, node: nodes.AsyncWith) -> None:
        self.with_item(node, 0, is_async=True)

    def with_item(self, node: Union[nodes.With, nodes.AsyncWith], position: int,
                  is_async: bool) -> None:
        """One `with` or `async with` item and everything inside it (compiler_with,
        compiler_async_with): the async form awaits __aenter__ and __aexit__."""
        item = node.items[position]
        if is_async:
            self.check_async_allowed('async with')
        block = self.new_block()
        finally_block = self.new_block()
        self.visit_expr(item.context_expr)
        if is_async:
            self.emit(op.BEFORE_ASYNC_WITH)
            self.emit_await()
            self.emit_jump(op.SETUP_ASYNC_WITH, finally_block)
        else:
            self.emit_jump(op.SETUP_WITH, finally_block)
        kind = ASYNC_WITH if is_async else WITH
        self.use_next_block(block)
        self.push_fblock(kind, block, finally_block)
        if item.optional_vars is not None:
            self.visit_expr(item.optional_vars)
        else:
            self.emit(op.POP_TOP)
        if position + 1 == len(node.items):
            self.visit_stmts(node.body)
        else:
            self.with_item(node, position + 1, is_async)
        self.emit(op.POP_BLOCK)
        self.emit(op.BEGIN_FINALLY)
        self.pop_fblock(kind, block)
        self.use_next_block(finally_block)
        self.push_fblock(FINALLY_END, finally_block, None)
        self.emit(op.WITH_CLEANUP_START)
        if is_async:
            self.emit_await()
        self.emit(op.WITH_CLEANUP_FINISH)
        self.emit(op.END_FINALLY)
        self.pop_fblock(FINALLY_END, finally_block)
