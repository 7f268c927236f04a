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

The other way round, a trace of a loop in a generator's own code (a genexpr drained by sum,
set, tuple...) runs its YIELD_VALUE itself when the generator is the one a drain resumed
(yield_to_drain): the drain takes the item in place and the trace goes on with the next
iteration, as the loop's DRAIN_IN_PLACE goes on with the next instruction. Without it such a
trace exits at its yield on every item (the loop's YIELD_VALUE has a path out of the loop,
`f is entry`, that a trace cannot follow), entered and left once per item.
"""
from typing import Any, List, Optional

from . import hostbuiltins
from .consumers import DRAINING
from .tier2_translate import Context, Result, State

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


def drained(frame: Any) -> bool:
    """Whether generator frame `frame` runs for a builtin's Drain (resumed by RESUME_DRAINED
    inside the loop): a trace of its loop built now is one whose yields go to that drain. (A
    generator frame's `back` is set, and its resume_target with it, only while a loop runs it
    as another frame's callee; one resumed by host code is the entry frame, `back` None.)"""
    return frame.back is not None and frame.resume_target == DRAINING


def yield_to_drain(names: List[str], ctx: Context, indent: int) -> Result:
    """YIELD_VALUE (its value names[-1]) in a trace: when the frame is a generator that a
    builtin's Drain resumed inside the loop (vm/consumers.py; `resume_target` DRAINING, and a
    `back` frame: a generator resumed by host code is the loop's entry frame, whose `back` is
    None, whatever an earlier drain left in its resume_target) and the drain takes the item in
    place, the generator goes on as the loop's DRAIN_IN_PLACE makes it: resumed with None, the
    trace's path on at the next instruction. Otherwise (resumed by a FOR_ITER, a `yield from`
    or host code; an item the drain does not take) an exit before the YIELD_VALUE, where the
    loop yields the item itself. Its DRAIN_IN_PLACE offers the item again: a drain refusing an
    item is left as it was, so it refuses it again (Drain.offer)."""
    pad = ' ' * indent
    item = names[-1]
    state = State(names, None)
    result = Result()
    result.lines.append(pad + 'if f.back is None or f.resume_target != DRAINING or f.back.stack[-1].offer(%s) is not None:'
                        % item)
    result.lines.extend(ctx.exit_before(indent + 4))
    # taken: as the loop's YIELD_VALUE and DRAIN_IN_PLACE leave the frame, the value sent (None)
    # in the item's place
    result.lines.append(pad + 'f.yielded = True')
    result.lines.append(pad + '%s = None' % item)
    result.falls.append(state)
    return result
