"""Maximum stack depth of a CFG, as 3.8's compile.c stackdepth(): a worklist, no recursion."""
from typing import List, Tuple

from .flowgraph import Block
from .opcodes import (CALL_FINALLY, FIXED_STACK_EFFECT, JUMP_ABSOLUTE, JUMP_FORWARD,
                      RAISE_VARARGS, RETURN_VALUE, stack_effect)

UNSET = -(1 << 31)   # INT_MIN: b_startdepth before the block is reached
# By opcode (lists, not sets or tuple-keyed dicts: PyPy's JIT reads a list item inline,
# but calls out for each hash lookup): whether it ends its block's flow, its
# FIXED_STACK_EFFECT (None: the effect depends on the argument or the edge), and for the
# others the memo of their effects by argument.
_ENDS_FLOW = [opcode in (JUMP_ABSOLUTE, JUMP_FORWARD, RETURN_VALUE, RAISE_VARARGS)
              for opcode in range(256)]
_FIXED = [FIXED_STACK_EFFECT.get(opcode) for opcode in range(256)]
_effect_cache: List[dict] = [{} for _ in range(256)]   # [opcode][arg] -> effects


def _effects(opcode: int, arg: int) -> Tuple[int, int]:
    """(fall-through effect, jump effect) of one instruction, memoised."""
    memo = _effect_cache[opcode]
    pair = memo.get(arg)
    if pair is None:
        pair = memo[arg] = (stack_effect(opcode, arg, False), stack_effect(opcode, arg, True))
    return pair


def stack_depth(blocks: List[Block]) -> int:
    """The largest stack depth reached from blocks[0]; sets each block's start_depth.

    As stackdepth(): the jump edge gets the jump effect, the fall-through edge the
    other; a CALL_FINALLY's target is not pushed (its SETUP_FINALLY reached it);
    unconditional jumps, returns and raises end the block's flow.
    """
    if not blocks:
        return 0
    for block in blocks:
        block.start_depth = UNSET
    max_depth = 0
    entry = blocks[0]
    entry.start_depth = 0
    worklist = [entry]
    cache = _effect_cache
    fixed = _FIXED   # the same on both edges
    ends_flow = _ENDS_FLOW
    while worklist:
        block = worklist.pop()
        depth = block.start_depth
        following = block.next
        for opcode, arg, target, _ in block.instrs:
            effect = fixed[opcode]
            if effect is None:
                if target is not None:
                    arg = 0
                pair = cache[opcode].get(arg)
                if pair is None:
                    pair = _effects(opcode, arg)
                effect, jump_effect = pair
            else:
                jump_effect = effect
            new_depth = depth + effect
            if new_depth > max_depth:
                max_depth = new_depth
            if target is not None:
                target_depth = depth + jump_effect
                if target_depth > max_depth:
                    max_depth = target_depth
                if opcode != CALL_FINALLY and target.start_depth < target_depth:
                    target.start_depth = target_depth
                    worklist.append(target)
            depth = new_depth
            if ends_flow[opcode]:
                following = None
                break
        if following is not None and following.start_depth < depth:
            following.start_depth = depth
            worklist.append(following)
    return max_depth
