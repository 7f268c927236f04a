"""Superinstructions: frequent opcode pairs fused at decode time into one dispatch.

Instruction k of the decoded list still stands for the code unit at offset 2k: a fused
instruction at k does the work of k and k+1 and continues at k+2, while the original
instruction stays at k+1 for jumps that land there. Pairs are fused only within one
source line, so error line numbers are unchanged. Pseudo-opcodes are above 3.8's range.
"""
from typing import Any, Final, List

from ..compiler import opcodes as O
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

LOAD_FAST_LOAD_CONST: Final = 200
LOAD_FAST_LOAD_FAST: Final = 201
STORE_FAST_LOAD_FAST: Final = 202
COMPARE_JUMP_IF_FALSE: Final = 203
FOR_ITER_STORE_FAST: Final = 204
LOAD_FAST_LOAD_ATTR: Final = 208     # (205-207: tier 1's ADAPTIVE forms, vm/adaptive.py)
LOAD_FAST_LOAD_METHOD: Final = 209
LOAD_FAST_STORE_ATTR: Final = 218

PAIRS = {
    (O.LOAD_FAST, O.LOAD_CONST): LOAD_FAST_LOAD_CONST,
    (O.LOAD_FAST, O.LOAD_FAST): LOAD_FAST_LOAD_FAST,
    (O.STORE_FAST, O.LOAD_FAST): STORE_FAST_LOAD_FAST,
    (O.COMPARE_OP, O.POP_JUMP_IF_FALSE): COMPARE_JUMP_IF_FALSE,
    (O.FOR_ITER, O.STORE_FAST): FOR_ITER_STORE_FAST,
    (O.LOAD_FAST, O.LOAD_ATTR): LOAD_FAST_LOAD_ATTR,       # `self.x`: 8% of the benchmarks' instructions
    (O.LOAD_FAST, O.LOAD_METHOD): LOAD_FAST_LOAD_METHOD,
    (O.LOAD_FAST, O.STORE_ATTR): LOAD_FAST_STORE_ATTR,
}


def fuse(instrs: List[Any], lines: List[int]) -> List[Any]:
    """A copy of the decoded instructions with fusable pairs replaced at their first index."""
    fused = list(instrs)
    for index in range(len(lines) - 1):
        first_op, first_arg = instrs[index]
        second_op, second_arg = instrs[index + 1]
        pseudo = PAIRS.get((first_op, second_op))
        if pseudo is not None and lines[index] == lines[index + 1]:
            fused[index] = (pseudo, (first_arg, second_arg))
    return fused

# Not pairs: a loop's backward jump carrying tier 2's counter and trace (vm/tier2.py), put in the
# stream at decode time when tier 2 is on; like the pairs, never in --trace's loop. (Numbers clear
# of tier 1's forms in vm/adaptive.py: vm/cases.py refuses two instructions with one opcode.)
JUMP_BACKEDGE = 215
POP_JUMP_IF_FALSE_BACKEDGE = 216
POP_JUMP_IF_TRUE_BACKEDGE = 217
# a loop's backward POP_JUMP_IF_FALSE fused with its COMPARE_OP (COMPARE_JUMP_IF_FALSE), counted: one
# dispatch, as tier 1's pair (vm/tier2_backedges.py's mark_backedges)
COMPARE_JUMP_IF_FALSE_BACKEDGE = 219
# On PyPy (vm/rebound.py), a module body's STORE_NAME of a name the program binds again, and
# every STORE_GLOBAL: put in the plain loop's stream at decode time, never in --trace's loop
STORE_NAME_REBOUND = 250
STORE_GLOBAL_REBOUND = 251
# In the copy of a code's instructions that a frame at the recursion limit runs (vm/limits.py): an
# instruction 3.8 counts a recursion level for (comparisons, calls of C functions, str/repr)
AT_LIMIT = 252
