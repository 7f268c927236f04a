"""The eval loop: one host loop over a stack of VM frames, as 3.8's _PyEval_EvalFrameDefault.

Its source is generated (vm/eval_generated.py) from the instruction definitions of
vm/instructions.py by vm/cases.py; vm/tiers.py imports this module at tier 0 only, and
vm/tracing.py puts the loop in place for the modules that call it.
Calls between VM functions switch frames inside the loop (no host recursion); calls
into host code, and host code calling VM functions, nest. Dispatch is an if/elif
chain over the opcode, most frequent first; rare opcodes go through the RARE table.
Program exceptions are caught once, around dispatch, and unwound over the block stack
(3.8's exception_unwind, vm/unwind.py); BytecodeCorruption (interpreter faults) passes straight out.
"""
from . import stack
from .eval_generated import run_frame
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

stack.LOOP_CODES.add(run_frame.__code__)
