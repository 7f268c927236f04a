"""Tier 2: hot functions compiled whole, their bodies run by the calls of the loop and of compiled code.

A function's body is a host function translated from the whole function as a trace is from a
loop (vm/tier2.py's build_body), returning the function's value. A plain call of a VM function
(exact positional arguments, or bound by the loop with defaults and keywords) runs it once it
has one: from the tier-1 loop (its CALL_BODY hook, vm/adaptive.py) and from traces and bodies
(CALL_FRAME), so that recursion runs body to body. Calls are counted per function (its Body,
the `body` of its decoded code, made with the quickened copy while tier 2 is on): BODY_WARMUP
calls from compiled code, CALL_WEIGHT times as many from the loop, compile it. While a body
runs, its frame is pushed as the loop pushes a callee (its f_back the caller, the depth one
more, the running loop's current frame: sys._getframe, tracebacks and f_lineno see what they
would in the loop), nested on the host stack. Wherever the body cannot go on (a guard, an
instruction it does not translate, an inner loop) it writes the value stack back and returns
EXIT: the frame is finished in a loop from there; an exception is unwound in such a loop from
the failing instruction (its handlers, its traceback entry), as an exception thrown into the
frame, so tracebacks are the loop's. A body that keeps exiting early is dropped, its function
never compiled again; at most MAX_BODIES are kept. Functions the loop enters with extra
recursion levels (__init__, __repr__, __str__), calls made while a trace or profile function
is set (the instrumented loop reports them) and calls past MAX_CALL_DEPTH compiled frames (the
host stack is bounded) run in a loop. On PyPy calls stay the loop's (NESTED_CALLS).
"""
import os
import sys
from collections import OrderedDict
from typing import Any, Dict, List

from . import function, host_patches, hostcalls, hostbuiltins, specialize
from .compat import set_handled_traceback
from .settrace import TRACE_REQUESTED
from .stack import RUNNING_LOOPS, get_ident
from .tracebacks import strip_machinery

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

# calls from compiled code before a function's body is compiled (fewer than a loop's trace
# runs before its review: a trace calling it exits there till then); a call from the loop
# counts 1/CALL_WEIGHT of one (it costs the loop no exit, and a body is worth its compilation
# only for a function called some thousand times)
BODY_WARMUP = int(os.environ.get('PIPELINE_TIER2_BODY_WARMUP') or 50)
CALL_WEIGHT = 20
MAX_CALL_DEPTH = 30     # compiled bodies running at once (each nests host frames)
MAX_BODIES = 200        # compiled bodies alive at once, the oldest dropped first
REVIEW = 200            # calls after which a body's exits are counted against its entries
NEVER = 1 << 62
# Whether a call of a VM function in a trace or body runs nested on the host stack (call_frame:
# its compiled body, else a loop of its own), the trace going on after it, or is an exit handing
# the callee to the loop (vm/tier2_translate.py's TRACE_MACROS): the loop's on PyPy, whose JIT
# does better with the callee in the same loop as its caller; PIPELINE_TIER2_CALLS=exit|nested
NESTED_CALLS = {'exit': False, 'nested': True}.get(os.environ.get('PIPELINE_TIER2_CALLS', ''),
                                                   sys.implementation.name != 'pypy')


class _Exit:
    """What a body returns when the frame is to be finished in a loop (from f.i, its stack written back)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return 'EXIT'


EXIT = _Exit()


class Body:
    """A function's call counter and, once compiled, its body (None while it has none): the
    `body` of its decoded code (made with its quickened copy while tier 2 is on)."""
    __slots__ = ('countdown', 'run', 'info', 'calls', 'exits')

    def __init__(self) -> None:
        self.countdown = BODY_WARMUP * CALL_WEIGHT
        self.run: Any = None
        self.info: Any = None
        self.calls = 0
        self.exits = 0

    def drop(self, verdict: str) -> None:
        self.run = None
        self.countdown = NEVER
        _live.pop(id(self), None)
        if self.info is not None:
            self.info.verdict = verdict
            self.info.namespace = {}


_live: 'OrderedDict[int, Body]' = OrderedDict()   # compiled bodies, oldest first
DEPTH = [0]                                      # compiled bodies running now (all threads)


class _NotHere:
    """vm/tier2_generators.py's answer when the loop is to resume a generator itself (nothing done)."""
    __slots__ = ()

    def __repr__(self) -> str:
        return 'NOT_HERE'


NOT_HERE = _NotHere()
# the loop's YIELD_FROM runs a VM generator's or coroutine's compiled step through this (its
# STEP_DELEGATED hook, vm/adaptive.py): vm/tier2_generators.py's `delegated` while tier 2 is on
# and its projector is loaded (here, not there: the loop imports this module at tier 1 already)
DELEGATED: List[Any] = [None]
_DELEGATE: List[Any] = [None]   # that function, once vm/tier2.py has loaded its module (delegate_with)
STEP_WARMUP = 50   # a code's resumptions by the loop's YIELD_FROM before tier 2's projector is loaded for it
_warming: Dict[int, int] = {}   # id(code) -> its resumptions left till then
# vm/tier2_backedges.py's load_projector: imports vm/tier2.py (and vm/tier2_generators.py), or None
PROJECTOR: Any = None
RETURNED: List[Any] = [None]   # the value of a generator that a step delegated to saw return


# set by vm/tier2_backedges.py when tier 2 is on: Decoded -> the TraceInfo and host function of
# the whole function, or None when it has none (vm/tier2.py's build_body, imported then)
BUILD: Any = None


def enable(on: bool) -> None:
    """Tier 2 on or off (vm/tier2_backedges.py's enable and disable): code quickened from then
    on gets a Body, counting its calls from the loop, where calls from traces run compiled
    bodies too (NESTED_CALLS: not on PyPy, whose JIT traces calls made in the loop); turned
    off, every compiled body goes."""
    specialize.NEW_BODY = Body if on and NESTED_CALLS else None
    DELEGATED[0] = (_DELEGATE[0] or _warming_up) if on and NESTED_CALLS else None
    if not on:
        for body in list(_live.values()):
            body.drop('dropped: tier 2 turned off')


def _warming_up(f: Any, gen: Any, sent: Any) -> Any:
    """DELEGATED until the projector is loaded: NOT_HERE (the loop resumes the generator inline)
    till one code has been resumed STEP_WARMUP times so (a program whose recursion runs through
    `await`, with no hot loop, loads it then), then what it sets DELEGATED to."""
    key = id(gen._code)
    left = _warming.get(key, STEP_WARMUP) - 1
    _warming[key] = left
    if left > 0 or PROJECTOR is None:
        return NOT_HERE
    if PROJECTOR() is None:   # (not while the program has rebound host builtins: looked at again later)
        _warming[key] = STEP_WARMUP
        return NOT_HERE
    _warming.clear()   # (vm/tier2.py has set DELEGATED: delegate_with)
    return DELEGATED[0](f, gen, sent)


def delegate_with(function: Any) -> None:
    """The function the loop's YIELD_FROM runs compiled steps through while tier 2 is on
    (vm/tier2_generators.py's delegated; DELEGATED)."""
    _DELEGATE[0] = function
    if specialize.NEW_BODY is not None:   # (on now: see enable)
        DELEGATED[0] = function


def compile_body(dc: Any, body: Body) -> None:
    """Compile the function of `dc` whole, when it is one the loop would push as a plain frame."""
    body.countdown = NEVER
    if dc.quick is None or dc.code.co_name in hostcalls.ENTERED_LEVELS or not dc.simple or TRACE_REQUESTED[0]:
        return
    built = BUILD(dc)
    if built is not None:
        body.info, body.run = built
        body.info.verdict = 'running'
        _live[id(body)] = body
        while len(_live) > MAX_BODIES:
            _, oldest = _live.popitem(last=False)
            oldest.drop('dropped: %d newer bodies compiled' % MAX_BODIES)


def body_of(callee: Any) -> Any:
    """The compiled body of VM frame `callee`'s function, or None (its calls from compiled code
    counted till it is compiled)."""
    dc = callee.dc
    body = dc.body
    if body is None:
        body = dc.body = Body()
    if body.run is None:
        body.countdown -= CALL_WEIGHT
        if body.countdown <= 0:
            compile_body(dc, body)
    return body.run


def call_frame(f: Any, callee: Any, entry: Any = None) -> Any:
    """The value of VM frame `callee`, a plain call made by frame `f` (from compiled code, or
    from the loop `entry`): run by its compiled body, when it has one, pushed as the loop pushes a
    frame; else, or from where the body left it, in a loop of its own."""
    body = callee.dc.body
    if body is None or body.run is None or DEPTH[0] >= MAX_CALL_DEPTH or TRACE_REQUESTED[0]:
        if body is None or body.run is None:
            body_of(callee)   # (counted)
        callee.i = 0
        return run_nested(callee, None)
    # PUSH_FRAME's check and links, the running loop's current frame the callee's
    depth = f.depth + 1
    limit = _program_limit[0]
    if depth >= (getrecursionlimit() if limit is None else limit):
        raise RecursionError('maximum recursion depth exceeded')
    if entry is None:
        entry = RUNNING_LOOPS[get_ident()]
    callee.depth = depth
    callee.back = f
    callee.i = 0
    entry.loop_frame = callee
    DEPTH[0] += 1
    thrown = None
    try:
        value = body.run(callee)
    except BaseException as exc:
        thrown = exc
    finally:
        DEPTH[0] -= 1
        entry.loop_frame = f
        callee.back = None
    calls = body.calls = body.calls + 1
    if thrown is not None or value is EXIT:
        body.exits += 1
        if calls >= REVIEW:
            if 2 * body.exits > calls:
                body.drop('dropped after %d calls: %d left it early' % (calls, body.exits))
            body.calls = body.exits = 0
        try:
            return run_nested(callee, thrown)
        finally:
            thrown = None   # (no cycle through this frame's traceback entry)
    if calls >= REVIEW:
        body.calls = body.exits = 0
    if callee.host is None and not callee.blocks and not callee.stack:
        # as the loop's RETURN_VALUE: unseen outside, the frame is the function's again
        pool = callee.func._pool
        if len(pool) < function.FRAME_POOL_LIMIT:
            callee.fast = None
            pool.append(callee)
    return value


_program_limit = hostcalls._program_limit   # (hostcalls.recursion_limit, inlined)
getrecursionlimit = sys.getrecursionlimit


def run_nested(frame: Any, throw: Any) -> Any:
    """Run `frame` from f.i to its end in a loop of its own (as host code calling a VM function,
    Function.__call__), `throw` unwound in it first: its value."""
    host_patches.enter()
    try:
        value = function.run_frame(frame, throw)
    except BaseException as exc:   # re-raised without the VM's own entries (as Function.__call__)
        set_handled_traceback(exc, strip_machinery(exc.__traceback__))
        raise
    finally:
        throw = None
        host_patches.leave()
    function.release_frame(frame)
    return value
