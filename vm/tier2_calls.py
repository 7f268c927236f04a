"""Tier 2: hot functions compiled whole, their bodies run by the calls of the loop and of compiled code.

A function's body is a host function translated from the whole function as a trace is from a
loop (vm/tier2.py's build_body), returning the function's value. A plain call of a VM function
(exact positional arguments, or bound by the loop with defaults and keywords) runs it once it
has one: from the tier-1 loop (its CALL_BODY hook, vm/adaptive.py; not on PyPy, LOOP_RUNS_BODIES)
and from traces and bodies (CALL_NESTED), so that recursion runs body to body. Calls are counted per function (its Body,
the `body` of its decoded code, made with the quickened copy while tier 2 is on): BODY_WARMUP
calls from compiled code, CALL_WEIGHT times as many from the loop, compile it (where the loop runs
no bodies, PyPy, the loop's count compiles only one it may run: others wait, warm, for compiled
code's first call, compile_body).

A compiled body is the whole call: `run(caller, f, entry)` takes the callee's frame `f` (its
arguments bound), the calling frame and the running loop's registration `entry`, and itself
checks the recursion depth (3.8's count: one VM frame deeper than its caller), pushes the frame
as the loop pushes a callee (its f_back the caller, the running loop's current frame:
sys._getframe, tracebacks and f_lineno see what they would in the loop), runs the function,
pops it and hands it back to its function's frame pool, all in one host frame; a call costs
one host call. Wherever the body cannot go on (a guard, an instruction it does not translate,
an inner loop) it writes the value stack back and the frame is finished in a loop from there
(leave); an exception is unwound in such a loop from the failing instruction (its handlers,
its traceback entry), as an exception thrown into the frame, so tracebacks are the loop's
(thrown). A body that keeps leaving early is dropped, its function never compiled again; at
most MAX_BODIES are kept. Calls made while a trace or profile function is set (the
instrumented loop reports them) and calls past MAX_CALL_DEPTH compiled frames (the host stack
is bounded) run in a loop. PIPELINE_TIER2_CALLS=exit leaves all calls to the loop (NESTED_CALLS).

Host code's calls of VM functions (an operator's dunder, a class's __init__ from type's call, a
key function, __eq__ and __hash__ from a dict) made straight from a loop, trace, body or step
run bodies too (host_call), as calls from the VM frame running there, with the depth 3.8
counts (an __init__ two levels deeper: hostcalls.entered_depth). Nothing wrote that caller's
position before such a call, so the callee's frame keeps the host frame running the caller
(caller_host) while it runs: whoever looks at the caller reads its position from there
(vm/stack.py's sync_caller), as the stack walker reads a loop's.
"""
import os
import sys
from collections import OrderedDict
from typing import Any, Dict, List, Optional
from weakref import ref

from ..compiler import opcodes as O
from . import function, host_patches, hostcalls, hostbuiltins, limits, specialize
from .compat import set_handled_traceback
from .settrace import TRACE_REQUESTED
from .stack import _RUNNER_NAMES as RUNNER_NAMES, LOOP_CODES, RUNNING_LOOPS, get_ident, host_getframe
from .tracebacks import MACHINERY_FILES, strip_machinery

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds
RUNNING_LOOPS_get = RUNNING_LOOPS.get
TP_CALLS = hostcalls.TP_CALLS

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
# the callee to the loop (vm/tier2_translate.py's TRACE_MACROS); PIPELINE_TIER2_CALLS=exit|nested.
# Nested on every host (on PyPy since session 18: tier 2's geomean there 2.0x -> 1.4x of native
# 3.8; bench/FINDINGS.md, "Session 18, s18nest")
NESTED_CALLS = {'exit': False, 'nested': True}.get(os.environ.get('PIPELINE_TIER2_CALLS', ''), True)
# Whether the tier-1 loop's plain calls run compiled bodies (its CALL_BODY hook, vm/adaptive.py), or
# only compiled code's calls do. Not on PyPy: there the whole loop (run_frame) is one JIT loop, which
# inlines the bodies it calls, and with them their guards on the program's classes (attribute
# maps, a class's unboxed int and float fields): a program that makes its classes again, or turns
# an int attribute into a float (deltablue's `/`), throws that loop away with all its bridges,
# and every body guard failing on a new class grows a bridge running through the rest of the
# loop's iteration; a trace is a JIT loop of its own (bench/FINDINGS.md, "Session 18, s18delta").
LOOP_RUNS_BODIES = sys.implementation.name != 'pypy'
# Where it does not, the loop still runs the body of a function calling itself from a frame the loop
# runs (fib's recursion entered from the loop: every level below the first compiled) when the body
# reads no attribute (ATTRIBUTE_OPS): none of the program's classes' guards comes into the loop's
# JIT code then. (go's Square.find, which does, lost 10-25% so: bench/FINDINGS.md, "Session 19,
# s19flow".)
ATTRIBUTE_OPS = frozenset([O.LOAD_ATTR, O.STORE_ATTR, O.DELETE_ATTR, O.LOAD_METHOD])


class Body:
    """A function's call counter and, once compiled, its body (None while it has none): the
    `body` of its decoded code (made with its quickened copy while tier 2 is on).

    A compiled body counts its calls (C) for its review; one that a review keeps runs its steady
    copy from then on (vm/tier2.py's steady_body: the same code without the count, a few percent
    of a short function's call), till REVIEW // 2 calls have left it early again (its exits are
    counted by `_popped`): then the counting one runs again, for the next review."""
    __slots__ = ('countdown', 'run', 'from_loop', 'from_itself', 'reads_attributes', 'info', 'exits',
                 'entered', 'counting', 'steady', 'warm')

    def __init__(self) -> None:
        self.countdown = BODY_WARMUP * CALL_WEIGHT
        self.run: Any = None     # run(caller, f, entry): the function's value (see the docstring)
        self.from_loop: Any = None   # what the loop's calls run: `run`, or None (LOOP_RUNS_BODIES)
        self.from_itself: Any = None   # what the loop's calls from the function's own frames run
        self.reads_attributes = True   # whether its code has ATTRIBUTE_OPS (set by compile_now)
        self.info: Any = None
        self.exits = 0           # calls left early since the last review
        self.entered = False     # its function's name is one of hostcalls.ENTERED_LEVELS (compile_now)
        self.counting: Any = None   # the compiled body that counts its calls (C)
        self.steady: Any = None     # its copy that does not, once a review has kept it
        self.warm = False        # the loop's count ran out, its body not compiled: compiled code's first call does (compile_body)

    def running(self, run: Any) -> None:
        """`run` runs the calls from now on (those of the loop too where LOOP_RUNS_BODIES)."""
        self.run = run
        self.from_loop = run if LOOP_RUNS_BODIES else None
        self.from_itself = run if LOOP_RUNS_BODIES or not self.reads_attributes else None

    def drop(self, verdict: str) -> None:
        self.running(None)
        self.counting = self.steady = None
        self.countdown = NEVER
        _live.pop(id(self), None)
        if self.info is not None:
            self.info.verdict = verdict
            self.info.namespace = {}

    def review(self) -> None:
        """After REVIEW calls (the body's countdown C): dropped when more than half left it early,
        else its steady copy runs from the next call on."""
        info = self.info
        if self.run is not None and 2 * self.exits > REVIEW:
            self.drop('dropped after %d calls: %d left it early' % (REVIEW, self.exits))
        elif info is not None:
            info.namespace['C'][0] = REVIEW
            if self.run is not None:
                if self.steady is None:
                    self.steady = STEADY(info)
                self.running(self.steady)
        self.exits = 0

    def left_early(self) -> None:
        """A call left the body early (`_popped`): past REVIEW // 2 such calls while its steady
        copy runs, the counting one runs again (reviewed after REVIEW calls)."""
        self.exits += 1
        if self.exits >= REVIEW // 2 and self.run is not None and self.run is self.steady:
            self.running(self.counting)
            self.info.namespace['C'][0] = REVIEW
            self.exits = 0


NO_BODY = Body()   # (a call site's `(dc.body or NO_BODY).run`: code that has no Body yet)
NO_BODY.countdown = NEVER


class _Exit:
    """What a generator's compiled step returns when the frame is to be finished in a loop (from
    f.i, its stack written back): vm/tier2_generators.py."""
    __slots__ = ()

    def __repr__(self) -> str:
        return 'EXIT'


EXIT = _Exit()


_live: 'OrderedDict[int, Body]' = OrderedDict()   # compiled bodies, oldest first
BODIES_RUNNING = [0]                             # compiled bodies running now (all threads)


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


BUILT = [False]   # whether a body has been built (BUILD returned: vm/tier2.py is imported)
# set by vm/tier2_backedges.py when tier 2 is on: Decoded -> the TraceInfo and host function of
# the whole function, or None when it has none (vm/tier2.py's build_body, imported then)
BUILD: Any = None
# the same: a compiled body's TraceInfo -> its copy that does not count its calls (vm/tier2.py's
# steady_body)
STEADY: Any = None


def enable(on: bool) -> None:
    """Tier 2 on or off (vm/tier2_backedges.py's enable and disable): code quickened from then
    on gets a Body, counting its calls from the loop, where calls from traces run compiled
    bodies too (NESTED_CALLS: not on PyPy, whose JIT traces calls made in the loop); turned
    off, every compiled body goes."""
    specialize.NEW_BODY = Body if on and NESTED_CALLS else None
    # (host_call nests host frames where a loop of its own would: only on hosts where the host's
    # recursion limit is raised for them and whose Python calls cost no C stack,
    # hostcalls.C_STACK_FREE; on a 3.8 host it spent the program's own limit: test_generators'
    # doctests in Lib/test at the VM)
    # (elsewhere, PyPy and CPython 3.8-3.10, such calls keep their loops of their own, but an
    # operator's dunder or an instance's `__call__` still leaves its hint: compiled code then
    # calls the dunder's body itself, no host call between)
    function.host_call_body = ((host_call if hostcalls.C_STACK_FREE else dunder_hint)
                               if on and NESTED_CALLS else None)
    DELEGATED[0] = (_DELEGATE[0] or _warming_up) if on and NESTED_CALLS else None
    if not on:
        for body in list(_live.values()):
            body.drop('dropped: tier 2 turned off')


def compilable(dc: Any) -> bool:
    """Whether the function of `dc` may have a body: not a generator's (a call makes one). Its
    calls with defaults, keywords, *args or **kwargs are bound by the caller
    (Function.make_frame) as the loop binds them, cells made there too (its code reads a
    parameter moved to a cell by LOAD_DEREF only). Bodies of functions with cells (session 12
    found hexiom slower with them: big bodies that left early, now dropped by their review) pay
    in session 14: chaos's Spline.__call__, whose list comprehension reads `self` and `interval`
    (chaos 13.6x -> 7.6x at t2, hexiom unchanged)."""
    return not dc.is_generator


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


def compile_body(dc: Any, body: Body, frame: Any = None) -> None:
    """The loop's count of calls of the function of `dc` (CALL_BODY, vm/adaptive.py) has run
    out: compile it (compile_now) where the loop may run its body, i.e. everywhere
    LOOP_RUNS_BODIES, else (PyPy) only a function whose code reads no attribute (Body.from_itself);
    any other is left warm: the first call from compiled code compiles it (body_of_code,
    host_call), none compiles it before. On PyPy the loop's counts compiled every function called
    1,000 times, bodies nothing ran before the program's loops were compiled (go's first run: 16
    such, half of its time). Compiled at once, not after BODY_WARMUP calls: a trace compiled
    early (tier2_backedges.LONG_ACTIVATION) exits at each call of a function with no body, and its
    review drops it after 100 entries that left early, before 50 calls would have compiled the
    bodies it calls (richards_like's `schedule` and its tasks' `run` and `take`: 0.035 s -> 0.25 s
    at PyPy's tier 2; bench/FINDINGS.md, "Session 21, s21go", "Session 22, s22go")."""
    if not LOOP_RUNS_BODIES and reads_attributes(dc):
        body.warm = True
        body.countdown = NEVER   # (the loop counts no more)
        return
    compile_now(dc, body, frame)


def reads_attributes(dc: Any) -> bool:
    """Whether the code of `dc` reads or writes an attribute (ATTRIBUTE_OPS)."""
    return any(opcode in ATTRIBUTE_OPS for opcode, _ in dc.raw)


def compile_now(dc: Any, body: Body, frame: Any = None) -> None:
    """Compile the function of `dc` whole, when it is compilable (`frame`: a frame of it,
    its arguments bound, whose globals and locals tell what its calls call now:
    vm/tier2.py's _known_call)."""
    body.countdown = NEVER
    body.warm = False
    if dc.quick is None or not compilable(dc) or TRACE_REQUESTED[0]:
        return
    built = BUILD(dc, frame)
    BUILT[0] = True
    body.entered = dc.code.co_name in hostcalls.ENTERED_LEVELS
    body.reads_attributes = reads_attributes(dc)
    if built is not None:
        _install(body, built)


def _install(body: Body, built: Any) -> None:
    body.info, run = built
    body.running(run)
    body.counting = run
    body.steady = None
    body.exits = 0
    body.info.verdict = 'running'
    body.info.namespace['C'][0] = REVIEW          # calls till the review
    body.info.namespace['REVIEW'] = body.review
    _live[id(body)] = body
    while len(_live) > MAX_BODIES:
        _, oldest = _live.popitem(last=False)
        oldest.drop('dropped: %d newer bodies compiled' % MAX_BODIES)


def compile_again(dc: Any, dunder: str) -> None:
    """The compiled body of the function of `dc`, where it has one whose translation found no
    live hint for an operator's `dunder` (DUNDER_SITES: one has come since), compiled again; the
    calls running the old one finish in it. (Once per hint: a translation that had one and did
    not use it, a dunder with cells say, does not ask again.)"""
    body = dc.body
    if body is None or body.run is None or dunder not in body.info.unhinted or TRACE_REQUESTED[0]:
        return
    old = body.info
    built = BUILD(dc)
    if built is not None:
        old.verdict = 'compiled again: a hint came'
        _install(body, built)


# An operator's dunder run here from compiled code: (the caller's decoded code, the dunder's
# name) -> weak references to (the type of its `self`, the VM function), the last seen (weak: a
# hint must not keep a class alive past its last use, which a weakref callback would show).
# vm/tier2.py reads it when it translates that code's binary operators, to call such a dunder's
# body directly.
BINARY_DUNDERS = frozenset(['__add__', '__sub__', '__mul__', '__truediv__', '__floordiv__', '__mod__',
                            '__matmul__', '__lshift__', '__rshift__', '__and__', '__xor__', '__or__'])
# Host code's calls leave it for an instance's `__call__` too, which vm/tier2.py's _instance_call
# calls so. (On PyPy, dunder_hint, since session 20: chaos's Spline.__call__ as a body of
# transform_point's lost there in session 18, 2.9x -> 4.0x, while create_image's loop was compiled
# only after 7 runs of the program; with it compiled in the first, tier2_backedges.LONG_RUN, a
# warm run 0.39 -> 0.25 s: bench/FINDINGS.md, "Session 20, s20chaos".)
HINTED = BINARY_DUNDERS | {'__call__'}
DUNDER_SITES: Dict[Any, Any] = {}
DUNDER_SITES_get = DUNDER_SITES.get


def body_of(callee: Any) -> Any:
    """The compiled body of VM frame `callee`'s function, or None (its calls from compiled code
    counted till it is compiled)."""
    return body_of_code(callee.dc, callee)


def body_of_code(dc: Any, frame: Any = None) -> Any:
    """The compiled body of the function of decoded code `dc`, or None (as body_of: a class's
    __init__ that a trace or body calls, vm/tier2.py's _class_init)."""
    BUILT[0] = True   # (compiled code calls this: vm/tier2.py is imported, host_call may compile)
    body = dc.body
    if body is None:
        body = dc.body = Body()
    if body.run is None:
        body.countdown -= CALL_WEIGHT
        if body.countdown <= 0 or body.warm:
            compile_now(dc, body, frame)
    return body.run


def call_frame(f: Any, callee: Any, entry: Any) -> Any:
    """The value of VM frame `callee`, a plain call made by frame `f` (in the loop `entry`) of a
    function that has no compiled body: counted (compiled when warm, then run by it), else run
    in a loop of its own."""
    run = body_of(callee)
    if run is not None:
        return run(f, callee, entry)
    callee.i = 0
    return run_nested(callee, None)


def host_call(dc: Any, f: Any) -> Any:
    """The value of VM frame `f` (its arguments bound) called by host code (Function.__call__)
    that a loop, trace, body or step called (an operator's dunder, type's call of __init__, a
    key function), run by the compiled body of its function (of decoded code `dc`) as a call
    from the VM frame running there; NOT_RUN (run it in a loop of its own) when it has no body
    yet (such calls are counted as calls from compiled code: each costs a loop), when no loop
    runs on this thread, or when other host code called it (a host library's Python function:
    its frame comes between the two on the logical stack, which a loop of its own keeps)."""
    body = dc.body
    if body is None:   # (a function with defaults, keywords or cells: no Body from its quickening)
        body = dc.body = Body()
    run = body.run
    if run is None:
        body.countdown -= CALL_WEIGHT
        if body.countdown > 0 and not body.warm:
            return function.NOT_RUN
        if not BUILT[0]:
            # (not the first compilation: vm/tier2.py's import runs host library code, which
            # host code's call, perhaps made deep in the host stack, may not have room for, and
            # host code's calls come while it is being imported too (a finalizer run by a
            # collection): a call from the loop or from compiled code compiles first)
            body.countdown = BODY_WARMUP * CALL_WEIGHT
            return function.NOT_RUN
        compile_now(dc, body, f)
        run = body.run
        if run is None:
            return function.NOT_RUN
    entry = RUNNING_LOOPS_get(get_ident())
    if entry is None:
        return function.NOT_RUN
    host: Any = host_getframe(2)   # (this function's caller is Function.__call__, called from C)
    code = host.f_code   # (stack.runs_vm_frames, inlined)
    if code not in LOOP_CODES and (code.co_filename not in MACHINERY_FILES or code.co_name not in RUNNER_NAMES):
        return function.NOT_RUN
    caller = entry.loop_frame or entry
    name = f.code.co_name
    if name in HINTED:
        _hint(caller, name, f)
    f.caller_host = host
    try:
        if body.entered:   # (as run_frame: 3.8's levels in between, hostcalls.ENTERED_LEVELS)
            if name in TP_CALLS and caller.depth + 2 < LIMIT[0]:
                return run(caller, f, entry, 2)   # (type's or the instance's call, then the frame: entered_depth's count)
            calling = function.run_frame.__globals__['CALLING']
            return run(caller, f, entry, hostcalls.entered_depth(f, caller, calling) - caller.depth)
        return run(caller, f, entry)
    except BaseException as exc:   # re-raised without the VM's own entries (as Function.__call__)
        set_handled_traceback(exc, strip_machinery(exc.__traceback__))
        raise
    finally:
        f.caller_host = host = None


def _hint(caller: Any, name: str, f: Any) -> None:
    """Dunder `name` (HINTED), its frame `f`, called by host code from VM frame `caller`: the hint
    vm/tier2.py's _binary_dunder and _instance_call guard on, the caller's body compiled again
    where it was translated before the first (once)."""
    site = DUNDER_SITES_get((caller.dc, name))
    cls = type(_first_argument(f))
    if site is None or site[0]() is not cls or site[1]() is not f.func:
        DUNDER_SITES[caller.dc, name] = (ref(cls), ref(f.func))
        if site is None or site[0]() is None:   # (a body translated before it, once)
            compile_again(caller.dc, name)


def _first_argument(f: Any) -> Any:
    """The first argument VM frame `f` was called with (`self`), from its cell where it is one."""
    for cell_index, arg_index in f.dc.cell2arg:
        if arg_index == 0:
            return f.fast[f.dc.nlocals + cell_index].cell_contents
    return f.fast[0]


def dunder_hint(dc: Any, f: Any) -> Any:
    """host_call_body where host code's calls run in loops of their own (PyPy and CPython
    3.8-3.10: hostcalls.C_STACK_FREE): NOT_RUN, the hint of an operator's dunder or an
    instance's `__call__` (HINTED) that host code calls from the frame a loop runs left first
    (host_call's), so that compiled code calls its body directly once compiled again."""
    name = f.code.co_name
    if name in HINTED and f.fast:
        entry = RUNNING_LOOPS_get(get_ident())
        if entry is not None:
            _hint(entry.loop_frame or entry, name, f)
    return function.NOT_RUN


def _popped(caller: Any, f: Any, entry: Any) -> None:
    """A body's frame `f` popped as its return pops it (the loop's current frame its caller
    again), its leaving counted for the body's review."""
    BODIES_RUNNING[0] -= 1
    entry.loop_frame = caller
    f.back = None
    body = f.dc.body
    if body is not None:
        body.left_early()


def leave(caller: Any, f: Any, entry: Any) -> Any:
    """A body that cannot go on (its stack written back, f.i where to resume): the frame popped,
    then finished in a loop of its own; its value."""
    _popped(caller, f, entry)
    return run_nested(f, None)


def thrown(caller: Any, f: Any, entry: Any, exc: Optional[BaseException]) -> Any:
    """A body's exception `exc` (its stack written back, f.i at the failing instruction): the
    frame popped, then the exception unwound in a loop of its own from there; its value."""
    _popped(caller, f, entry)
    try:
        return run_nested(f, exc)
    finally:
        exc = None   # (no cycle through this frame's traceback entry)


LIMIT = limits.resolved_limit   # (hostcalls.recursion_limit's, read by bodies without a host call)


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
