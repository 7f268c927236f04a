"""First half of the symbol table pass: record definitions and uses per block (symtable.c's visitors).

The walk is iterative: each visit returns the work still to do (nodes, lists of nodes,
or callables run in order), so deeply nested expressions cannot hit the recursion limit.
"""
from typing import List, Optional

from ..parser import nodes
from .symtable_analyze import analyze
from .symtable import (
    CLASS_BLOCK, COMPREHENSION_NAMES, DEF_ANNOT, DEF_COMP_ITER, DEF_GLOBAL, DEF_IMPORT,
    DEF_LOCAL, DEF_NONLOCAL, DEF_PARAM, DUPLICATE_ARGUMENT, FUNCTION_BLOCK, GLOBAL_AFTER_ASSIGN,
    GLOBAL_AFTER_USE, GLOBAL_ANNOT, GLOBAL_PARAM, IMPORT_STAR_WARNING, MODULE_BLOCK,
    NAMED_EXPR_COMP_CONFLICT, NAMED_EXPR_COMP_IN_CLASS, NAMED_EXPR_COMP_INNER_LOOP_CONFLICT,
    NAMED_EXPR_COMP_ITER_EXPR, NONLOCAL_AFTER_ASSIGN, NONLOCAL_AFTER_USE, NONLOCAL_ANNOT,
    NONLOCAL_PARAM, USE, YIELD_IN_COMPREHENSION, Scope, SymbolTable, mangle, syntax_error)


# 3.8 allows recursion_limit * COMPILER_STACK_FRAME_SCALE (1000 * 3) nested statement and
# expression visits, counted from the thread's recursion depth * 3 when compiling starts
# (PySymtable_BuildObject): 2 for compile() called from module-level code, 0 for the
# script or -c command the interpreter runs.
COMPILER_STACK_FRAME_SCALE = 3
COMPILER_RECURSION_LIMIT = 1000 * COMPILER_STACK_FRAME_SCALE
COMPILE_CALL_DEPTH = 2


class SymtableBuilder:
    """Walks one tree and fills a SymbolTable (struct symtable during symtable_visit_*)."""

    def __init__(self, filename: str, future_flags: int,
                 frame_depth: int = COMPILE_CALL_DEPTH) -> None:
        self.table = SymbolTable(filename, future_flags)
        self.max_nesting = COMPILER_RECURSION_LIMIT - frame_depth * COMPILER_STACK_FRAME_SCALE
        self.filename = filename
        self.stack = []  # type: List[Scope]
        self.current = None  # type: Optional[Scope]
        self.global_symbols = {}  # the module block's symbols (st_global)
        self.private = None  # type: Optional[str]  (name of the enclosing class, st_private)

    # -- driver --------------------------------------------------------------------------

    def build(self, tree: nodes.AST) -> SymbolTable:
        """Visit a Module, Interactive or Expression tree (PySymtable_BuildObject)."""
        self.enter_block('top', MODULE_BLOCK, tree, 0, 0)
        self.table.top = self.current
        kind = type(tree).__name__
        if kind in ('Module', 'Interactive'):
            self.run(tree.body)
        elif kind == 'Expression':
            self.run([tree.body])
        else:
            raise TypeError('symtable: unsupported tree %s' % kind)
        self.exit_block()
        return self.table

    def run(self, work: list) -> None:
        """Process work items in order: nodes are visited, lists expanded, callables called.

        Each item carries the nesting depth of its enclosing statement/expression, which
        3.8 limits (symtable_visit_stmt/expr's recursion_depth check).
        """
        pending = [(item, 0) for item in reversed(work)]
        pop, push = pending.pop, pending.append
        # node class -> (bound visit_ method, 1 for statements and expressions else 0);
        # anything else is a list to expand or a callable to run
        visitors = {list: None, type(None): None}
        max_nesting = self.max_nesting
        constant_node, name_node, load = nodes.Constant, nodes.Name, nodes.Load
        while pending:
            item, depth = pop()
            kind = type(item)
            if kind is name_node:
                # The commonest node, visited here: visit_Name and add_def for a name that
                # is not mangled, outside a comprehension's target (same order and flags).
                depth += 1
                if depth > max_nesting:
                    raise RecursionError('maximum recursion depth exceeded during compilation')
                name = item.id
                scope = self.current
                if scope.comp_iter_target or (self.private is not None and
                                              name.startswith('__')):
                    self.visit_Name(item)
                    continue
                symbols = scope.symbols
                if isinstance(item.ctx, load):
                    symbols[name] = symbols.get(name, 0) | USE
                    if name == 'super' and scope.type == FUNCTION_BLOCK:
                        self.add_def('__class__', USE)
                else:
                    symbols[name] = symbols.get(name, 0) | DEF_LOCAL
                continue
            visitor = visitors.get(kind, False)
            if visitor is False:
                visitor = visitors[kind] = self._visitor(kind)
            if visitor is None:
                if item is not None:   # a list
                    for element in reversed(item):
                        push((element, depth))
                continue
            function, nests = visitor
            if nests:
                depth += 1
                if depth > max_nesting:
                    raise RecursionError('maximum recursion depth exceeded during compilation')
            more = function(item)
            if more:
                # Lists are opened and None dropped here already, one level deep (the
                # loop above takes deeper ones); constants, which have nothing to visit,
                # are dropped unless they would be one level too deep.
                for element in reversed(more):
                    kind = type(element)
                    if kind is list:
                        for inner in reversed(element):
                            if inner is not None and (type(inner) is not constant_node or
                                                      depth >= max_nesting):
                                push((inner, depth))
                    elif element is not None and (kind is not constant_node or
                                                  depth >= max_nesting):
                        push((element, depth))

    def _visitor(self, kind: type) -> tuple:
        """(what to call on a work item of this class, whether it counts as a nesting level)."""
        if not issubclass(kind, nodes.AST):
            if issubclass(kind, list):
                return None
            return (lambda item: item()), 0
        visitor = getattr(self, 'visit_' + kind.__name__, None)
        if visitor is None:
            raise TypeError('symtable: unexpected node %s' % kind.__name__)
        return visitor, int(issubclass(kind, (nodes.stmt, nodes.expr)))

    # -- blocks and definitions ----------------------------------------------------------

    def enter_block(self, name: str, block_type: str, node: nodes.AST, lineno: int,
                    col_offset: int) -> None:
        """Open a new block as a child of the current one (symtable_enter_block)."""
        previous = self.current
        nested = previous is not None and (previous.nested or
                                           previous.type == FUNCTION_BLOCK)
        scope = Scope(name, block_type, node, lineno, col_offset, nested)
        self.stack.append(scope)
        if previous is not None:
            # bpo-37757: no walrus anywhere inside an outermost comprehension iterable.
            scope.comp_iter_expr = previous.comp_iter_expr
            previous.children.append(scope)
        self.current = scope
        if block_type == MODULE_BLOCK:
            self.global_symbols = scope.symbols
        self.table._blocks[id(node)] = scope

    def exit_block(self) -> None:
        """Return to the enclosing block (symtable_exit_block)."""
        self.stack.pop()
        self.current = self.stack[-1] if self.stack else None

    def error(self, msg: str, lineno: int, offset: int) -> SyntaxError:
        return syntax_error(msg, self.filename, lineno, offset)

    def add_def(self, name: str, flag: int, scope: Optional[Scope] = None) -> None:
        """Record `flag` for `name` in `scope` (symtable_add_def_helper)."""
        if scope is None:
            scope = self.current
        mangled = name if self.private is None else mangle(self.private, name)
        value = scope.symbols.get(mangled)
        if value is not None:
            if flag & DEF_PARAM and value & DEF_PARAM:
                raise self.error(DUPLICATE_ARGUMENT % name, self.current.lineno,
                                 self.current.col_offset + 1)
            value |= flag
        else:
            value = flag
        if scope.comp_iter_target:
            # An iteration variable: it may not be a walrus target of this comprehension.
            if value & (DEF_GLOBAL | DEF_NONLOCAL):
                raise self.error(NAMED_EXPR_COMP_INNER_LOOP_CONFLICT % name,
                                 self.current.lineno, self.current.col_offset + 1)
            value |= DEF_COMP_ITER
        scope.symbols[mangled] = value
        if flag & DEF_PARAM:
            scope.varnames.append(mangled)
        elif flag & DEF_GLOBAL:
            self.global_symbols[mangled] = flag | self.global_symbols.get(mangled, 0)

    def lookup(self, name: str) -> int:
        """Flags recorded so far for `name` in the current block (symtable_lookup)."""
        return self.current.symbols.get(mangle(self.private, name), 0)

    def record_directive(self, name: str, lineno: int, col_offset: int) -> None:
        """Remember where a global/nonlocal came from, for errors found later."""
        self.current.directives.append((mangle(self.private, name), lineno, col_offset))

    # -- statements ----------------------------------------------------------------------

    def visit_FunctionDef(self, node: nodes.AST) -> list:
        """Name, defaults, annotations and decorators here; parameters and body inside."""
        self.add_def(node.name, DEF_LOCAL)
        args = node.args

        def enter() -> None:
            self.enter_block(node.name, FUNCTION_BLOCK, node, node.lineno, node.col_offset)
            if isinstance(node, nodes.AsyncFunctionDef):
                self.current.is_coroutine = True
            self.visit_arguments(args)
        return [args.defaults, args.kw_defaults, self.annotations(args, node.returns),
                node.decorator_list, enter, node.body, self.exit_block]

    visit_AsyncFunctionDef = visit_FunctionDef

    def mark_coroutine(self) -> None:
        self.current.is_coroutine = True

    def annotations(self, args: nodes.AST, returns: Optional[nodes.AST]) -> list:
        """Annotation expressions in symtable_visit_annotations' order."""
        work = [arg.annotation for arg in args.posonlyargs]
        work += [arg.annotation for arg in args.args]
        if args.vararg is not None:
            work.append(args.vararg.annotation)
        if args.kwarg is not None:
            work.append(args.kwarg.annotation)
        work += [arg.annotation for arg in args.kwonlyargs]
        work.append(returns)
        return work

    def visit_arguments(self, args: nodes.AST) -> None:
        """Parameters in co_varnames order (symtable_visit_arguments)."""
        for arg in args.posonlyargs + args.args + args.kwonlyargs:
            self.add_def(arg.arg, DEF_PARAM)
        if args.vararg is not None:
            self.add_def(args.vararg.arg, DEF_PARAM)
            self.current.has_varargs = True
        if args.kwarg is not None:
            self.add_def(args.kwarg.arg, DEF_PARAM)
            self.current.has_varkeywords = True

    def visit_ClassDef(self, node: nodes.AST) -> list:
        self.add_def(node.name, DEF_LOCAL)
        enclosing_private = self.private

        def enter() -> None:
            self.enter_block(node.name, CLASS_BLOCK, node, node.lineno, node.col_offset)
            self.private = node.name

        def leave() -> None:
            self.private = enclosing_private
            self.exit_block()
        return [node.bases, [keyword.value for keyword in node.keywords],
                node.decorator_list, enter, node.body, leave]

    def visit_Return(self, node: nodes.AST) -> list:
        if node.value is not None:
            self.current.returns_value = True
            return [node.value]
        return []

    def visit_Delete(self, node: nodes.AST) -> list:
        return [node.targets]

    def visit_Assign(self, node: nodes.AST) -> list:
        return [node.targets, node.value]

    def visit_AnnAssign(self, node: nodes.AST) -> list:
        target = node.target
        work = []  # type: list
        if isinstance(target, nodes.Name):
            flags = self.lookup(target.id)
            if (flags & (DEF_GLOBAL | DEF_NONLOCAL) and
                    self.current.symbols is not self.global_symbols and node.simple):
                msg = GLOBAL_ANNOT if flags & DEF_GLOBAL else NONLOCAL_ANNOT
                raise self.error(msg % target.id, node.lineno, node.col_offset + 1)
            if node.simple:
                self.add_def(target.id, DEF_ANNOT | DEF_LOCAL)
            if node.value is not None:
                self.add_def(target.id, DEF_LOCAL)
        else:
            work.append(target)
        return work + [node.annotation, node.value]

    def visit_AugAssign(self, node: nodes.AST) -> list:
        return [node.target, node.value]

    def visit_For(self, node: nodes.AST) -> list:
        return [node.target, node.iter, node.body, node.orelse]

    visit_AsyncFor = visit_For

    def visit_While(self, node: nodes.AST) -> list:
        return [node.test, node.body, node.orelse]

    visit_If = visit_While

    def visit_Raise(self, node: nodes.AST) -> list:
        return [node.exc, node.cause]

    def visit_Try(self, node: nodes.AST) -> list:
        return [node.body, node.orelse, node.handlers, node.finalbody]

    def visit_ExceptHandler(self, node: nodes.AST) -> list:
        work = [node.type]  # type: list
        if node.name is not None:
            work.append(lambda: self.add_def(node.name, DEF_LOCAL))
        return work + [node.body]

    def visit_Assert(self, node: nodes.AST) -> list:
        return [node.test, node.msg]

    def visit_Import(self, node: nodes.AST) -> list:
        return [node.names]

    visit_ImportFrom = visit_Import

    def visit_alias(self, node: nodes.AST) -> None:
        """Bind the name an import stores (symtable_visit_alias)."""
        name = node.asname if node.asname is not None else node.name
        if name == '*':
            scope = self.current
            if scope.type != MODULE_BLOCK:
                raise self.error(IMPORT_STAR_WARNING, scope.lineno, scope.col_offset + 1)
            return
        self.add_def(name.partition('.')[0], DEF_IMPORT)

    def visit_Global(self, node: nodes.AST) -> None:
        self.declare(node, DEF_GLOBAL, (GLOBAL_PARAM, GLOBAL_AFTER_USE, GLOBAL_ANNOT,
                                        GLOBAL_AFTER_ASSIGN))

    def visit_Nonlocal(self, node: nodes.AST) -> None:
        self.declare(node, DEF_NONLOCAL, (NONLOCAL_PARAM, NONLOCAL_AFTER_USE, NONLOCAL_ANNOT,
                                          NONLOCAL_AFTER_ASSIGN))

    def declare(self, node: nodes.AST, flag: int, messages: tuple) -> None:
        """A global or nonlocal statement, with 3.8's ordering errors."""
        param, after_use, annotated, after_assign = messages
        for name in node.names:
            flags = self.lookup(name)
            if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT):
                if flags & DEF_PARAM:
                    msg = param
                elif flags & USE:
                    msg = after_use
                elif flags & DEF_ANNOT:
                    msg = annotated
                else:
                    msg = after_assign
                raise self.error(msg % name, node.lineno, node.col_offset + 1)
            self.add_def(name, flag)
            self.record_directive(name, node.lineno, node.col_offset)

    def visit_Expr(self, node: nodes.AST) -> list:
        return [node.value]

    def visit_Pass(self, node: nodes.AST) -> None:
        return None

    visit_Break = visit_Continue = visit_Pass

    def visit_With(self, node: nodes.AST) -> list:
        return [[[item.context_expr, item.optional_vars] for item in node.items], node.body]

    visit_AsyncWith = visit_With

    # -- expressions ---------------------------------------------------------------------

    def visit_NamedExpr(self, node: nodes.AST) -> list:
        """symtable_handle_namedexpr."""
        if self.current.comp_iter_expr > 0:
            raise self.error(NAMED_EXPR_COMP_ITER_EXPR, node.lineno, node.col_offset)
        if self.current.is_comprehension:
            self.extend_namedexpr_scope(node.target)
        return [node.value, node.target]

    def extend_namedexpr_scope(self, target: nodes.AST) -> None:
        """Bind a walrus target inside a comprehension in the enclosing function or module."""
        name = target.id
        for scope in reversed(self.stack):
            if scope.is_comprehension:
                if scope.symbols.get(mangle(self.private, name), 0) & DEF_COMP_ITER:
                    raise self.error(NAMED_EXPR_COMP_CONFLICT % name, target.lineno,
                                     target.col_offset)
                continue
            if scope.type == FUNCTION_BLOCK:
                if scope.symbols.get(mangle(self.private, name), 0) & DEF_GLOBAL:
                    self.add_def(name, DEF_GLOBAL)
                else:
                    self.add_def(name, DEF_NONLOCAL)
                self.record_directive(name, target.lineno, target.col_offset)
                self.add_def(name, DEF_LOCAL, scope)
                return
            if scope.type == MODULE_BLOCK:
                self.add_def(name, DEF_GLOBAL)
                self.record_directive(name, target.lineno, target.col_offset)
                self.add_def(name, DEF_GLOBAL, scope)
                return
            if scope.type == CLASS_BLOCK:
                raise self.error(NAMED_EXPR_COMP_IN_CLASS, target.lineno, target.col_offset)
        raise RuntimeError('symtable: walrus target found no enclosing block')

    def visit_BoolOp(self, node: nodes.AST) -> list:
        return [node.values]

    def visit_BinOp(self, node: nodes.AST) -> list:
        return [node.left, node.right]

    def visit_UnaryOp(self, node: nodes.AST) -> list:
        return [node.operand]

    def visit_Lambda(self, node: nodes.AST) -> list:
        args = node.args

        def enter() -> None:
            self.enter_block('lambda', FUNCTION_BLOCK, node, node.lineno, node.col_offset)
        return [args.defaults, args.kw_defaults, enter, lambda: self.visit_arguments(args),
                node.body, self.exit_block]

    def visit_IfExp(self, node: nodes.AST) -> list:
        return [node.test, node.body, node.orelse]

    def visit_Dict(self, node: nodes.AST) -> list:
        return [node.keys, node.values]

    def visit_Set(self, node: nodes.AST) -> list:
        return [node.elts]

    def visit_ListComp(self, node: nodes.AST) -> list:
        return self.comprehension(node, node.elt, None)

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: nodes.AST) -> list:
        return self.comprehension(node, node.key, node.value)

    def comprehension(self, node: nodes.AST, element: nodes.AST,
                      value: Optional[nodes.AST]) -> list:
        """A comprehension's own function block (symtable_handle_comprehension)."""
        kind = type(node).__name__
        generators = node.generators
        outermost = generators[0]
        work = [self.iter_expr(outermost.iter)]  # evaluated in the enclosing block

        def enter() -> None:
            self.enter_block(COMPREHENSION_NAMES[kind], FUNCTION_BLOCK, node, node.lineno,
                             node.col_offset)
            scope = self.current
            if outermost.is_async:
                scope.is_coroutine = True
            scope.is_comprehension = True
            self.add_def('.0', DEF_PARAM)  # the outermost iterator arrives as an argument

        def leave() -> None:
            scope = self.current
            if scope.is_generator:
                raise self.error(YIELD_IN_COMPREHENSION[kind], scope.lineno,
                                 scope.col_offset + 1)
            scope.is_generator = kind == 'GeneratorExp'
            self.exit_block()

        work += [enter, self.iter_target(outermost.target), outermost.ifs]
        for generator in generators[1:]:
            work += [self.iter_target(generator.target), self.iter_expr(generator.iter),
                     generator.ifs]
            if generator.is_async:
                work.append(self.mark_coroutine)
        return work + [value, element, leave]

    def iter_target(self, target: nodes.AST) -> list:
        """Visit a comprehension's iteration target, marking its names DEF_COMP_ITER."""
        def start() -> None:
            self.current.comp_iter_target = True

        def stop() -> None:
            self.current.comp_iter_target = False
        return [start, target, stop]

    def iter_expr(self, iterable: nodes.AST) -> list:
        """Visit a comprehension iterable, where walrus is forbidden."""
        def start() -> None:
            self.current.comp_iter_expr += 1

        def stop() -> None:
            self.current.comp_iter_expr -= 1
        return [start, iterable, stop]

    def visit_Yield(self, node: nodes.AST) -> list:
        self.current.is_generator = True
        return [node.value]

    visit_YieldFrom = visit_Yield

    def visit_Await(self, node: nodes.AST) -> list:
        self.current.is_coroutine = True
        return [node.value]

    def visit_Compare(self, node: nodes.AST) -> list:
        return [node.left, node.comparators]

    def visit_Call(self, node: nodes.AST) -> list:
        keywords = node.keywords
        if not keywords:        # the common case: no comprehension's frame to make
            return [node.func, node.args]
        return [node.func, node.args, [keyword.value for keyword in keywords]]

    def visit_FormattedValue(self, node: nodes.AST) -> list:
        return [node.value, node.format_spec]

    def visit_JoinedStr(self, node: nodes.AST) -> list:
        return [node.values]

    def visit_Constant(self, node: nodes.AST) -> None:
        return None

    def visit_Attribute(self, node: nodes.AST) -> list:
        return [node.value]

    def visit_Subscript(self, node: nodes.AST) -> list:
        return [node.value, node.slice]

    def visit_Starred(self, node: nodes.AST) -> list:
        return [node.value]

    def visit_Name(self, node: nodes.AST) -> None:
        load = isinstance(node.ctx, nodes.Load)
        self.add_def(node.id, USE if load else DEF_LOCAL)
        # super() needs the implicit __class__ cell: count it as a use of __class__.
        if load and self.current.type == FUNCTION_BLOCK and node.id == 'super':
            self.add_def('__class__', USE)

    def visit_List(self, node: nodes.AST) -> list:
        return [node.elts]

    visit_Tuple = visit_List

    def visit_Slice(self, node: nodes.AST) -> list:
        return [node.lower, node.upper, node.step]

    def visit_ExtSlice(self, node: nodes.AST) -> list:
        return [node.dims]

    def visit_Index(self, node: nodes.AST) -> list:
        return [node.value]


def build_symtable(tree: nodes.AST, filename: str = '<unknown>',
                   future_flags: int = 0, frame_depth: int = COMPILE_CALL_DEPTH) -> SymbolTable:
    """Build and analyse the symbol table of a Module/Expression/Interactive tree;
    `frame_depth` is 3.8's thread recursion depth when compiling starts (its nesting limit)."""
    table = SymtableBuilder(filename, future_flags, frame_depth).build(tree)
    analyze(table)
    return table
