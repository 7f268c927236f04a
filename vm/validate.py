"""Decode-time check of the value stack: no instruction may pop more than is there.

A worklist over the instructions with 3.8's compile-time stack model (opcodes.stack_effect
on the fall-through and jump edges, as compile.c's stackdepth()), so a corrupt code
object fails with BytecodeCorruption before it runs instead of an IndexError inside
the loop. No recursion: an explicit worklist.
"""
from typing import Any, List

from ..compiler import opcodes as O

_FIXED_POPS = {
    'POP_TOP': 1, 'ROT_TWO': 2, 'ROT_THREE': 3, 'ROT_FOUR': 4, 'DUP_TOP': 1, 'DUP_TOP_TWO': 2,
    'STORE_SUBSCR': 3, 'DELETE_SUBSCR': 2, 'GET_ITER': 1, 'GET_YIELD_FROM_ITER': 1,
    'GET_AWAITABLE': 1, 'GET_AITER': 1, 'GET_ANEXT': 1, 'PRINT_EXPR': 1, 'RETURN_VALUE': 1,
    'IMPORT_STAR': 1, 'YIELD_VALUE': 1, 'YIELD_FROM': 2, 'POP_EXCEPT': 3, 'END_FINALLY': 1,
    'STORE_NAME': 1, 'STORE_ATTR': 2, 'DELETE_ATTR': 1, 'STORE_GLOBAL': 1, 'LOAD_ATTR': 1,
    'COMPARE_OP': 2, 'IMPORT_NAME': 2, 'IMPORT_FROM': 1, 'POP_JUMP_IF_FALSE': 1,
    'POP_JUMP_IF_TRUE': 1, 'JUMP_IF_FALSE_OR_POP': 1, 'JUMP_IF_TRUE_OR_POP': 1, 'STORE_FAST': 1,
    'STORE_DEREF': 1, 'FOR_ITER': 1, 'SETUP_WITH': 1, 'BEFORE_ASYNC_WITH': 1,
    'SETUP_ASYNC_WITH': 1, 'LOAD_METHOD': 1, 'WITH_CLEANUP_START': 1, 'WITH_CLEANUP_FINISH': 2,
    'END_ASYNC_FOR': 1, 'POP_FINALLY': 1,
}
_COUNTED = frozenset(['BUILD_TUPLE', 'BUILD_LIST', 'BUILD_SET', 'BUILD_STRING', 'BUILD_LIST_UNPACK',
                      'BUILD_TUPLE_UNPACK', 'BUILD_TUPLE_UNPACK_WITH_CALL', 'BUILD_SET_UNPACK',
                      'BUILD_MAP_UNPACK', 'BUILD_MAP_UNPACK_WITH_CALL', 'RAISE_VARARGS',
                      'BUILD_SLICE'])
_UNCONDITIONAL = frozenset([O.JUMP_ABSOLUTE, O.JUMP_FORWARD, O.RETURN_VALUE, O.RAISE_VARARGS])
_JUMPS = frozenset(O.hasjrel + O.hasjabs)


def pops(opcode: int, arg: Any) -> int:
    """How many values instruction (opcode, arg) takes from the stack."""
    name = O.opname[opcode]
    if name.startswith(('BINARY_', 'INPLACE_')):
        return 2
    if name.startswith('UNARY_'):
        return 1
    if name in _COUNTED:
        return arg
    if name == 'BUILD_MAP':
        return 2 * arg
    if name == 'BUILD_CONST_KEY_MAP':
        return arg + 1
    if name == 'CALL_FUNCTION':
        return arg + 1
    if name in ('CALL_METHOD', 'CALL_FUNCTION_KW'):
        return arg + 2
    if name == 'CALL_FUNCTION_EX':
        return 3 if arg & 1 else 2
    if name == 'MAKE_FUNCTION':
        return 2 + bin(arg & 0xF).count('1')
    if name in ('UNPACK_SEQUENCE', 'UNPACK_EX'):
        return 1
    if name in ('LIST_APPEND', 'SET_ADD'):
        return arg + 1
    if name == 'MAP_ADD':
        return arg + 2
    if name == 'FORMAT_VALUE':
        return 2 if (arg & O.FVS_MASK) == O.FVS_HAVE_SPEC else 1
    return _FIXED_POPS.get(name, 0)


def first_underflow(raw: List[Any], count: int, depth_limit: int) -> int:
    """Offset of the first instruction that would pop from a too-short stack, or -1.

    A depth above depth_limit (a stack that grows around a loop) is reported the same way.
    """
    depths = [-1] * count
    depths[0] = 0
    work = [0]
    while work:
        index = work.pop()
        depth = depths[index]
        opcode, arg = raw[index]
        if opcode == O.NOP and arg is None:    # EXTENDED_ARG prefix or NOP
            targets = [(index + 1, depth)]
        else:
            if depth < pops(opcode, arg or 0):
                return 2 * index
            targets = []
            if opcode not in _UNCONDITIONAL:
                targets.append((index + 1, depth + O.stack_effect(opcode, arg or 0, False)))
            if opcode in _JUMPS:
                offset = (2 * index + 2 + arg) if opcode in O.hasjrel else arg
                targets.append((offset // 2, depth + O.stack_effect(opcode, arg, True)))
        for target, target_depth in targets:
            if target_depth > depth_limit:
                return 2 * index
            if target < count and depths[target] < target_depth:
                depths[target] = target_depth
                work.append(target)
    return -1
