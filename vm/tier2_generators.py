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
import sys
from collections import OrderedDict
from typing import Any, Dict, List, Optional

from ..compiler import opcodes as O
from ..compiler.code import CO_COROUTINE
from . import hostbuiltins, tier2_calls
from . import consumers
from .consumers import DRAINING
from .await_ops import get_awaitable
from .decode import NULL
from .generators import KEPT_STEPS, Coroutine
from .frame import new_frame
from .function import FRAME_POOL_LIMIT, make_generator
from .settrace import CONTINUED, TRACE_REQUESTED
from .stack import BEFORE_GC_LOOKS, RUNNING_LOOPS, get_ident
from .tier2_backedges import host_builtins_rebound
from .tier2_calls import EXIT
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
    # (a trace function set meanwhile, by code the generator called: the loop's YIELD_VALUE, which
    # hands the instrumented loop the frames, each later resumption the builtin's own, reported)
    result.lines.append(pad + 'if TRACE_REQUESTED[0] or f.back is None or f.resume_target != DRAINING'
                        ' or f.back.stack[-1].offer(%s) is not None:' % item)
    result.lines.extend(ctx.exit_before(indent + 4))
    # taken: as the loop's YIELD_VALUE and DRAIN_IN_PLACE leave the frame, the value sent (None)
    # in the item's place
    result.lines.append(pad + 'f.yielded = True')
    result.lines.append(pad + '%s = None' % item)
    result.falls.append(state)
    return result


def offer_to_drain(names: List[str], ctx: Context, indent: int, suspend: Any, blocks: bool = True) -> Result:
    """YIELD_VALUE (its value names[-1]) in a generator's drain step (drain_call): the item offered
    to the step's Drain `D`; taken, the generator goes on at once, resumed with None, as the loop's
    DRAIN_IN_PLACE makes it; not taken, or a trace or profile function set meanwhile (by code the
    generator called: then every later resumption must be the builtin's own, each reported), the
    step returns it, the frame suspended at the yield (`suspend(indent)`), and drain_call hands
    the rest over to the builtin. Inside an except block
    an exit before the yield, the loop yielding it (the handled exception goes with the generator);
    no test of it for code with no blocks (`blocks` False). The frame's `yielded` is left as it is
    (the step's return, its suspension and the loop finishing it set it: read by no one before)."""
    pad = ' ' * indent
    item = names[-1]
    result = Result()
    if blocks:
        result.lines.append(pad + 'if f.blocks and unwind.in_handler(f):')
        result.lines.extend(ctx.exit_before(indent + 4))
    # (a trace function set meanwhile: each resumption is the builtin's, reported as 3.8 reports it)
    result.lines.append(pad + 'if TRACE_REQUESTED[0] or D.offer(%s) is not None:' % item)
    result.lines.extend(suspend(indent + 4))
    result.lines.append(pad + '%s = None' % item)
    result.falls.append(State(names, None))
    return result


def drain_in_trace(condition: str, index: int, arg: int, names: List[str], call: Result, ctx: Context,
                   indent: int) -> Result:
    """A call (`call`, translated) of a builtin with a VM generator as its first argument
    (`condition`, exit_condition's) in a trace, body or step: where it holds, the builtin's drain
    run by the generator's drain step (drain_call), its value the call's, or, where drain_call
    leaves it to the loop (NOT_HERE), an exit before the call, the loop running the drain in place
    as before; otherwise the call as translated."""
    pad = ' ' * indent
    after = call.falls[0].names if len(call.falls) == 1 and not call.dones else None
    kept = len(after) - 1 if after else -1
    if after is None or after[:kept] != names[:kept] or len(names) - kept < arg + 1:
        result = Result()   # (a shape not expected: the exit as before)
        result.lines = [pad + 'if %s:' % condition] + ctx.exit_before(indent + 4) + call.lines
        result.falls, result.dones = call.falls, call.dones
        return result
    out = after[-1]
    consumed = [name for name in names[kept:] if name != out]
    result = Result()
    # (drain_call asks whether the callable is such a builtin: NO_DRAIN when it is not)
    result.lines = [pad + 'if type(%s) is Generator:' % names[-arg],
                    pad + '    f.i = %d' % (index + 1),   # (as RESUME_DRAINED leaves the caller: f_lineno)
                    pad + '    v = DRAIN_CALL(f, %s, (%s,), entry)' % (names[-arg - 1], ', '.join(names[-arg:])),
                    pad + '    if v is NOT_HERE:']
    result.lines.extend(ctx.exit_before(indent + 8))
    result.lines.append(pad + 'else:')
    result.lines.append(pad + '    v = NO_DRAIN')
    result.lines.append(pad + 'if v is NO_DRAIN:')
    result.lines.extend('    ' + line for line in call.lines)
    result.lines.append(pad + 'else:')
    result.lines.append(pad + '    %s = v' % out)
    result.lines.append(pad + '    %s = v = None' % ' = '.join(consumed) if consumed else pad + '    v = None')
    result.falls = call.falls
    return result


# -- a VM generator resumed by compiled code ---------------------------------------------------------
#
# A trace's (or a compiled body's) FOR_ITER over a VM generator runs the generator's own compiled
# code on the host stack, as a call, from where it was suspended to its next yield: a *step*, one
# host function per (code, resume index), translated from the generator's code as a function's
# body is (vm/tier2.py's build_step: the loop the resume point is in a host `while True:` entered
# at its head after the rest of the iteration, its YIELD_VALUE a `return` of the item with the
# frame written back for the next step). next_item pushes the generator's frame as the loop's
# RESUME_GENERATOR does (gi_running, its f_back the consumer, one level deeper, the running loop's
# current frame: sys._getframe, tracebacks and f_lineno see what they would in the loop); where
# the step cannot go on (an exit: a guard, an instruction it does not translate, a yield inside a
# block) or raises, the resumption is finished in a loop of its own from where it left the frame
# (Generator._send, resuming), which runs the rest to the yield, and unwinds an exception there as
# the loop would have, its traceback entries and PEP 479 included. A generator with no step for
# its resume index (none built yet, or none that translates), or one not in a state the loop
# would resume inline (running, finished, suspended in an except block), is left to the loop:
# NOT_HERE, nothing done, and the trace exits before FOR_ITER as before.

NOT_HERE = tier2_calls.NOT_HERE   # next_item's answer when the loop is to resume the generator
MAX_STEPS = 400    # compiled steps alive at once (per code and resume index), the oldest dropped
STEP_REVIEW = 200  # steps run after which one's exits are counted against its runs

_POP_TOP = O.POP_TOP
RETURNED = tier2_calls.RETURNED   # the value of the generator next_item(delegating=True) saw return
STEP_WARMUP = tier2_calls.STEP_WARMUP   # the loop's YIELD_FROM resumptions from one resume index before its step is built
# compiled code's resumptions from one resume index before its step is built (the loop resumes
# the generator till then): a point reached once in a while (nqueens' permutations after its
# first yield: once a run) is not worth a translation, which costs as much as tens of thousands
# of resumptions in the loop (bench/FINDINGS.md, "Session 21, s21hex")
STEP_RESUMPTIONS = 8
_limit = tier2_calls.LIMIT   # (hostcalls.recursion_limit's, resolved)
_origin_tracking_depth = sys.get_coroutine_origin_tracking_depth


class _Unmade:
    """The generator a step from the start of coroutine code is given by await_call, whose
    coroutine is not made yet (nothing can reach it while it runs): where the step writes the
    coroutine's state (gi_running, its frame), read by no one; the step tests and links nothing
    else of it (build_step's fresh steps)."""
    __slots__ = ('_running', '_frame')


UNMADE = _Unmade()


class Steps:
    """The compiled steps of one generator code by resume index (None: none translates), and
    per index its runs and early exits since the last review, and the loop's resumptions
    before it is built (delegated). Kept on the code's Decoded (dc.steps), so that a resumption
    finds its step with one attribute read and one dict lookup."""
    __slots__ = ('dc', 'by_index', 'runs', 'exits', 'countdowns')

    def __init__(self, dc: Any) -> None:
        self.dc = dc
        self.by_index: Dict[int, Any] = {}
        self.runs: Dict[int, int] = {}
        self.exits: Dict[int, int] = {}
        self.countdowns: Dict[int, int] = {}


# the codes with steps, oldest first (id(dc) -> its Steps): past MAX_STEPS the oldest code's are
# dropped (its dc.steps cleared; built again if it is resumed by compiled code again)
_steps: 'OrderedDict[int, Steps]' = OrderedDict()
BUILD_STEP: Any = None   # vm/tier2.py's build_step (set when tier 2's projector is imported)
_MISSING = object()      # (by_index.get's default: no step built for that index yet)
_BODIES_RUNNING = tier2_calls.BODIES_RUNNING
_MAX_CALL_DEPTH = tier2_calls.MAX_CALL_DEPTH


def _table(dc: Any) -> Steps:
    table = dc.steps
    if table is None:
        table = dc.steps = Steps(dc)
        _steps[id(dc)] = table
        while len(_steps) > MAX_STEPS:
            _, oldest = _steps.popitem(last=False)
            if oldest.dc.steps is oldest:
                oldest.dc.steps = None
    return table


def step_of(gf: Any) -> Any:
    """The compiled step of generator frame `gf` from its resume index, building it the first
    time (None: it has none)."""
    dc = gf.dc
    table = _table(dc)
    index = gf.i
    if index in table.by_index:
        return table.by_index[index]
    if TRACE_REQUESTED[0] or dc.quick is None or host_builtins_rebound():
        return None   # (not now: the translation runs host library code, see tier2_backedges)
    step = BUILD_STEP(dc, index, len(gf.stack), False, gf.globals)
    if step is not None:
        step.resumed_at = index   # (the key its early exits are counted under: step_left)
    table.by_index[index] = step
    table.runs[index] = table.exits[index] = 0
    return step


def _note_exit(gf: Any, index: int) -> None:
    """A step from `index` left the frame early: past STEP_REVIEW runs, one that does so more
    often than not is dropped (the loop resumes the generator from there on)."""
    table = gf.dc.steps
    if table is None:
        return
    table.exits[index] = table.exits.get(index, 0) + 1
    runs = table.runs[index] = table.runs.get(index, 0) + 1
    if runs >= STEP_REVIEW:
        if 2 * table.exits[index] > runs:
            table.by_index[index] = None
        table.runs[index] = table.exits[index] = 0


def next_item(f: Any, gen: Any, entry: Any, sent: Any = None, delegating: bool = False, levels: int = 1) -> Any:
    """FOR_ITER's next item of VM generator `gen` for frame `f` running compiled code (or, with
    `sent` and `delegating`, YIELD_FROM's of a generator or coroutine): the value it yields (its
    compiled step run, as the loop's RESUME_GENERATOR would run it); NULL when it returns
    (finished, as the loop's RETURN_VALUE leaves it; `delegating`: its value in RETURNED[0]);
    NOT_HERE when the loop is to resume it (nothing done). An exception leaving the generator
    propagates (PEP 479's RuntimeError for a StopIteration), as from the loop's FOR_ITER.
    `entry` is the running loop's registration (the compiled code's own `entry`), whose current
    frame the generator's is while its step runs; `levels`: the generator's frame's depth below
    f's (2 for a send() call: the call's level, as hostcalls.entered_depth counts it). The step
    tests the generator's state itself (NOT_HERE from it) and links its frame (build_step's
    _step_links); compiled code calls the step a generator keeps (Generator._kept_step) itself,
    next_item being the way in where it has none (`resumption`)."""
    gf = gen._frame
    if gf is None:
        return NOT_HERE
    resumed = gf.i
    if sent is not None and not resumed:
        return NOT_HERE   # (the loop raises the TypeError of a value sent to a just-started one)
    table = gf.dc.steps
    step: Any = _MISSING if table is None else table.by_index.get(resumed, _MISSING)
    if step is _MISSING:
        if not _warmed(gf, STEP_RESUMPTIONS):
            return NOT_HERE
        step = step_of(gf)
    if step is None:
        return NOT_HERE
    value = step(gen, gf, f, entry, sent, delegating, levels)
    if value is EXIT:
        return step_left(gen, gf, None, delegating, step)
    return value


def resumption(pad: str, gen: str, sent: str, delegating: bool) -> List[str]:
    """Compiled code's lines (at the indent of `pad`) setting `v` to next_item's value for VM
    generator or coroutine `gen` with the value `sent` (delegating: YIELD_FROM's): the step it
    keeps (Generator._kept_step, which checks that the frame is still suspended where it resumes
    from) called directly, one host call per resumption; next_item where it keeps none (and
    always where generators keep no step: generators.KEPT_STEPS off)."""
    if not KEPT_STEPS:
        return [pad + 'v = NEXT_ITEM(f, %s, entry, %s, %s)' % (gen, sent, delegating)]
    return [pad + 'gstep = %s._kept_step' % gen,
            pad + 'if gstep is None:',
            pad + '    v = NEXT_ITEM(f, %s, entry, %s, %s)' % (gen, sent, delegating),
            pad + 'else:',
            pad + '    v = gstep(%s, %s._frame, f, entry, %s, %s)' % (gen, gen, sent, delegating),
            pad + '    if v is EXIT:',
            pad + '        v = STEP_LEFT(%s, %s._frame, None, %s, gstep)' % (gen, gen, delegating)]


def step_left(gen: Any, gf: Any, thrown: Optional[BaseException], delegating: bool, step: Any) -> Any:
    """The rest of a resumption whose step (`step`) left generator `gen`'s frame `gf` early (an
    exit, its frame written back and unlinked; or exception `thrown`, raised by instruction
    gf.i - 1), in a loop of its own from there (Generator._send, resuming), which runs it to the
    next yield or unwinds the exception as the loop would have, its traceback entries and PEP 479
    included: next_item's value. `gen` UNMADE: await_call's fresh coroutine, made now (`_shown`).
    (A trace function set meanwhile: the activation began untraced, so that loop reports no
    'call'.)"""
    fresh = gen is UNMADE
    if fresh:
        gen = _shown(gf)
    elif KEPT_STEPS:
        gen._kept_step = None   # (counted: a step that keeps leaving early is dropped, see _note_exit)
    _note_exit(gf, step.resumed_at)
    CONTINUED[0] = gf
    try:
        value = gen._send(None, thrown, resuming=True)
    except StopIteration as stop:
        if delegating:
            RETURNED[0] = stop.value
        return NULL
    finally:
        CONTINUED[0] = None
        thrown = None   # (no cycle through this frame's traceback entry)
    if fresh:
        RETURNED[0] = gen   # (suspended: the awaiting frame's receiver, as await_call's)
    return value


def delegate(names: List[str], index: int, ctx: Context, indent: int, suspend: Any) -> Result:
    """YIELD_FROM (its receiver names[-2], the value sent names[-1]) in a generator's step: a VM
    generator's or coroutine's next item from its own step (next_item, delegating), which this
    generator yields in turn (`suspend(indent)`: the lines returning `v` with the frame left
    suspended at the YIELD_FROM, as the loop's YIELD_FROM leaves it), or, when it returns, its
    value as the result and the path on (inside a `try` or `with` block too: the frame keeps
    its block stack while suspended). An exit before the YIELD_FROM, the loop running it, for
    another receiver, inside an except block (the handled exception's state goes with a
    suspended generator) and where next_item leaves it to the loop (NOT_HERE)."""
    pad = ' ' * indent
    receiver, sent = names[-2], names[-1]
    result = Result()
    result.lines.append(pad + 'if (type(%s) is not Generator and type(%s) is not Coroutine) or (f.blocks and unwind.in_handler(f)):'
                        % (receiver, receiver))
    result.lines.extend(ctx.exit_before(indent + 4))
    result.lines.append(pad + 'f.i = %d' % index)   # (as RESUME_GENERATOR's caller index: f_lineno)
    result.lines.extend(resumption(pad, receiver, sent, True))
    result.lines.append(pad + 'if v is NOT_HERE:')
    result.lines.extend(ctx.exit_before(indent + 4))
    result.lines.append(pad + 'if v is not NULL:')
    result.lines.extend(suspend(indent + 4))
    # returned: its value is the result of `yield from` (the receiver's slot), the value sent dropped
    result.lines.append(pad + '%s = RETURNED[0]' % receiver)
    result.lines.append(pad + 'RETURNED[0] = v = None')
    result.falls.append(State(names[:-1], None))
    return result


# -- `await f(...)` in a step: the callee coroutine's step run at once ---------------------------------
#
# A coroutine function called and awaited at once (CALL_FUNCTION k, GET_AWAITABLE, LOAD_CONST None,
# YIELD_FROM: the code of `await f(x)`) in a step: when f is a VM coroutine function taking exactly
# k positional arguments (dc.coroutine_args) and its step from the start is built, await_call binds
# its frame and runs that step as next_item would run the fresh coroutine's, the value it returns
# being the await's, without the coroutine object: nothing can reach a coroutine that compiled code
# made and awaited at once while it runs (its frame's f_back is the awaiting frame, as in 3.8; a
# frame leads to no generator, and cr_origin is only asked for when its tracking is off). It is
# made where it first shows: when the callee suspends (the awaiting frame holds it, cr_await) or
# its step leaves the rest to a loop (Generator._send, resuming). The three instructions after the
# call are skipped (`awaited`) on that way; the others run them as before.

def await_site(dc: Any, index: int) -> bool:
    """Whether instruction `index` of `dc` (a call) is awaited at once: GET_AWAITABLE,
    LOAD_CONST None and YIELD_FROM follow it."""
    plain = dc.plain_instrs
    return (index + 3 < len(plain) and plain[index + 1][0] == O.GET_AWAITABLE
            and plain[index + 2] == (O.LOAD_CONST, None) and plain[index + 3][0] == O.YIELD_FROM)


def awaited_call(index: int, arg: int, names: List[str], call: Result, suspend: Any,
                 indent: int) -> Optional[Result]:
    """CALL_FUNCTION `arg` at `index` (its callable and arguments the top of `names`, translated as
    `call`) awaited at once in a step: a VM coroutine function's step run by await_call, its value
    in the callable's name and `awaited` set, or, when the callee suspends, this step suspended at
    the YIELD_FROM (`suspend(names, indent)`: the lines returning names[-1] with the rest written
    back), the coroutine its receiver; otherwise `call`, and the instructions after it as before.
    None where the call's value is not left in the callable's name."""
    pad = ' ' * indent
    func = names[-arg - 1]
    rest = names[:len(names) - arg]   # (the stack at the YIELD_FROM's suspension: the receiver on top)
    if not call.falls or call.dones or any(state.names != rest for state in call.falls):
        return None
    result = Result()
    result.lines = [pad + 'awaited = False',
                    pad + 'if type(%s) is Function and %s._dc.coroutine_args == %d:' % (func, func, arg),
                    pad + '    at = %d' % (index + 3),   # (what it raises comes out of the YIELD_FROM)
                    pad + '    f.i = %d' % (index + 3),   # (as delegate leaves it while the callee runs)
                    pad + '    v = AWAIT_CALL(f, %s, [%s], entry)' % (func, ', '.join(names[len(names) - arg:])),
                    pad + '    if v is not NOT_HERE:',
                    pad + '        awaited = True',
                    pad + '        %s = RETURNED[0]' % func,
                    pad + '        RETURNED[0] = None',
                    pad + '        if v is not NULL:']
    result.lines.extend(suspend(rest + ['v'], indent + 12))
    result.lines.append(pad + '        v = None')
    result.lines.append(pad + 'at = %d' % index)
    result.lines.append(pad + 'if not awaited:')
    result.lines.extend('    ' + line for line in call.lines)
    result.falls, result.dones = call.falls, call.dones
    return result


def skipped_if_awaited(result: Result, indent: int) -> Result:
    """GET_AWAITABLE or YIELD_FROM (translated as `result`) after a call awaited_call may have run:
    skipped when it did (`awaited`: the call's name holds the await's value, the value sent None)."""
    result.lines = [' ' * indent + 'if not awaited:'] + ['    ' + line for line in result.lines or ['pass']]
    return result


def awaitable(names: List[str], index: int, indent: int, exit_after: Any) -> Result:
    """GET_AWAITABLE (its operand names[-1]) in compiled code: a fresh coroutine is its own
    awaitable; anything else's is the loop's (await_ops.get_awaitable, whose __await__ may be VM
    code setting a trace function: then an exit after it, `exit_after(indent)`)."""
    pad = ' ' * indent
    value = names[-1]
    result = Result()
    result.lines = [pad + 'if type(%s) is not Coroutine or %s._frame is None or %s._frame.i:' % (value, value, value),
                    pad + '    f.i = %d' % (index + 1),   # (f_lineno, seen from __await__)
                    pad + '    %s = AWAITABLE_AT(f, %s, %d)' % (value, value, index + 1),
                    pad + '    if TRACE_REQUESTED[0]:']
    result.lines.extend(exit_after(indent + 8))
    result.falls.append(State(names, None))
    return result


def awaitable_at(f: Any, value: Any, i: int) -> Any:
    """The loop's GET_AWAITABLE of `value` for frame `f` at instruction i - 1 (the instructions
    before it name the await's kind in its errors, as the loop reads them: quickened)."""
    code = f.dc.quick or f.dc.instrs
    return get_awaitable(value, code[i - 2][0], code[i - 3][0])


def await_call(f: Any, func: Any, args: List[Any], entry: Any) -> Any:
    """`await func(*args)` for frame `f` running a step, `func` a VM coroutine function taking exactly
    those positional arguments: its fresh coroutine's step run as next_item runs it, delegating
    (NULL, its value in RETURNED[0]; or what it yields, the coroutine, suspended, in RETURNED[0]);
    NOT_HERE, nothing done, where the call and the await are to run as before (no step built,
    a trace function set, too deep, cr_origin tracked). An exception leaving the coroutine
    propagates, as from the YIELD_FROM."""
    dc = func._dc
    table = dc.steps
    step = None if table is None else table.by_index.get(0)
    if step is None or TRACE_REQUESTED[0] or _BODIES_RUNNING[0] >= _MAX_CALL_DEPTH or _origin_tracking_depth():
        return NOT_HERE   # (no step yet: the delegation's own way builds it)
    if f.depth + 2 >= _limit[0]:
        return NOT_HERE   # (at the limit: the loop's 3.8 error, or the state after one, vm/limits.py)
    if dc.local_tail:
        args.extend(dc.local_tail)
    pool = func._pool   # (a frame an earlier await_call of it finished unseen: no other call takes it)
    if pool:
        gf = pool.pop()
        gf.fast = args
        gf.i = 0
    else:
        gf = new_frame(dc, args, func._globals, func._builtins, None, func)
    # (its step links the frame without the coroutine, which nothing can reach while it runs
    # unless the program looks through gc: made_while_running makes it then)
    value = step(UNMADE, gf, f, entry)   # (no value sent, delegating)
    if value is NULL:   # returned (the value in RETURNED[0]), by its step or in a loop after it
        made = _made_for(gf) if _MADE else None   # (looked for while it ran)
        if made is not None:
            made._frame = None   # (finished, as a coroutine that returned)
        # its frame kept for the next await when nothing else can see it (as the loop's RELEASE_FRAME)
        elif gf.host is None and not gf.blocks and len(pool) < FRAME_POOL_LIMIT:
            gf.fast = gf.locals = None   # (its locals die now, as at 3.8's return)
            pool.append(gf)
        return NULL
    if value is EXIT:
        return step_left(UNMADE, gf, None, True, step)
    if RETURNED[0] is None:   # (its step yielded: step_left, after an exception, made it already)
        RETURNED[0] = _shown(gf)
    return value


def _shown(gf: Any) -> Any:
    """The coroutine of await_call's frame `gf`, made where it first shows: its step suspended it
    (the awaiting frame holds it, cr_await) or left the rest to a loop (step_left); or the one
    made while it ran, because the program looked for it (made_while_running)."""
    made = _made_for(gf) if _MADE else None
    if made is not None:
        return made
    gen = make_generator(gf.func, gf)
    gen._origin = None   # (its tracking was off at the call, whatever the callee set since)
    return gen


def _made_for(gf: Any) -> Any:
    """The coroutine made_while_running made for await_call's frame `gf` while its step ran (no
    longer running now), taken from _MADE; None when nothing looked."""
    made = _MADE.pop(id(gf), None)
    if made is not None:
        made._running = False
    return made


# The coroutines of frames that await_call runs (whose coroutine object is made only once it
# suspends), made while they run because the program looked for objects where 3.8 has them
# (gc.get_objects, gc.get_referrers): by id of the frame, taken by await_call when the step ends
_MADE: Dict[int, Any] = {}


def made_while_running() -> None:
    """Make the coroutine of each frame an await_call runs now, in any thread (a frame running a
    coroutine's code with no generator linked: every other way in links it, as gi_running needs):
    running, as 3.8's; await_call goes on with it (vm/stack.py's BEFORE_GC_LOOKS: run before
    gc.get_objects and gc.get_referrers while VM code runs)."""
    for entry in list(RUNNING_LOOPS.values()):
        while entry is not None:
            frame = entry.loop_frame or entry
            while frame is not None:
                if frame.gen is None and frame.code.co_flags & CO_COROUTINE and frame.func is not None \
                        and id(frame) not in _MADE:
                    made = _MADE[id(frame)] = make_generator(frame.func, frame)
                    made._running = True
                    made._origin = None
                if frame is entry:
                    break
                frame = frame.back
            entry = entry.loop_outer


BEFORE_GC_LOOKS.append(made_while_running)


def delegated(f: Any, gen: Any, sent: Any) -> Any:
    """The loop's YIELD_FROM (its STEP_DELEGATED hook, vm/adaptive.py) of VM generator or coroutine
    `gen` (one the loop would resume inline) by frame `f`: as next_item, delegating, once the
    resumptions from its resume index have warmed up (STEP_WARMUP: a step is built only for a
    resume point that the loop keeps coming back to, recursive `await`s of a coroutine function);
    NOT_HERE until then, and where it has none."""
    if not _warmed(gen._frame):
        return NOT_HERE
    return next_item(f, gen, RUNNING_LOOPS[get_ident()], sent, True)


def _warmed(gf: Any, warmup: int = STEP_WARMUP) -> bool:
    """Whether generator frame `gf` is to run its step from its resume index: it has one, or the
    resumptions from there have warmed up (`warmup` of them, counted here); not where none
    translates."""
    table = gf.dc.steps or _table(gf.dc)
    index = gf.i
    step = table.by_index.get(index, NOT_HERE)
    if step is None:
        return False
    if step is NOT_HERE:
        left = table.countdowns.get(index, warmup) - 1
        table.countdowns[index] = left
        if left > 0:
            return False
    return True


# -- `coro.send(value)` called by compiled code ----------------------------------------------------------
#
# A driver's send() of a VM coroutine from a trace, body or step (host code's call in the loop: a
# loop of its own for the coroutine's frame, Coroutine._send) runs the coroutine's step from its
# resume index instead, as next_item runs it for a YIELD_FROM: its frame one call level deeper
# than an await's (hostcalls.entered_depth's for a generator entered by a call), f_back the
# caller as 3.8's. Only for compiled code's own call: host code between (a host callback calling
# send) keeps its frames between, in a loop of its own.

def sent_call(index: int, names: List[str], call: Result, exit_after: Any, indent: int) -> Optional[Result]:
    """CALL_METHOD 1 at `index` after LOAD_METHOD send (names[-3:]: NULL, the bound method, the
    value; translated as `call`): a VM coroutine's send() run by send_step, its value in the
    names[-3] (an exit after it, `exit_after(names, indent)`, when a trace function was set
    meanwhile); otherwise `call`. None where the call's value is not left in names[-3]."""
    pad = ' ' * indent
    marker, method, value = names[-3:]
    if not call.falls or call.dones or any(state.names != names[:-2] for state in call.falls):
        return None
    result = Result()
    result.lines = [pad + 'sent = False',
                    pad + 'if %s is NULL and type(%s) is MethodType and %s.__func__ is COROUTINE_SEND:' % (
                        marker, method, method),
                    pad + '    f.i = %d' % (index + 1),
                    pad + '    v = SEND_STEP(f, %s.__self__, %s, entry)' % (method, value),
                    pad + '    if v is not NOT_HERE:',
                    pad + '        sent = True',
                    pad + '        %s = v' % marker,
                    pad + '        %s = %s = v = None' % (method, value),
                    pad + '        if TRACE_REQUESTED[0]:']
    result.lines.extend(exit_after(names[:-2], indent + 12))
    result.lines.append(pad + 'if not sent:')
    result.lines.extend('    ' + line for line in call.lines)
    result.falls = call.falls
    return result


def send_step(f: Any, gen: Any, value: Any, entry: Any) -> Any:
    """`gen.send(value)` (gen a VM coroutine) called by compiled code of frame `f`: what it yields
    (its step run by next_item), StopIteration raised with its value when it returns; NOT_HERE,
    nothing done, where the call is to run as before (no step warmed up, a state next_item
    leaves to the loop, a RecursionError to raise as the call's)."""
    gf = gen._frame
    if gf is None or type(gen) is not Coroutine or not _warmed(gf):
        return NOT_HERE
    if f.depth + 2 >= _limit[0]:
        return NOT_HERE
    item = next_item(f, gen, entry, value, True, 2)
    if item is NULL:
        returned = RETURNED[0]
        RETURNED[0] = None
        raise gen._returned(returned)
    return item


# -- a builtin's drain of a VM generator, run by compiled code ------------------------------------------
#
# set(g), tuple(g), sum(g), ''.join(g)... called from a trace, body or step with a VM generator g
# (drain_in_trace): the generator's *drain step* runs the drain, one host call for all its items:
# its code from where it is suspended, translated as a step is, whose YIELD_VALUE offers the item
# to the Drain (vm/consumers.py: the same object and rules as the loop's) and goes on when it is
# taken, as the loop's DRAIN_IN_PLACE. Frames as the loop's RESUME_DRAINED leaves them: the
# generator's two levels below the caller (3.8's call of the builtin is a recursion level), f_back
# the caller, the running loop's current frame. An item not taken ends the drain as in the loop
# (handed_over: the builtin goes on from there); an exit or an exception is finished in a loop of
# its own from where the step left the frame (tracebacks, PEP 479), as next_item does, and the
# drain goes on from the next yield.

NO_DRAIN = object()   # drain_call's answer when the callable is no builtin draining its iterable
_consumer_of = consumers.consumer_of


def _drain_step(gf: Any) -> Any:
    """The drain step of generator frame `gf` from its resume index, built the first time (None:
    none; not stored when not buildable now). Kept in the code's Steps by `-1 - index`."""
    dc = gf.dc
    table = dc.steps
    key = -1 - gf.i
    step = _MISSING if table is None else table.by_index.get(key, _MISSING)
    if step is _MISSING:
        if TRACE_REQUESTED[0] or dc.quick is None or host_builtins_rebound():
            return None
        table = _table(dc)
        step = table.by_index[key] = BUILD_STEP(dc, gf.i, len(gf.stack), True, gf.globals)
        table.runs[key] = table.exits[key] = 0
    return step


def drain_call(f: Any, func: Any, args: tuple, entry: Any) -> Any:
    """The value of compiled code's call `func(*args)` of a builtin consuming VM generator args[0]
    (vm/consumers.py's CONSUMERS and joins) by frame `f`, run by the generator's drain step;
    NO_DRAIN, nothing done, when `func` is no such builtin (the call is made as any other); or
    NOT_HERE, nothing done, where the loop is to run the call (no drain step, a call shape or a
    generator state the loop's drain does not take either (consumers.drain's tests), a trace
    function set, too deep)."""
    start = _consumer_of(func)
    if start is None:
        return NO_DRAIN
    gen = args[0]
    gf = gen._frame
    if (gf is None or gen._running or gen._exc_state is not None or TRACE_REQUESTED[0]
            or _BODIES_RUNNING[0] >= _MAX_CALL_DEPTH):
        return NOT_HERE
    step = _drain_step(gf)
    if step is None:
        return NOT_HERE
    if f.depth + 2 >= _limit[0]:
        return NOT_HERE   # (the builtin raises as 3.8 does)
    drain = start(func, gen, args, None)
    if drain is None:
        return NOT_HERE
    plain = gf.dc.plain_instrs
    depth = f.depth + 2
    while True:
        resumed = gf.i
        if resumed:   # (the builtin's next() sends None; a POP_TOP there: neither)
            if plain[resumed][0] == _POP_TOP:
                gf.i = resumed + 1
            else:
                gf.stack.append(None)
        gen._running = True
        gf.gen = gen
        gf.depth = depth
        gf.back = f
        entry.loop_frame = gf
        _BODIES_RUNNING[0] += 1
        thrown = None
        try:
            value = step(gf, entry, drain)
        except BaseException as exc:
            thrown = exc
        finally:
            _BODIES_RUNNING[0] -= 1
            entry.loop_frame = f
            gf.back = None
        if thrown is None and value is not EXIT:
            gf.gen = None
            gen._running = False
            if gf.yielded:   # an item the drain did not take: the builtin goes on from it
                return drain.handed_over(value)
            gen._frame = None   # returned: finished, as the loop's RETURN_VALUE leaves it
            return drain.finish(value)
        _note_exit(gf, -1 - resumed)
        gf.gen = None
        gen._running = False
        # the rest of the resumption in a loop of its own, to the next yield (see next_item)
        CONTINUED[0] = gf
        try:
            value = gen._send(None, thrown, resuming=True)
        except StopIteration as stop:
            return drain.finish(stop.value)
        finally:
            CONTINUED[0] = None
            thrown = None
        while True:   # the item yielded there offered, as the loop's DRAIN_IN_PLACE offers it
            if TRACE_REQUESTED[0] or drain.offer(value) is not None:
                return drain.handed_over(value)   # (a trace function set: each item the builtin's)
            step = None
            if gen._exc_state is None and _BODIES_RUNNING[0] < _MAX_CALL_DEPTH:
                step = _drain_step(gf)
            if step is not None:
                break
            try:   # (no drain step from there: the builtin's next(), a loop of its own)
                value = gen._send(None, None)
            except StopIteration as stop:
                return drain.finish(stop.value)
