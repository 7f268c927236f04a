"""Code generation of nested code objects: functions, lambdas, classes, comprehensions
(compile.c's compiler_function, compiler_lambda, compiler_class, compiler_comprehension)."""
from typing import List, Optional

from ..parser import nodes
from . import opcodes as op
from .codegen_defs import (
    SCOPE_ASYNC_FUNCTION, SCOPE_CLASS, SCOPE_COMPREHENSION, SCOPE_FUNCTION, SCOPE_LAMBDA,
    get_docstring)
from .symtable import CELL, mangle

COMP_GENEXP, COMP_LISTCOMP, COMP_SETCOMP, COMP_DICTCOMP = 'genexp', 'listcomp', 'setcomp', \
    'dictcomp'


class ScopesMixin:
    """Visitors that open a new code unit."""

    # -- shared -----------------------------------------------------------------------------
    def make_closure(self, code, flags: int, qualname: Optional[str]) -> None:
        """Push the function object for `code` (compiler_make_closure)."""
        if code is None:  # dead code: nothing was assembled, nothing is emitted
            return
        if qualname is None:
            qualname = code.co_name
        unit = self.unit
        if code.co_freevars:
            for name in code.co_freevars:
                # as get_ref_type: a class's implicit __class__ is always its cell
                if unit.scope_type == SCOPE_CLASS and name == '__class__':
                    reftype = CELL
                else:
                    reftype = unit.scope.scope_of(name)
                table = unit.cellvars if reftype == CELL else unit.freevars
                index = table.get(name)
                if index is None:
                    raise SystemError('lookup %s in %s %s failed' % (
                        name, unit.name, 'cellvars' if reftype == CELL else 'freevars'))
                self.emit(op.LOAD_CLOSURE, index)
            flags |= op.MAKE_CLOSURE
            self.emit(op.BUILD_TUPLE, len(code.co_freevars))
        self.load_const(code)
        if '.' in qualname and not self.do_not_emit:
            self.note_strings(qualname, False)    # a new string, not an identifier
        self.load_const(qualname)
        self.emit(op.MAKE_FUNCTION, flags)

    def visit_decorators(self, decorators: List[nodes.AST]) -> None:
        self.visit_exprs(decorators)

    def default_arguments(self, args: nodes.arguments) -> int:
        """Push defaults and keyword-only defaults; MAKE_FUNCTION flags (compiler_default_arguments)."""
        flags = 0
        if args.defaults:
            self.visit_exprs(args.defaults)
            self.emit(op.BUILD_TUPLE, len(args.defaults))
            flags |= op.MAKE_DEFAULTS
        if args.kwonlyargs:
            keys = []
            for arg, default in zip(args.kwonlyargs, args.kw_defaults):
                if default is not None:
                    keys.append(mangle(self.unit.private, arg.arg))
                    self.visit_expr(default)
            if keys:
                self.load_const(tuple(keys))
                self.emit(op.BUILD_CONST_KEY_MAP, len(keys))
                flags |= op.MAKE_KWDEFAULTS
        return flags

    def visit_annotations(self, args: nodes.arguments, returns: Optional[nodes.AST]) -> bool:
        """Push the annotations map; True when one was pushed (compiler_visit_annotations).
        3.8 visits args before posonlyargs."""
        names: List[str] = []

        def annotate(name: str, annotation: Optional[nodes.AST]) -> None:
            if annotation is not None:
                self.visit_annotation(annotation)
                names.append(mangle(self.unit.private, name))

        for arg in args.args:
            annotate(arg.arg, arg.annotation)
        for arg in args.posonlyargs:
            annotate(arg.arg, arg.annotation)
        if args.vararg is not None:
            annotate(args.vararg.arg, args.vararg.annotation)
        for arg in args.kwonlyargs:
            annotate(arg.arg, arg.annotation)
        if args.kwarg is not None:
            annotate(args.kwarg.arg, args.kwarg.annotation)
        annotate('return', returns)
        if names:
            self.load_const(tuple(names))
            self.emit(op.BUILD_CONST_KEY_MAP, len(names))
            return True
        return False

    # -- functions --------------------------------------------------------------------------
    def visit_FunctionDef(self, node: nodes.FunctionDef) -> None:
        self.function(node, SCOPE_FUNCTION)

    def visit_AsyncFunctionDef(self, node: nodes.AsyncFunctionDef) -> None:
        self.function(node, SCOPE_ASYNC_FUNCTION)

    def function(self, node: nodes.AST, scope_type: str) -> None:
        """def / async def (compiler_function)."""
        self.visit_decorators(node.decorator_list)
        firstlineno = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        args = node.args
        flags = self.default_arguments(args)
        if self.visit_annotations(args, node.returns):
            flags |= op.MAKE_ANNOTATIONS
        unit = self.enter_scope(node.name, scope_type, node, firstlineno)
        docstring = get_docstring(node.body) if self.optimize < 2 else None
        self.note_strings(docstring, False)
        unit.add_const(docstring)
        unit.argcount = len(args.args)
        unit.posonlyargcount = len(args.posonlyargs)
        unit.kwonlyargcount = len(args.kwonlyargs)
        self.visit_stmts(node.body)
        code = self.assemble(True)
        qualname = unit.qualname
        self.exit_scope()
        self.make_closure(code, flags, qualname)
        for _ in node.decorator_list:
            self.emit(op.CALL_FUNCTION, 1)
        self.nameop(node.name, 'Store')

    def visit_Lambda(self, node: nodes.Lambda) -> None:
        # as compiler_lambda
        args = node.args
        flags = self.default_arguments(args)
        unit = self.enter_scope('<lambda>', SCOPE_LAMBDA, node, node.lineno)
        unit.add_const(None)  # None first: a lambda has no docstring
        unit.argcount = len(args.args)
        unit.posonlyargcount = len(args.posonlyargs)
        unit.kwonlyargcount = len(args.kwonlyargs)
        self.visit_expr(node.body)
        if unit.scope.is_generator:
            code = self.assemble(False)
        else:
            self.emit(op.RETURN_VALUE)
            code = self.assemble(True)
        qualname = unit.qualname
        self.exit_scope()
        self.make_closure(code, flags, qualname)

    # -- classes ----------------------------------------------------------------------------
    def visit_ClassDef(self, node: nodes.ClassDef) -> None:
        # as compiler_class
        self.visit_decorators(node.decorator_list)
        firstlineno = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        unit = self.enter_scope(node.name, SCOPE_CLASS, node, firstlineno)
        unit.private = node.name
        self.nameop('__name__', 'Load')
        self.nameop('__module__', 'Store')
        if '.' in unit.qualname:
            self.note_strings(unit.qualname, False)
        self.load_const(unit.qualname)
        self.nameop('__qualname__', 'Store')
        self.compile_body(node.body)
        if unit.scope.needs_class_closure:
            self.emit(op.LOAD_CLOSURE, unit.cellvars['__class__'])
            self.emit(op.DUP_TOP)
            self.nameop('__classcell__', 'Store')
        else:
            self.load_const(None)
        self.emit(op.RETURN_VALUE)
        code = self.assemble(True)
        self.exit_scope()
        self.emit(op.LOAD_BUILD_CLASS)
        self.make_closure(code, 0, None)
        self.load_const(node.name)
        self.call_helper(2, node.bases, node.keywords)
        for _ in node.decorator_list:
            self.emit(op.CALL_FUNCTION, 1)
        self.nameop(node.name, 'Store')

    # -- comprehensions ---------------------------------------------------------------------
    def visit_GeneratorExp(self, node: nodes.GeneratorExp) -> None:
        self.comprehension(node, COMP_GENEXP, '<genexpr>', node.elt, None)

    def visit_ListComp(self, node: nodes.ListComp) -> None:
        self.comprehension(node, COMP_LISTCOMP, '<listcomp>', node.elt, None)

    def visit_SetComp(self, node: nodes.SetComp) -> None:
        self.comprehension(node, COMP_SETCOMP, '<setcomp>', node.elt, None)

    def visit_DictComp(self, node: nodes.DictComp) -> None:
        self.comprehension(node, COMP_DICTCOMP, '<dictcomp>', node.key, node.value)

    def comprehension(self, node: nodes.AST, kind: str, name: str, elt: nodes.AST,
                      value: Optional[nodes.AST]) -> None:
        """A comprehension as a nested function called on the outermost iterator
        (compiler_comprehension)."""
        is_async_function = self.unit.scope.is_coroutine
        outermost = node.generators[0]
        unit = self.enter_scope(name, SCOPE_COMPREHENSION, node, node.lineno)
        is_async_generator = unit.scope.is_coroutine
        if is_async_generator and not is_async_function and kind != COMP_GENEXP:
            raise self.error('asynchronous comprehension outside of an asynchronous function')
        if kind == COMP_LISTCOMP:
            self.emit(op.BUILD_LIST, 0)
        elif kind == COMP_SETCOMP:
            self.emit(op.BUILD_SET, 0)
        elif kind == COMP_DICTCOMP:
            self.emit(op.BUILD_MAP, 0)
        self.comprehension_generator(node.generators, 0, elt, value, kind)
        if kind != COMP_GENEXP:
            self.emit(op.RETURN_VALUE)
        code = self.assemble(True)
        qualname = unit.qualname
        self.exit_scope()
        self.make_closure(code, 0, qualname)
        self.visit_expr(outermost.iter)
        self.emit(op.GET_AITER if outermost.is_async else op.GET_ITER)
        self.emit(op.CALL_FUNCTION, 1)
        if is_async_generator and kind != COMP_GENEXP:
            self.emit_await()

    def comprehension_generator(self, generators: List[nodes.comprehension], index: int,
                                elt: nodes.AST, value: Optional[nodes.AST], kind: str) -> None:
        if generators[index].is_async:
            self.async_comprehension_generator(generators, index, elt, value, kind)
        else:
            self.sync_comprehension_generator(generators, index, elt, value, kind)

    def comprehension_element(self, depth: int, elt: nodes.AST, value: Optional[nodes.AST],
                              kind: str) -> None:
        """Yield or append one element; `depth` is the number of loops around it."""
        if kind == COMP_GENEXP:
            self.visit_expr(elt)
            self.emit(op.YIELD_VALUE)
            self.emit(op.POP_TOP)
        elif kind == COMP_LISTCOMP:
            self.visit_expr(elt)
            self.emit(op.LIST_APPEND, depth + 1)
        elif kind == COMP_SETCOMP:
            self.visit_expr(elt)
            self.emit(op.SET_ADD, depth + 1)
        else:
            # 3.8 evaluates the key before the value
            self.visit_expr(elt)
            self.visit_expr(value)
            self.emit(op.MAP_ADD, depth + 1)

    def sync_comprehension_generator(self, generators: List[nodes.comprehension], index: int,
                                     elt: nodes.AST, value: Optional[nodes.AST],
                                     kind: str) -> None:
        # as compiler_sync_comprehension_generator
        start = self.new_block()
        skip = self.new_block()
        if_cleanup = self.new_block()
        anchor = self.new_block()
        generator = generators[index]
        if index == 0:
            self.unit.argcount = 1
            self.emit(op.LOAD_FAST, 0)
        else:
            self.visit_expr(generator.iter)
            self.emit(op.GET_ITER)
        self.use_next_block(start)
        self.emit_jump(op.FOR_ITER, anchor)
        self.next_block()
        self.visit_expr(generator.target)
        for condition in generator.ifs:
            self.jump_if(condition, if_cleanup, False)
            self.next_block()
        index += 1
        if index < len(generators):
            self.comprehension_generator(generators, index, elt, value, kind)
        if index >= len(generators):
            self.comprehension_element(index, elt, value, kind)
            self.use_next_block(skip)
        self.use_next_block(if_cleanup)
        self.emit_jump(op.JUMP_ABSOLUTE, start)
        self.use_next_block(anchor)

    def async_comprehension_generator(self, generators: List[nodes.comprehension], index: int,
                                      elt: nodes.AST, value: Optional[nodes.AST],
                                      kind: str) -> None:
        # as compiler_async_comprehension_generator
        start = self.new_block()
        except_block = self.new_block()
        if_cleanup = self.new_block()
        generator = generators[index]
        if index == 0:
            self.unit.argcount = 1
            self.emit(op.LOAD_FAST, 0)
        else:
            self.visit_expr(generator.iter)
            self.emit(op.GET_AITER)
        self.use_next_block(start)
        self.emit_jump(op.SETUP_FINALLY, except_block)
        self.emit(op.GET_ANEXT)
        self.load_const(None)
        self.emit(op.YIELD_FROM)
        self.emit(op.POP_BLOCK)
        self.visit_expr(generator.target)
        for condition in generator.ifs:
            self.jump_if(condition, if_cleanup, False)
            self.next_block()
        index += 1
        if index < len(generators):
            self.comprehension_generator(generators, index, elt, value, kind)
        if index >= len(generators):
            self.comprehension_element(index, elt, value, kind)
        self.use_next_block(if_cleanup)
        self.emit_jump(op.JUMP_ABSOLUTE, start)
        self.use_next_block(except_block)
        self.emit(op.END_ASYNC_FOR)
