"""Tier 2 and VM generators: where a trace leaves a generator's resumption to the loop.

The eval loop resumes a VM generator as a frame of its own (vm/instructions.py's
RESUME_GENERATOR and RESUME_DRAINED): for a FOR_ITER over it, a `yield from` or `await` of
it, and a builtin consuming it (vm/consumers.py's drains: sum(g), tuple(g), ''.join(g)...).
A trace has no frames to switch to: it would resume the generator through its host
__next__/send, a nested loop per item (three to five times slower than the loop's own
resumption on 3.11). So a trace exits before such an instruction when its operand is a VM
generator (or, for YIELD_FROM, a VM coroutine), and the loop runs it; a loop whose every
iteration exits there does too little per entry, and its trace is dropped at its first
review (vm/tier2.py), tier 1 running it. vm/tier2.py asks exit_condition for each
instruction it translates (FOR_ITER's own test is tier2.py's, with its iteration_tree).
"""
from typing import Any, List, Optional

from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

# the calls whose arguments are the top `arg` names of the trace's stack, the callable below them
# (CALL_METHOD's of a host method: NULL, then the bound method; tier 1's forms as their generic one)
_POSITIONAL_CALLS = frozenset(['CALL_FUNCTION', 'CALL_METHOD', 'CALL_FUNCTION_HOST', 'CALL_METHOD_HOST'])


def exit_condition(name: str, arg: Any, names: List[str]) -> Optional[str]:
    """The host condition (over the trace's stack `names`) on which a trace exits before
    instruction `name` (argument `arg`), leaving a VM generator's resumption to the loop; None
    when it has none. The names it uses are those of the generated loops' modules (Generator,
    Coroutine, consumers), which a trace's namespace has."""
    if name == 'YIELD_FROM' and len(names) >= 2:
        receiver = names[-2]   # (YIELD_FROM: receiver, value sent)
        return 'type(%s) is Generator or type(%s) is Coroutine' % (receiver, receiver)
    if name in _POSITIONAL_CALLS and type(arg) is int and 0 < arg < len(names):
        first, callable_ = names[-arg], names[-arg - 1]
        return 'type(%s) is Generator and consumers.consumer_of(%s) is not None' % (first, callable_)
    return None
