"""Expression visitors of the code generator (compile.c's compiler_visit_expr1 and helpers)."""
from typing import Any, List, Optional

from ..parser import nodes
from . import opcodes as op
from .opcodes import LOAD_CONST
from .codegen_defs import PyCF_ALLOW_TOP_LEVEL_AWAIT, SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION
from .code import CO_FUTURE_ANNOTATIONS
from .marshal_refs import constant_key
from .symtable import FUNCTION_BLOCK

BINARY_OPS = {
    nodes.Add: op.BINARY_ADD, nodes.Sub: op.BINARY_SUBTRACT, nodes.Mult: op.BINARY_MULTIPLY,
    nodes.MatMult: op.BINARY_MATRIX_MULTIPLY, nodes.Div: op.BINARY_TRUE_DIVIDE,
    nodes.Mod: op.BINARY_MODULO, nodes.Pow: op.BINARY_POWER, nodes.LShift: op.BINARY_LSHIFT,
    nodes.RShift: op.BINARY_RSHIFT, nodes.BitOr: op.BINARY_OR, nodes.BitXor: op.BINARY_XOR,
    nodes.BitAnd: op.BINARY_AND, nodes.FloorDiv: op.BINARY_FLOOR_DIVIDE,
}
UNARY_OPS = {
    nodes.Invert: op.UNARY_INVERT, nodes.Not: op.UNARY_NOT, nodes.UAdd: op.UNARY_POSITIVE,
    nodes.USub: op.UNARY_NEGATIVE,
}
COMPARE_OPS = {  # enum cmp_op
    nodes.Lt: 0, nodes.LtE: 1, nodes.Eq: 2, nodes.NotEq: 3, nodes.Gt: 4, nodes.GtE: 5,
    nodes.In: 6, nodes.NotIn: 7, nodes.Is: 8, nodes.IsNot: 9,
}
CONVERSIONS = {-1: op.FVC_NONE, ord('s'): op.FVC_STR, ord('r'): op.FVC_REPR,
               ord('a'): op.FVC_ASCII}

# infer_type: the type a node certainly evaluates to, by name (None: unknown).
_INFERRED = {
    'Tuple': 'tuple', 'List': 'list', 'ListComp': 'list', 'Dict': 'dict', 'DictComp': 'dict',
    'Set': 'set', 'SetComp': 'set', 'GeneratorExp': 'generator', 'Lambda': 'function',
    'JoinedStr': 'str', 'FormattedValue': 'str',
}
_NOT_CALLABLE = ('Constant', 'Tuple', 'List', 'ListComp', 'Dict', 'DictComp', 'Set',
                 'SetComp', 'GeneratorExp', 'JoinedStr', 'FormattedValue')


def _type_name(value: Any) -> str:
    """tp_name of a constant's type."""
    if value is Ellipsis:
        return 'ellipsis'
    return type(value).__name__


def infer_type(node: nodes.AST) -> Optional[str]:
    """The name of the type `node` evaluates to, when syntax alone tells (infer_type)."""
    kind = type(node).__name__
    if kind == 'Constant':
        return _type_name(node.value)
    return _INFERRED.get(kind)


def _is_literal_for_is(node: nodes.AST) -> bool:
    """False for a constant other than None/True/False/... (check_is_arg)."""
    if not isinstance(node, nodes.Constant):
        return True
    value = node.value
    return value is None or value is True or value is False or value is Ellipsis


class ExpressionsMixin:
    """compiler_visit_expr1's cases and the expression helpers."""

    # -- leaves -----------------------------------------------------------------------------
    def visit_Constant(self, node: nodes.Constant) -> None:
        if self.do_not_emit:
            return
        value = node.value
        kind = type(value)
        if kind is str or kind is tuple or kind is frozenset:
            # a literal: its strings are new objects (load_const's note would come second)
            self.note_strings(value, False)
            order = node.__dict__.get('source_order')
            if order is not None:
                # for marshal: the set's insertion order decides 3.8's iteration order
                self.set_orders.setdefault(constant_key(value), order)
        unit = self.unit
        index = unit.add_const(value)
        # CodeUnit.emit, inline
        if unit.lineno_set:
            unit.current.instrs.append([LOAD_CONST, index, None, 0])
        else:
            unit.lineno_set = True
            unit.current.instrs.append([LOAD_CONST, index, None, unit.lineno])

    def visit_Name(self, node: nodes.Name) -> None:
        self.nameop(node.id, type(node.ctx).__name__)

    def visit_NamedExpr(self, node: nodes.NamedExpr) -> None:
        self.visit_expr(node.value)
        self.emit(op.DUP_TOP)
        self.visit_expr(node.target)

    # -- operators --------------------------------------------------------------------------
    def visit_BinOp(self, node: nodes.BinOp) -> None:
        self.visit_expr(node.left)
        self.visit_expr(node.right)
        self.emit(BINARY_OPS[type(node.op)])

    def visit_UnaryOp(self, node: nodes.UnaryOp) -> None:
        self.visit_expr(node.operand)
        self.emit(UNARY_OPS[type(node.op)])

    def visit_BoolOp(self, node: nodes.BoolOp) -> None:
        # as compiler_boolop
        jump = op.JUMP_IF_FALSE_OR_POP if isinstance(node.op, nodes.And) else \
            op.JUMP_IF_TRUE_OR_POP
        end = self.new_block()
        values = node.values
        for value in values[:-1]:
            self.visit_expr(value)
            self.emit_jump(jump, end)
        self.visit_expr(values[-1])
        self.use_next_block(end)

    def visit_IfExp(self, node: nodes.IfExp) -> None:
        # as compiler_ifexp
        end = self.new_block()
        following = self.new_block()
        self.jump_if(node.test, following, False)
        self.visit_expr(node.body)
        self.emit_jump(op.JUMP_FORWARD, end)
        self.use_next_block(following)
        self.visit_expr(node.orelse)
        self.use_next_block(end)

    def check_compare(self, node: nodes.Compare) -> None:
        """Warn on `is` with a literal (check_compare)."""
        left = _is_literal_for_is(node.left)
        for operator, comparator in zip(node.ops, node.comparators):
            right = _is_literal_for_is(comparator)
            if isinstance(operator, (nodes.Is, nodes.IsNot)) and (not right or not left):
                if isinstance(operator, nodes.Is):
                    self.warn('"is" with a literal. Did you mean "=="?')
                else:
                    self.warn('"is not" with a literal. Did you mean "!="?')
                return
            left = right

    def visit_Compare(self, node: nodes.Compare) -> None:
        # as compiler_compare
        self.check_compare(node)
        self.visit_expr(node.left)
        last = len(node.ops) - 1
        if last == 0:
            self.visit_expr(node.comparators[0])
            self.emit(op.COMPARE_OP, COMPARE_OPS[type(node.ops[0])])
            return
        cleanup = self.new_block()
        for index in range(last):
            self.visit_expr(node.comparators[index])
            self.emit(op.DUP_TOP)
            self.emit(op.ROT_THREE)
            self.emit(op.COMPARE_OP, COMPARE_OPS[type(node.ops[index])])
            self.emit_jump(op.JUMP_IF_FALSE_OR_POP, cleanup)
            self.next_block()
        self.visit_expr(node.comparators[last])
        self.emit(op.COMPARE_OP, COMPARE_OPS[type(node.ops[last])])
        end = self.new_block()
        self.emit_jump(op.JUMP_FORWARD, end)
        self.use_next_block(cleanup)
        self.emit(op.ROT_TWO)
        self.emit(op.POP_TOP)
        self.use_next_block(end)

    def jump_if(self, node: nodes.AST, target: Any, cond: bool) -> None:
        """Jump to `target` when `node` is `cond`, short-circuiting (compiler_jump_if)."""
        kind = type(node)
        if kind is nodes.UnaryOp and isinstance(node.op, nodes.Not):
            self.jump_if(node.operand, target, not cond)
            return
        if kind is nodes.BoolOp:
            values = node.values
            cond2 = isinstance(node.op, nodes.Or)
            target2 = target
            if cond2 != cond:
                target2 = self.new_block()
            for value in values[:-1]:
                self.jump_if(value, target2, cond2)
            self.jump_if(values[-1], target, cond)
            if target2 is not target:
                self.use_next_block(target2)
            return
        if kind is nodes.IfExp:
            end = self.new_block()
            target2 = self.new_block()
            self.jump_if(node.test, target2, False)
            self.jump_if(node.body, target, cond)
            self.emit_jump(op.JUMP_FORWARD, end)
            self.use_next_block(target2)
            self.jump_if(node.orelse, target, cond)
            self.use_next_block(end)
            return
        if kind is nodes.Compare and len(node.ops) > 1:
            self.check_compare(node)
            last = len(node.ops) - 1
            cleanup = self.new_block()
            self.visit_expr(node.left)
            for index in range(last):
                self.visit_expr(node.comparators[index])
                self.emit(op.DUP_TOP)
                self.emit(op.ROT_THREE)
                self.emit(op.COMPARE_OP, COMPARE_OPS[type(node.ops[index])])
                self.emit_jump(op.POP_JUMP_IF_FALSE, cleanup)
                self.next_block()
            self.visit_expr(node.comparators[last])
            self.emit(op.COMPARE_OP, COMPARE_OPS[type(node.ops[last])])
            self.emit_jump(op.POP_JUMP_IF_TRUE if cond else op.POP_JUMP_IF_FALSE, target)
            end = self.new_block()
            self.emit_jump(op.JUMP_FORWARD, end)
            self.use_next_block(cleanup)
            self.emit(op.POP_TOP)
            if not cond:
                self.emit_jump(op.JUMP_FORWARD, target)
            self.use_next_block(end)
            return
        self.visit_expr(node)
        self.emit_jump(op.POP_JUMP_IF_TRUE if cond else op.POP_JUMP_IF_FALSE, target)

    # -- containers -------------------------------------------------------------------------
    def starunpack(self, elts: List[nodes.AST], single_op: int, inner_op: int,
                   outer_op: int) -> None:
        """Build a sequence, concatenating starred parts (starunpack_helper)."""
        subitems = seen = 0
        for elt in elts:
            if isinstance(elt, nodes.Starred):
                if seen:
                    self.emit(inner_op, seen)
                    seen = 0
                    subitems += 1
                self.visit_expr(elt.value)
                subitems += 1
            else:
                self.visit_expr(elt)
                seen += 1
        if subitems:
            if seen:
                self.emit(inner_op, seen)
                subitems += 1
            self.emit(outer_op, subitems)
        else:
            self.emit(single_op, seen)

    def assignment_unpack(self, elts: List[nodes.AST]) -> None:
        """Unpack into several targets, one of them maybe starred (assignment_helper)."""
        seen_star = False
        count = len(elts)
        for index, elt in enumerate(elts):
            if isinstance(elt, nodes.Starred):
                if seen_star:
                    raise self.error('two starred expressions in assignment')
                if index >= (1 << 8) or count - index - 1 >= (0x7FFFFFFF >> 8):
                    raise self.error('too many expressions in star-unpacking assignment')
                self.emit(op.UNPACK_EX, index + ((count - index - 1) << 8))
                seen_star = True
        if not seen_star:
            self.emit(op.UNPACK_SEQUENCE, count)
        for elt in elts:
            self.visit_expr(elt.value if isinstance(elt, nodes.Starred) else elt)

    def visit_List(self, node: nodes.List) -> None:
        ctx = type(node.ctx).__name__
        if ctx == 'Store':
            self.assignment_unpack(node.elts)
        elif ctx == 'Load':
            self.starunpack(node.elts, op.BUILD_LIST, op.BUILD_TUPLE, op.BUILD_LIST_UNPACK)
        else:
            self.visit_exprs(node.elts)

    def visit_Tuple(self, node: nodes.Tuple) -> None:
        ctx = type(node.ctx).__name__
        if ctx == 'Store':
            self.assignment_unpack(node.elts)
        elif ctx == 'Load':
            self.starunpack(node.elts, op.BUILD_TUPLE, op.BUILD_TUPLE, op.BUILD_TUPLE_UNPACK)
        else:
            self.visit_exprs(node.elts)

    def visit_Set(self, node: nodes.Set) -> None:
        self.starunpack(node.elts, op.BUILD_SET, op.BUILD_SET, op.BUILD_SET_UNPACK)

    def subdict(self, node: nodes.Dict, begin: int, end: int) -> None:
        """One BUILD_MAP / BUILD_CONST_KEY_MAP of keys[begin:end] (compiler_subdict)."""
        keys = node.keys[begin:end]
        values = node.values[begin:end]
        if len(keys) > 1 and all(isinstance(key, nodes.Constant) for key in keys):
            self.visit_exprs(values)
            key_values = tuple(key.value for key in keys)
            if not self.do_not_emit:
                self.note_strings(key_values, False)
            self.load_const(key_values)
            self.emit(op.BUILD_CONST_KEY_MAP, len(keys))
        else:
            for key, value in zip(keys, values):
                self.visit_expr(key)
                self.visit_expr(value)
            self.emit(op.BUILD_MAP, len(keys))

    def visit_Dict(self, node: nodes.Dict) -> None:
        # as compiler_dict
        count = len(node.values)
        containers = elements = 0
        is_unpacking = False
        for index in range(count):
            is_unpacking = node.keys[index] is None
            if elements == 0xFFFF or (elements and is_unpacking):
                self.subdict(node, index - elements, index)
                containers += 1
                elements = 0
            if is_unpacking:
                self.visit_expr(node.values[index])
                containers += 1
            else:
                elements += 1
        if elements or containers == 0:
            self.subdict(node, count - elements, count)
            containers += 1
        if containers > 1 or is_unpacking:
            self.emit(op.BUILD_MAP_UNPACK, containers)

    def visit_Starred(self, node: nodes.Starred) -> None:
        if isinstance(node.ctx, nodes.Store):
            raise self.error('starred assignment target must be in a list or tuple')
        raise self.error("can't use starred expression here")

    # -- attributes and subscripts ----------------------------------------------------------
    def visit_Attribute(self, node: nodes.Attribute) -> None:
        # straight to _attribute: a chain 3.8 accepts must fit in three frames per level
        ctx = type(node.ctx).__name__
        if ctx == 'AugStore' or ctx == 'AugLoad':
            self.visit_attribute_target(node, ctx)
        else:
            self._attribute(node, ctx)

    def visit_attribute_target(self, node: nodes.Attribute, ctx: str) -> None:
        """Attribute_kind of compiler_visit_expr1, contexts AugLoad/AugStore included."""
        if ctx == 'AugStore' or ctx == 'AugLoad':
            # compiler_augassign visits a fresh Attribute node through compiler_visit_expr
            self._with_expr_line(node, lambda: self._attribute(node, ctx))
        else:
            self._attribute(node, ctx)

    def _attribute(self, node: nodes.Attribute, ctx: str) -> None:
        if ctx != 'AugStore':
            self.visit_expr(node.value)
        if ctx == 'AugLoad':
            self.emit(op.DUP_TOP)
            self.emit_name(op.LOAD_ATTR, node.attr)
        elif ctx == 'Load':
            self.emit_name(op.LOAD_ATTR, node.attr)
        elif ctx == 'AugStore':
            self.emit(op.ROT_TWO)
            self.emit_name(op.STORE_ATTR, node.attr)
        elif ctx == 'Store':
            self.emit_name(op.STORE_ATTR, node.attr)
        elif ctx == 'Del':
            self.emit_name(op.DELETE_ATTR, node.attr)
        else:
            raise SystemError('param invalid in attribute expression')

    def _with_expr_line(self, node: nodes.AST, action: Any) -> None:
        """Run `action` with compiler_visit_expr's line bookkeeping for `node`."""
        unit = self.unit
        old_lineno, old_col_offset = unit.lineno, unit.col_offset
        if node.lineno != old_lineno:
            unit.lineno = node.lineno
            unit.lineno_set = False
        unit.col_offset = node.col_offset
        action()
        if old_lineno != unit.lineno:
            unit.lineno = old_lineno
            unit.lineno_set = False
        unit.col_offset = old_col_offset

    def visit_Subscript(self, node: nodes.Subscript) -> None:
        ctx = type(node.ctx).__name__
        if ctx == 'AugStore' or ctx == 'AugLoad':
            self.visit_subscript_target(node, ctx)
        else:
            self._subscript(node, ctx)

    def visit_subscript_target(self, node: nodes.Subscript, ctx: str) -> None:
        if ctx == 'AugStore' or ctx == 'AugLoad':
            self._with_expr_line(node, lambda: self._subscript(node, ctx))
        else:
            self._subscript(node, ctx)

    def _subscript(self, node: nodes.Subscript, ctx: str) -> None:
        if ctx == 'Load':
            self.check_subscripter(node.value)
            self.check_index(node.value, node.slice)
        if ctx != 'AugStore':
            self.visit_expr(node.value)
        self.visit_slice(node.slice, ctx)

    def visit_slice(self, node: nodes.AST, ctx: str) -> None:
        """Index / Slice / ExtSlice, then the subscript opcode (compiler_visit_slice)."""
        if ctx != 'AugStore':
            if isinstance(node, nodes.Index):
                self.visit_expr(node.value)
            elif isinstance(node, nodes.Slice):
                self.build_slice(node)
            elif isinstance(node, nodes.ExtSlice):
                for dim in node.dims:
                    if isinstance(dim, nodes.Slice):
                        self.build_slice(dim)
                    elif isinstance(dim, nodes.Index):
                        self.visit_expr(dim.value)
                    else:
                        raise SystemError('extended slice invalid in nested slice')
                self.emit(op.BUILD_TUPLE, len(node.dims))
            else:
                raise SystemError('codegen: unexpected slice %s' % type(node).__name__)
        # as compiler_handle_subscr
        if ctx == 'AugLoad':
            self.emit(op.DUP_TOP_TWO)
        elif ctx == 'AugStore':
            self.emit(op.ROT_THREE)
        if ctx in ('Load', 'AugLoad'):
            self.emit(op.BINARY_SUBSCR)
        elif ctx in ('Store', 'AugStore'):
            self.emit(op.STORE_SUBSCR)
        elif ctx == 'Del':
            self.emit(op.DELETE_SUBSCR)
        else:
            raise SystemError('param invalid in subscript expression')

    def build_slice(self, node: nodes.Slice) -> None:
        """BUILD_SLICE of lower, upper and maybe step (compiler_slice)."""
        count = 2
        if node.lower is not None:
            self.visit_expr(node.lower)
        else:
            self.load_const(None)
        if node.upper is not None:
            self.visit_expr(node.upper)
        else:
            self.load_const(None)
        if node.step is not None:
            count += 1
            self.visit_expr(node.step)
        self.emit(op.BUILD_SLICE, count)

    def check_subscripter(self, node: nodes.AST) -> None:
        """Warn on subscripting what cannot be subscripted (check_subscripter)."""
        kind = type(node).__name__
        if kind == 'Constant':
            value = node.value
            if not (value is None or value is Ellipsis or
                    isinstance(value, (int, float, complex, frozenset, set))):
                return
        elif kind not in ('Set', 'SetComp', 'GeneratorExp', 'Lambda'):
            return
        self.warn("'%s' object is not subscriptable; perhaps you missed a comma?"
                  % infer_type(node))

    def check_index(self, node: nodes.AST, slice_node: nodes.AST) -> None:
        """Warn on indexing a sequence with a non-integer (check_index)."""
        if not isinstance(slice_node, nodes.Index):
            return
        index_type = infer_type(slice_node.value)
        if index_type is None or index_type in ('int', 'bool', 'slice'):
            return
        kind = type(node).__name__
        if kind == 'Constant':
            if not isinstance(node.value, (str, bytes, tuple)):
                return
        elif kind not in ('Tuple', 'List', 'ListComp', 'JoinedStr', 'FormattedValue'):
            return
        self.warn('%s indices must be integers or slices, not %s; perhaps you missed a comma?'
                  % (infer_type(node), index_type))

    # -- calls ------------------------------------------------------------------------------
    def visit_Call(self, node: nodes.Call) -> None:
        # as compiler_call
        if self.method_call(node):
            return
        if type(node.func).__name__ in _NOT_CALLABLE:
            self.warn("'%s' object is not callable; perhaps you missed a comma?"
                      % infer_type(node.func))
        self.visit_expr(node.func)
        self.call_helper(0, node.args, node.keywords)

    def method_call(self, node: nodes.Call) -> bool:
        """LOAD_METHOD / CALL_METHOD when eligible (maybe_optimize_method_call)."""
        method = node.func
        if not isinstance(method, nodes.Attribute) or not isinstance(method.ctx, nodes.Load) \
                or node.keywords:
            return False
        for arg in node.args:   # (loops, not any() over a generator: see call_helper)
            if isinstance(arg, nodes.Starred):
                return False
        self.visit_expr(method.value)
        self.emit_name(op.LOAD_METHOD, method.attr)
        self.visit_exprs(node.args)
        self.emit(op.CALL_METHOD, len(node.args))
        return True

    def call_helper(self, pushed: int, args: List[nodes.AST],
                    keywords: List[nodes.keyword]) -> None:
        """Arguments and the call opcode (compiler_call_helper)."""
        # A loop rather than any() over a generator expression: most calls have no keywords,
        # and on PyPy any() is application-level code taking a generator frame per call.
        must_dict_unpack = False
        for keyword in keywords:
            if keyword.arg is None:
                must_dict_unpack = True
                break
        subargs = subkwargs = 0
        seen = pushed
        for arg in args:
            if isinstance(arg, nodes.Starred):
                if seen:
                    self.emit(op.BUILD_TUPLE, seen)
                    seen = 0
                    subargs += 1
                self.visit_expr(arg.value)
                subargs += 1
            else:
                self.visit_expr(arg)
                seen += 1
        if subargs or must_dict_unpack:
            if seen:
                self.emit(op.BUILD_TUPLE, seen)
                subargs += 1
            if subargs > 1:
                self.emit(op.BUILD_TUPLE_UNPACK_WITH_CALL, subargs)
            elif subargs == 0:
                self.emit(op.BUILD_TUPLE, 0)
            seen = 0
            for index, keyword in enumerate(keywords):
                if keyword.arg is None:
                    if seen:
                        self.subkwargs(keywords[index - seen:index])
                        subkwargs += 1
                        seen = 0
                    self.visit_expr(keyword.value)
                    subkwargs += 1
                else:
                    seen += 1
            if seen:
                self.subkwargs(keywords[len(keywords) - seen:])
                subkwargs += 1
            if subkwargs > 1:
                self.emit(op.BUILD_MAP_UNPACK_WITH_CALL, subkwargs)
            self.emit(op.CALL_FUNCTION_EX, int(subkwargs > 0))
        elif keywords:
            for keyword in keywords:
                self.visit_expr(keyword.value)
            self.load_const(tuple(keyword.arg for keyword in keywords))
            self.emit(op.CALL_FUNCTION_KW, pushed + len(args) + len(keywords))
        else:
            self.emit(op.CALL_FUNCTION, pushed + len(args))

    def subkwargs(self, keywords: List[nodes.keyword]) -> None:
        """A dict of some keyword arguments (compiler_subkwargs)."""
        if len(keywords) > 1:
            for keyword in keywords:
                self.visit_expr(keyword.value)
            self.load_const(tuple(keyword.arg for keyword in keywords))
            self.emit(op.BUILD_CONST_KEY_MAP, len(keywords))
        else:
            for keyword in keywords:
                self.load_const(keyword.arg)
                self.visit_expr(keyword.value)
            self.emit(op.BUILD_MAP, len(keywords))

    # -- f-strings --------------------------------------------------------------------------
    def visit_JoinedStr(self, node: nodes.JoinedStr) -> None:
        self.visit_exprs(node.values)
        if len(node.values) != 1:
            self.emit(op.BUILD_STRING, len(node.values))

    def visit_FormattedValue(self, node: nodes.FormattedValue) -> None:
        self.visit_expr(node.value)
        conversion = node.conversion if node.conversion is not None else -1
        if conversion not in CONVERSIONS:
            raise SystemError('Unrecognized conversion character %d' % conversion)
        oparg = CONVERSIONS[conversion]
        if node.format_spec is not None:
            self.visit_expr(node.format_spec)
            oparg |= op.FVS_HAVE_SPEC
        self.emit(op.FORMAT_VALUE, oparg)

    # -- generators and coroutines ----------------------------------------------------------
    def visit_Yield(self, node: nodes.Yield) -> None:
        if self.unit.scope.type != FUNCTION_BLOCK:
            raise self.error("'yield' outside function")
        if node.value is not None:
            self.visit_expr(node.value)
        else:
            self.load_const(None)
        self.emit(op.YIELD_VALUE)

    def visit_YieldFrom(self, node: nodes.YieldFrom) -> None:
        if self.unit.scope.type != FUNCTION_BLOCK:
            raise self.error("'yield' outside function")
        if self.unit.scope_type == SCOPE_ASYNC_FUNCTION:
            raise self.error("'yield from' inside async function")
        self.visit_expr(node.value)
        self.emit(op.GET_YIELD_FROM_ITER)
        self.load_const(None)
        self.emit(op.YIELD_FROM)

    def visit_Await(self, node: nodes.Await) -> None:
        if not self.flags & PyCF_ALLOW_TOP_LEVEL_AWAIT:
            if self.unit.scope.type != FUNCTION_BLOCK:
                raise self.error("'await' outside function")
            if self.unit.scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION):
                raise self.error("'await' outside async function")
        self.visit_expr(node.value)
        self.emit_await()

    # -- annotations ------------------------------------------------------------------------
    def visit_annotation(self, node: nodes.AST) -> None:
        """An annotation's value, or its source text under `from __future__ import
        annotations` (compiler_visit_annexpr)."""
        if self.future_flags & CO_FUTURE_ANNOTATIONS:
            from .unparse import unparse_annotation   # (only under `from __future__ import annotations`)
            text = unparse_annotation(node)
            self.unparsed_annotation = True
            if not self.do_not_emit:
                self.note_strings(text, False)
            self.load_const(text)
        else:
            self.visit_expr(node)
