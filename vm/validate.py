"""Decode-time checks of the value and block stacks: no instruction may pop more than is there.

A worklist over the instructions with 3.8's compile-time stack model (opcodes.stack_effect
on the fall-through and jump edges, as compile.c's stackdepth()), so a corrupt code
object fails with BytecodeCorruption before it runs instead of an IndexError inside
the loop. No recursion: an explicit worklist. first_block_fault follows each path with
both stacks as the loop moves them (below).
"""
from typing import Any, List

from ..compiler import opcodes as O
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

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


# ---- the block stack --------------------------------------------------------------------
#
# The loop's block-stack instructions trust what the compiler guarantees: a block to pop, an
# except handler's saved exception under its level, and at END_FINALLY, POP_FINALLY,
# WITH_CLEANUP_START and END_ASYNC_FOR the marker that says how the finally body was entered
# (BEGIN_FINALLY's NULL, CALL_FINALLY's return index, or the unwinder's exception type). Corrupt
# code breaks that and would fail inside the loop (3.8's ceval reads past its block array or
# crashes), so the paths are followed here with both stacks: the value stack as tags and the
# block stack as (kind, handler, level), exactly as the loop moves them, with an exception edge
# from every instruction (as exception_unwind).

VALUE, NULL_MARK, EXC_TYPE, NONE_MARK, EXIT_EXC = 'v', 'N', 'E', 'z', 'X'
_FINALLY, _HANDLER = 0, 1   # SETUP_FINALLY block (also SETUP_WITH's), EXCEPT_HANDLER block
_STATES_PER_INSTRUCTION = 64   # paths through nested finally bodies; more are not followed
_MARKER_OPS = {O.END_FINALLY: 'END_FINALLY', O.POP_FINALLY: 'POP_FINALLY',
               O.WITH_CLEANUP_START: 'WITH_CLEANUP_START', O.END_ASYNC_FOR: 'END_ASYNC_FOR'}
# Without one of these the block stack stays empty and no finally marker is ever pushed
_BLOCK_OPS = frozenset([O.SETUP_FINALLY, O.SETUP_WITH, O.SETUP_ASYNC_WITH, O.POP_BLOCK, O.POP_EXCEPT,
                        O.BEGIN_FINALLY, O.CALL_FINALLY, O.POP_FINALLY, O.END_FINALLY,
                        O.WITH_CLEANUP_START, O.WITH_CLEANUP_FINISH, O.END_ASYNC_FOR])
_SPECIAL = _BLOCK_OPS | frozenset([O.RETURN_VALUE, O.RAISE_VARARGS, O.ROT_TWO, O.ROT_THREE, O.ROT_FOUR,
                                   O.DUP_TOP, O.DUP_TOP_TWO])
_CANNOT_RAISE = frozenset([O.NOP, O.POP_BLOCK, O.SETUP_FINALLY, O.JUMP_FORWARD, O.JUMP_ABSOLUTE,
                           O.BEGIN_FINALLY, O.CALL_FINALLY, O.ROT_TWO, O.ROT_THREE, O.ROT_FOUR,
                           O.DUP_TOP, O.DUP_TOP_TWO, O.LOAD_CONST, O.STORE_FAST, O.POP_TOP])


class BlockFault(Exception):
    """Where and why a path through the code would break the loop's block or value stack."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.offset = 2 * index


def _unwind(index: int, stack: tuple, blocks: tuple) -> Any:
    """The state at the handler an exception raised in this state reaches (as exception_unwind
    and the loop's unwind_to_handler), or None when it leaves the frame."""
    while blocks:
        kind, handler, level = blocks[-1]
        blocks = blocks[:-1]
        if kind == _HANDLER:
            if len(stack) < level + 3:
                raise BlockFault(index, 'an exception unwinds an except handler whose saved exception is gone')
            stack = stack[:level]
            continue
        stack = stack[:level]
        blocks = blocks + ((_HANDLER, -1, len(stack)),)
        return handler, stack + (VALUE,) * 5 + (EXC_TYPE,), blocks
    return None


def _pop_block(index: int, blocks: tuple, name: str) -> tuple:
    if not blocks:
        raise BlockFault(index, '%s with no block to pop' % name)
    return blocks[-1], blocks[:-1]


def _pop_handler(index: int, stack: tuple, blocks: tuple, name: str) -> tuple:
    """An EXCEPT_HANDLER block popped and unwound (as UNWIND_EXCEPT_HANDLER): the stack below it."""
    (kind, _, level), blocks = _pop_block(index, blocks, name)
    if kind != _HANDLER:
        raise BlockFault(index, '%s pops a block that is not an except handler' % name)
    if len(stack) < level + 3:
        raise BlockFault(index, "%s: the except handler's saved exception is gone" % name)
    return stack[:level], blocks


def _pop_except(index: int, stack: tuple, blocks: tuple, name: str) -> tuple:
    """POP_EXCEPT's part (also POP_FINALLY's): the EXCEPT_HANDLER block popped, the saved
    exception's three values taken from the top."""
    (kind, _, _), blocks = _pop_block(index, blocks, name)
    if kind != _HANDLER:
        raise BlockFault(index, '%s pops a block that is not an except handler' % name)
    if len(stack) < 3:
        raise BlockFault(index, '%s with too few values on the stack' % name)
    return stack[:-3], blocks


def _marker(index: int, stack: tuple, name: str, allowed: tuple) -> str:
    if not stack:
        raise BlockFault(index, '%s on an empty stack' % name)
    top = stack[-1]
    kind = top if isinstance(top, str) else 'R'
    if kind not in allowed:
        raise BlockFault(index, '%s without the marker of how its block was entered' % name)
    return kind


def _successors(index: int, opcode: int, arg: Any, stack: tuple, blocks: tuple) -> List[tuple]:
    """(next index, stack, blocks) of each way instruction `index` continues, normally or by
    an exception; a BlockFault where the loop could not run it."""
    after: List[tuple] = []
    raised: List[tuple] = []   # states an exception is raised in
    if opcode == O.NOP and arg is None:
        return [(index + 1, stack, blocks)]
    if opcode not in _SPECIAL:
        popped = pops(opcode, arg or 0)
        if len(stack) < popped:
            raise BlockFault(index, '%s with too few values on the stack' % O.opname[opcode])
        base = stack[:len(stack) - popped]
        effect = O.stack_effect(opcode, arg or 0, False)
        if opcode not in _UNCONDITIONAL:
            after.append((index + 1, base + (VALUE,) * (popped + effect), blocks))
        if opcode in _JUMPS:
            target = (index + 1 + arg // 2) if opcode in O.hasjrel else arg // 2
            after.append((target, base + (VALUE,) * (popped + O.stack_effect(opcode, arg, True)), blocks))
        if opcode not in _CANNOT_RAISE:
            # raised before or after its operands are taken (some are only looked at)
            raised += [(stack, blocks), (stack[:len(stack) + min(effect, 0)], blocks)]
    elif opcode in (O.ROT_TWO, O.ROT_THREE, O.ROT_FOUR, O.DUP_TOP, O.DUP_TOP_TWO):
        need = {O.ROT_TWO: 2, O.ROT_THREE: 3, O.ROT_FOUR: 4, O.DUP_TOP: 1, O.DUP_TOP_TWO: 2}[opcode]
        if len(stack) < need:
            raise BlockFault(index, '%s with too few values on the stack' % O.opname[opcode])
        top = stack[len(stack) - need:]
        moved = top + top if opcode in (O.DUP_TOP, O.DUP_TOP_TWO) else top[-1:] + top[:-1]
        after.append((index + 1, stack[:len(stack) - need] + moved, blocks))
    elif opcode == O.RETURN_VALUE:
        if not stack:
            raise BlockFault(index, 'RETURN_VALUE on an empty stack')
    elif opcode == O.RAISE_VARARGS:
        if len(stack) < arg:
            raise BlockFault(index, 'RAISE_VARARGS with too few values on the stack')
        raised.append((stack[:len(stack) - arg], blocks))
    elif opcode == O.SETUP_FINALLY:
        after.append((index + 1, stack, blocks + ((_FINALLY, index + 1 + arg // 2, len(stack)),)))
    elif opcode in (O.SETUP_WITH, O.SETUP_ASYNC_WITH):
        if not stack:
            raise BlockFault(index, '%s on an empty stack' % O.opname[opcode])
        stack = stack[:-1] if opcode == O.SETUP_ASYNC_WITH else stack[:-1] + (VALUE,)
        raised.append((stack, blocks))
        after.append((index + 1, stack + (VALUE,),
                      blocks + ((_FINALLY, index + 1 + arg // 2, len(stack)),)))
    elif opcode == O.POP_BLOCK:
        after.append((index + 1, stack, _pop_block(index, blocks, 'POP_BLOCK')[1]))
    elif opcode == O.POP_EXCEPT:
        after.append((index + 1,) + _pop_except(index, stack, blocks, 'POP_EXCEPT'))
    elif opcode == O.BEGIN_FINALLY:
        after.append((index + 1, stack + (NULL_MARK,), blocks))
    elif opcode == O.CALL_FINALLY:
        after.append((index + 1 + arg // 2, stack + (index + 1,), blocks))
    elif opcode == O.END_FINALLY:
        kind = _marker(index, stack, 'END_FINALLY', (NULL_MARK, 'R', EXC_TYPE))
        if kind == EXC_TYPE:
            if len(stack) < 3:
                raise BlockFault(index, 'END_FINALLY re-raises with too few values on the stack')
            raised.append((stack[:-3], blocks))
        else:
            after.append((index + 1 if kind == NULL_MARK else stack[-1], stack[:-1], blocks))
    elif opcode == O.POP_FINALLY:
        rest = stack[:-1] if arg else stack
        kind = _marker(index, rest, 'POP_FINALLY', (NULL_MARK, 'R', EXC_TYPE))
        rest = rest[:-1]
        if kind == EXC_TYPE:
            if len(rest) < 2:
                raise BlockFault(index, 'POP_FINALLY with too few values on the stack')
            rest, blocks = _pop_except(index, rest[:-2], blocks, 'POP_FINALLY')
        after.append((index + 1, rest + ((VALUE,) if arg else ()), blocks))
    elif opcode == O.WITH_CLEANUP_START:
        kind = _marker(index, stack, 'WITH_CLEANUP_START', (NULL_MARK, EXC_TYPE))
        if kind == NULL_MARK:
            if len(stack) < 2:
                raise BlockFault(index, 'WITH_CLEANUP_START with too few values on the stack')
            stack = stack[:-2] + (NULL_MARK,)
            raised.append((stack, blocks))
            after.append((index + 1, stack + (NONE_MARK, VALUE), blocks))
        else:
            if len(stack) < 7 or not blocks:
                raise BlockFault(index, 'WITH_CLEANUP_START with too few values or no block')
            stack = stack[:-7] + stack[-6:-3] + (NULL_MARK,) + stack[-3:]
            kind, handler, level = blocks[-1]
            blocks = blocks[:-1] + ((kind, handler, level - 1),)
            raised.append((stack, blocks))
            after.append((index + 1, stack + (EXIT_EXC, VALUE), blocks))
    elif opcode == O.WITH_CLEANUP_FINISH:
        if len(stack) < 2:
            raise BlockFault(index, 'WITH_CLEANUP_FINISH with too few values on the stack')
        exc, stack = stack[-2], stack[:-2]
        after.append((index + 1, stack, blocks))
        if exc != NONE_MARK:   # __exit__ may suppress the exception
            suppressed, rest = _pop_handler(index, stack, blocks, 'WITH_CLEANUP_FINISH')
            after.append((index + 1, suppressed + (NULL_MARK,), rest))
    elif opcode == O.END_ASYNC_FOR:
        _marker(index, stack, 'END_ASYNC_FOR', (EXC_TYPE,))
        if len(stack) < 3:
            raise BlockFault(index, 'END_ASYNC_FOR with too few values on the stack')
        raised.append((stack[:-3], blocks))
        rest, left = _pop_handler(index, stack[:-1], blocks, 'END_ASYNC_FOR')
        if not rest:
            raise BlockFault(index, 'END_ASYNC_FOR with no iterator under its handler')
        after.append((index + 1, rest[:-1], left))
    for state in raised:
        handler = _unwind(index, *state)
        if handler is not None:
            after.append(handler)
    return after


def first_block_fault(raw: List[Any], count: int, depth_limit: int) -> Any:
    """(offset, message) of the first instruction some path reaches with a block stack or
    finally marker the loop could not use (or a value stack past depth_limit), or None.
    Code with no block instruction cannot (first_underflow has checked its depths): it is
    not followed, as its paths' stacks would cost memory in the product of its length and
    depth (an f-string of 16,000 pieces, 2 GB)."""
    if not any(opcode in _BLOCK_OPS for opcode, _ in raw[:count]):
        return None
    seen: List[Any] = [None] * count
    work = [(0, (), ())]
    try:
        while work:
            index, stack, blocks = work.pop()
            opcode, arg = raw[index]
            for state in _successors(index, opcode, arg, stack, blocks):
                target = state[0]
                if target >= count:
                    continue   # running off the end: the loop's own fault
                if len(state[1]) > depth_limit:
                    raise BlockFault(index, 'a stack that keeps growing')
                states = seen[target]
                if states is None:
                    states = seen[target] = set()
                key = state[1:]
                if key in states or len(states) >= _STATES_PER_INSTRUCTION:
                    continue
                states.add(key)
                work.append(state)
    except BlockFault as fault:
        return fault.offset, str(fault)
    return None
