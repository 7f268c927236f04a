"""The program's call stack as both VM code and host code see it: VM frames spliced into the host's.

On the host, VM code runs inside an eval loop (run_frame), one host frame per loop; a
loop runs a chain of VM frames, from its current frame back to the frame it was entered
with, its entry. The loops say where they are in an explicit frame stack: per thread, the
entry of the innermost running loop (RUNNING_LOOPS), each entry's `loop_outer` the entry
of the loop running when it started and its `loop_frame` the frame it runs now. The
logical stack replaces each eval-loop host frame (its code is in LOOP_CODES) by that
chain and drops the VM's other machinery frames, so `sys._getframe(n)` (from VM code, or
from host code such as collections.namedtuple, enum, typing and logging when
pipeline.run has installed `getframe`) and a VM frame's `f_back` walk the frames
CPython 3.8 would have.
"""
import collections
import sys
import threading
import types
from typing import Any, Callable, Dict, Final, Iterable, Iterator, List, Optional, Set, Tuple

from . import frame as _frame_module, host_patches
from .frame import Frame
from .settrace import STATE, host_hooks_set, host_local_trace, resume_traced
from .compat import host_code, host_frame, running_line
from .tracebacks import MACHINERY_FILES
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

get_ident = threading.get_ident
RUNNING_LOOPS: Dict[int, Frame] = {}   # thread ident -> entry frame of its innermost running loop
LOOP_CODES: Set[Any] = set()   # the host code objects of the generated loops (vm/eval.py, vm/tracing.py)
# A loop whose host frame calls one of these has handed its frames (and its registration) to
# the loop called through it: a plain loop to the traced one once sys.settrace is called
HANDOVER_CODES: Set[Any] = {resume_traced.__code__}

host_getframe = sys._getframe
host_current_frames = sys._current_frames

# Host files of a driver running the program (pipeline.run): the program's stack ends
# where they begin, as a script's <module> frame has no caller in CPython.
DRIVER_FILES: Set[str] = set()
# Stand-ins for the frames CPython 3.8 has below the program's first one where the driver's
# begin (runpy's two under -m), innermost first; set by set_driver_callers
DRIVER_CALLERS: List['CallerStandIn'] = []


def end_stack_at(filenames: Iterable[str]) -> None:
    """Frames of these host files (and their callers) are not part of the program's stack."""
    DRIVER_FILES.update(filenames)


def running_loops(thread: Optional[int] = None) -> List[Frame]:
    """The entry frames of the eval loops running in a thread (default: this one), innermost first."""
    entries = []
    entry = RUNNING_LOOPS.get(get_ident() if thread is None else thread)
    while entry is not None:
        entries.append(entry)
        entry = entry.loop_outer
    return entries


def _loops_above(host: Any, top: Any) -> Optional[Tuple[int, bool]]:
    """How many eval loops run between host frame `top` and `host`, and whether `host` is a
    loop that handed its frames over (None: `host` is not below `top`)."""
    above = 0
    handed = False
    while top is not None and top is not host:
        above += top.f_code in LOOP_CODES and not handed
        handed = top.f_code in HANDOVER_CODES
        top = top.f_back
    return None if top is None else (above, handed)


def _loops_from(host: Any, top: Any, thread: Optional[int]) -> Tuple[Iterator[Frame], bool]:
    """The entries of the loops at or beyond host frame `host`, outwards, given its thread's
    newest host frame `top` (found among all threads' when `host` is not below it): the
    loops' host frames are in the same order as the entries; and whether `host` is a loop
    that handed its frames over."""
    found = _loops_above(host, top)
    if found is None and thread is None:
        for ident, other in host_current_frames().items():
            found = _loops_above(host, other)
            if found is not None:
                thread = ident
                break
    if found is None:
        return iter(()), False
    return iter(running_loops(thread)[found[0]:]), found[1]


def current_frame(entry: Frame) -> Frame:
    """The frame the loop entered with `entry` runs now."""
    frame = entry.loop_frame
    return entry if frame is None else frame


def escape(frame: Any) -> Any:
    """`frame`, marked as seen outside the eval loop (its Frame object is then never reused for
    another call: Frame.host False until it gets a traceback stand-in), and its VM callers.

    Each keeps its VM caller in Frame.caller past its return: the loop drops a finished frame's
    `back` (the frames of plain calls are reused), but a 3.8 frame keeps its f_back until freed
    (a generator's not: gen_send_ex clears it at every yield and at the end)."""
    seen = frame
    while type(seen) is Frame and seen.host is None:
        seen.host = False
        back = seen.back
        if back is None or seen.dc.is_generator:
            break
        seen.caller = back
        seen = back
    return frame


def is_executing(frame: Frame) -> bool:
    """Whether VM `frame` is running (on this thread's logical stack, or its generator runs)."""
    if frame.gen is not None and frame.gen._running:
        return True
    return any(each is frame for each in logical_frames(host_getframe(1)))


def _host_walk(host: Any, top: Any = None, thread: Optional[int] = None) -> Iterator[tuple]:
    """(host frame, (current, entry) if it is an eval loop else None) from `host` outwards,
    up to the driver's frames; `top`: the thread's newest host frame (default: this one's)."""
    loops, handed = _loops_from(host, host_getframe(1) if top is None else top, thread)
    while host is not None:
        filename = host.f_code.co_filename
        if filename in DRIVER_FILES:
            if DRIVER_CALLERS:
                yield None, None   # the driver's stand-ins follow (logical_frames)
            return
        if host.f_code in LOOP_CODES and not handed:
            entry = next(loops, None)
            yield host, (None if entry is None else (current_frame(entry), entry))
        else:
            yield host, None   # (a loop that handed its frames over is machinery)
        handed = host.f_code in HANDOVER_CODES
        host = host.f_back


def logical_frames(host: Any, top: Any = None, thread: Optional[int] = None) -> Iterator[Any]:
    """The logical frames from host frame `host` outwards: host frames of the program and
    libraries as they are, each eval loop as the VM frames it is running (`top`, `thread`:
    as _host_walk's)."""
    inner = None
    runners: List[Any] = []   # compiled code's host frames since the last loop, innermost first
    own = thread is None or thread == get_ident()   # (this thread's: _sync_from_runner)
    for host, loop in _host_walk(host, host_getframe(1) if top is None else top, thread):
        if loop is not None:
            frame, entry = loop
            _sync_position(host, inner, frame, own)
            # (the current frame run by a compiled body nested in the loop's trace: its body's)
            for runner in runners:
                if _sync_from_runner(runner, frame, own):
                    break
            runners = []
            while frame is not None:
                yield escape(frame)
                if frame is entry:
                    break
                sync_caller(frame)
                frame = frame.back
        elif host is None:
            yield from DRIVER_CALLERS
        elif host.f_code.co_filename not in MACHINERY_FILES:
            yield host
        elif host.f_code.co_name in _RUNNER_NAMES:
            runners.append(host)
        inner = host


# A loop keeps its instruction index in a local of its host frame (LOOP_BODY's `i`: the index
# after the instruction running; a tier-2 trace's `at`: the instruction running, or, in a trace
# without `at` markers, its table's entry for the line running, LINE_AT) and writes it
# to the frame it runs (f.i) only where that frame calls out. Host code reached another way
# (an operator's dunder method, a property, a comparison) that asks for the frame's line gets
# the loop's own position, read here. tests/test_vm_api.py's f_lineno tests hold the names.
_LOOP_POSITION: Final = 'i'
# (and the instruction it fetched last, from its decoded instructions: a jump has moved `i` to
# its target, but a signal handler run right after it sees the jump's line, as in 3.8: after_jump)
_LOOP_OP: Final = 'op'
_LOOP_ARG: Final = 'arg'
_LOOP_CODE: Final = 'code'
_LOOP_JUMPS: Final = 'JUMPING'   # (the loop's module's jumping instructions)
_TRACE_POSITION: Final = 'at'
_TRACE_TABLE: Final = 'LINE_AT'
_CO_OPTIMIZED: Final = 0x0001   # (a function's frame: its f_locals a snapshot, not its namespace)
_TRACE_CODE_NAME: Final = 'trace'
# the host code of everything running VM frames on the host stack besides the loops: a tier-2
# trace, a compiled body, a generator's compiled step (vm/tier2.py), each with its frame as `f`
_RUNNER_NAMES: Final = frozenset([_TRACE_CODE_NAME, 'body', 'step'])


def _sync_position(host: Any, inner: Any, frame: Frame, own: bool) -> None:
    """Set VM `frame`'s f.i from the host frame of the loop running it (`host`), or from the
    tier-2 trace running the loop's frame (`inner`, the host frame `host` called)."""
    if (inner is not None and inner.f_code.co_name == _TRACE_CODE_NAME
            and inner.f_code.co_filename in MACHINERY_FILES):
        _sync_from_runner(inner, frame, own)
    else:
        _sync_from_runner(host, frame, own)


def after_jump(code: List[Any], i: int, op: int, arg: Any) -> int:
    """The loop's `i` for an exception that arrived when the last instruction fetched, (op, arg),
    is a jump: as it was unless the jump moved `i` to its target, then the index after the jump.
    The host delivers a signal at its own loop's back edge, after the instruction is done; 3.8
    checks at the top of the next instruction, with f_lasti still on the jump, and names its line.
    The jump is found by its argument object (unique for a fused pair's tuple or a tier-2 back edge;
    an int target may be shared: then a loop's closing jump, else the nearest jump before `i`)."""
    if 0 < i <= len(code) and code[i - 1][0] == op and code[i - 1][1] is arg:
        return i   # not taken, or raised before it moved `i`
    # a comparison fused with its jump (arg: the comparison, the target): the jump is the second
    compare_jump = type(arg) is tuple and type(arg[0]) is not int
    if compare_jump and 1 < i <= len(code) and code[i - 2][0] == op and code[i - 2][1] is arg:
        return i   # raised by the jump's truth test, `i` past the jump
    if not (arg == i if type(arg) is int else i in arg if type(arg) is tuple
            else getattr(arg, 'target', None) == i):
        return i   # `i` is not its target: set by what raised (a tier-2 trace sets f.i exactly)
    found = [k for k, (kop, karg) in enumerate(code) if kop == op and karg is arg]
    if not found:
        return i
    backward = [k for k in found if k >= i]
    return (backward[-1] if backward else max(found)) + (2 if compare_jump else 1)


def sync_position(frame: Frame) -> None:
    """Set f.i of VM `frame` from the host code running it when it may be behind: the frame is
    what a loop of this thread (or compiled code in it) runs now, or the caller of host code
    whose call of a VM function runs as a compiled body linked to it (caller_host). Host code
    reached another way than a call instruction (an operator's dunder, a comparison's, a
    property) that reads the line or f_lasti of a frame the program holds (a generator's
    gi_frame, a frame kept from sys._getframe) gets the position the loop is at, as 3.8's.
    Not the current frame of this thread's innermost loop: what reads it runs from the frame's
    own instruction (LOAD_ATTR and calls write f.i), and the walk reads the loops' host locals (a
    snapshot of them each host frame keeps on 3.11/3.12 hosts: the frame's locals would outlive
    its return)."""
    entries = running_loops()
    if entries and current_frame(entries[0]) is frame:
        return
    for entry in entries:
        callee = current = current_frame(entry)
        while current is not frame:
            if current is entry or current is None:
                break
            callee, current = current, current.back
        else:
            if callee is current or getattr(callee, 'caller_host', None) is not None:
                for each in logical_frames(host_getframe(1)):   # (the walk syncs the frames it passes)
                    if each is frame:
                        return
            return


def walked_lineno(frame: Any) -> int:
    """f_lineno of a frame (VM or host) that a walk of the stack has just passed (and synced)."""
    return frame.walked_lineno() if type(frame) is Frame else frame.f_lineno


def runs_vm_frames(host: Any) -> bool:
    """Whether host frame `host` is code running a VM frame itself (a loop, a trace, a compiled
    body or step), so that the frame's position can be read from it (sync_caller)."""
    code = host.f_code
    return code in LOOP_CODES or (code.co_name in _RUNNER_NAMES and code.co_filename in MACHINERY_FILES)


def sync_caller(callee: Any) -> None:
    """Set f.i of VM frame `callee`'s caller (its `back`) from the host frame running it, when
    host code called `callee`'s function from there and a compiled body runs it, linked straight
    to that caller (vm/tier2_calls.py's host_call records the host frame as callee.caller_host):
    nothing wrote the caller's position before that call (an operator's dunder, a class's
    __init__, a key function), so whoever looks at the caller (f_back, sys._getframe(n), warnings'
    stacklevel, inspect.stack) reads it here, as _sync_position reads a loop's."""
    host = getattr(callee, 'caller_host', None)
    back = callee.back
    if host is not None and back is not None:
        _sync_from_runner(host, back)


def _sync_from_runner(host: Any, frame: Any, own: bool = True) -> bool:
    """Set VM `frame`'s f.i from host frame `host` when that runs it (runs_vm_frames); whether it
    does. `own`: `host` runs in this thread."""
    names: Any = None
    try:
        code = host.f_code
        names = host.f_locals
        if names.get('f') is not frame:
            return False
        if code in LOOP_CODES:
            position = names.get(_LOOP_POSITION)
            if type(position) is int:
                op = names.get(_LOOP_OP)
                if op in host.f_globals.get(_LOOP_JUMPS, ()):   # (a signal handler runs right after a jump)
                    position = after_jump(names[_LOOP_CODE], position, op, names.get(_LOOP_ARG))
                frame.i = position
            return True
        table = host.f_globals.get(_TRACE_TABLE)
        if table is not None:   # (no markers: the table's entry for the line it runs)
            position = table.get(running_line(host))
        else:
            position = names.get(_TRACE_POSITION)
        if type(position) is int and position >= 0:
            frame.i = position + 1
        return True
    except Exception:   # a frame the host cannot show its locals of: the position last written stays
        return False
    finally:
        # the snapshot of its locals that a host frame keeps once read (a dict on 3.8-3.12 and
        # PyPy hosts; 3.13's f_locals is a view), emptied: its values would outlive their use in
        # the still running code (a finished callee's frame, and its locals: `gf`, `nf`); not
        # while the host traces (it writes a traced frame's snapshot back into the frame), nor
        # another thread's frame (whose tracing this thread cannot tell)
        if type(names) is dict and own and code.co_flags & _CO_OPTIMIZED and not host_hooks_set():
            names.clear()


def entry_caller(entry: Frame) -> Any:
    """The logical caller of a VM frame that its loop was entered with (a VM frame of an outer
    loop, or a host frame), while that loop runs in this thread; otherwise None."""
    for host, loop in _host_walk(host_getframe(1)):
        if loop is not None and loop[1] is entry:
            return next(logical_frames(host.f_back), None)
    return None


def logical_back(frame: Any) -> Any:
    """The logical caller of a VM or host frame (what f_back would be in CPython), or None."""
    if type(frame) is Frame:
        if frame.back is not None:
            sync_caller(frame)
            return escape(frame.back)
        caller = entry_caller(frame)
        return caller if caller is not None else getattr(frame, 'caller', None)
    if type(frame) is CallerStandIn:
        return frame.caller
    for caller in logical_frames(frame.f_back):
        return caller
    return None


def walk(frame: Any) -> Iterator[Any]:
    """`frame` and its logical callers, outwards."""
    while frame is not None:
        yield frame
        frame = logical_back(frame)


def frame_at(frame: Any, depth: int) -> Any:
    """The logical frame `depth` callers out from `frame` (sys._getframe's walk)."""
    while depth > 0 and frame is not None:
        frame = logical_back(frame)
        depth -= 1
    if frame is None:
        raise ValueError('call stack is not deep enough')
    return escape(frame)


def _nth(host: Any, depth: int) -> Any:
    """The logical frame `depth` frames out from host frame `host` (depth 0: `host`'s own)."""
    for frame in logical_frames(host):
        if depth == 0:
            return frame
        depth -= 1
    raise ValueError('call stack is not deep enough')


def getframe(depth: int = 0) -> Any:
    """sys._getframe for host code while VM code runs: the logical frame `depth` callers out."""
    return view(_nth(host_getframe(1), depth.__index__()))


getframe.__doc__ = host_getframe.__doc__


def getframemodulename(depth: int = 0) -> Any:
    """sys._getframemodulename (3.12+: namedtuple, Enum's functional API and typing name the
    module of what they make by it) while VM code runs: the module of the logical frame `depth`
    callers out (its globals' __name__: a function's __module__ is set from them), None past the
    stack's end."""
    try:
        frame = _nth(host_getframe(1), depth.__index__())
    except ValueError:
        return None
    return frame.f_globals.get('__name__')


def current_frames() -> dict:
    """sys._current_frames over the logical stack: each thread's innermost logical frame
    (the caller's own frame for the calling thread)."""
    me = threading.get_ident()
    result = {}
    for ident, host in host_current_frames().items():
        if ident == me:
            host = host_getframe(1)
        for frame in logical_frames(host, host, ident):
            result[ident] = frame
            break
    return result


current_frames.__doc__ = host_current_frames.__doc__


class LogicalFrameView:
    """A host frame whose f_back follows the logical stack, for host code that walks f_back
    itself (logging's findCaller): every other attribute is the frame's own."""
    __slots__ = ('frame',)

    def __init__(self, frame: Any) -> None:
        self.frame = frame

    def __getattr__(self, name: str) -> Any:
        return getattr(self.frame, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == 'frame':
            object.__setattr__(self, name, value)
        else:   # f_trace, f_lineno, f_trace_lines ... (bdb.set_trace sets f_trace up the stack)
            if name == 'f_trace' and value is not None:
                # called by the host's tracing, the function must run untraced (as 3.8's)
                value = host_local_trace(value)
            setattr(self.frame, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self.frame, name)

    @property
    def f_back(self) -> Any:
        return view(logical_back(self.frame))

    __class__ = property(lambda self: types.FrameType)   # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.frame)


_views: 'collections.OrderedDict[int, LogicalFrameView]' = collections.OrderedDict()


def view(frame: Any) -> Any:
    """`frame` as host code walking f_back should see it (VM frames walk the logical stack already).

    While a trace or profile function is set the same host frame gets the same view (bdb and
    profile compare frames with `is`: bdb's botframe, profile's caller of a call); the most
    recent 256 are kept."""
    if frame is None or type(frame) is Frame or type(frame) is CallerStandIn:
        return frame
    if STATE.tracefunc is None and STATE.profilefunc is None:
        return LogicalFrameView(frame)
    key = id(frame)
    existing = _views.get(key)
    if existing is not None and existing.frame is frame:
        _views.move_to_end(key)
        return existing
    made = _views[key] = LogicalFrameView(frame)
    if len(_views) > 256:
        _views.popitem(last=False)
    return made


class CallerStandIn(LogicalFrameView):
    """A frame of CPython 3.8 below the program's first that the driver does not have (runpy's
    under -m): a finished host frame whose code has the function's name, file and line."""
    __slots__ = ('caller',)

    def __init__(self, frame: Any, caller: Any) -> None:
        object.__setattr__(self, 'frame', frame)
        object.__setattr__(self, 'caller', caller)

    @property
    def f_back(self) -> Any:
        return self.caller


def _finished_frame_at(filename: str, lineno: int, name: str, globals_dict: dict) -> Any:
    """A finished host frame of a code named `name` in `filename` stopped at line `lineno`."""
    frame = host_frame(host_code(name, filename, lineno), globals_dict, {})
    if frame.f_lineno != lineno:   # (3.13 puts a generator never run on the line after its first)
        frame = host_frame(host_code(name, filename, 2 * lineno - frame.f_lineno), globals_dict, {})
    return frame


def set_driver_callers(entries: Iterable[tuple], globals_dict: Optional[dict] = None) -> None:
    """The frames below the program's first, (filename, lineno, name, ...) outermost first, as
    traceback entries (pipeline.run's runpy entries); none when `entries` is empty."""
    callers: List[CallerStandIn] = []
    caller = None
    for filename, lineno, name, *_ in entries:
        caller = CallerStandIn(_finished_frame_at(filename, lineno, name, globals_dict or {}), caller)
        callers.insert(0, caller)
    DRIVER_CALLERS[:] = callers


def _logging_currentframe(depth: int) -> Any:
    """logging.currentframe over the logical stack (`depth` as the host logging's own)."""
    def currentframe() -> Any:
        # depth counts this function itself (as the host's lambda counts itself): it is
        # machinery, so counting starts one frame out
        return view(_nth(host_getframe(1), depth - 1))
    return currentframe


def logging_currentframe(current: Any) -> Any:
    """The replacement for the host logging's currentframe `current` (installed by
    host_patches), so findCaller (record filename, lineno, funcName) walks the logical stack
    and records name the program's frames; None when `current` has an unknown shape."""
    # the host logging's own depth: `lambda: sys._getframe(N)` (3 on 3.8, 1 on 3.11+)
    depths = [const for const in getattr(getattr(current, '__code__', None), 'co_consts', ())
              if type(const) is int]
    return _logging_currentframe(depths[0]) if len(depths) == 1 else None


def running_vm_frame(host: Any) -> Any:
    """The VM frame run by the first eval loop at or beyond host frame `host`, or None."""
    for _, loop in _host_walk(host, host_getframe(1)):
        if loop is not None:
            return loop[0]
    return None


# Host code of the VM's machinery whose callees are machinery too, whatever their files (the
# tier-2 translator's entry, which runs `re` and compile): for the program, what arrives while it
# runs arrives at the instruction of the loop it translates for
MACHINERY_CALLERS: Set[Any] = set()


def program_frame(host: Any) -> Any:
    """The program's frame running where host frame `host` runs, as host code walking f_back
    should see it (None when there is none): a signal handler's frame argument."""
    at = host
    while at is not None and not runs_vm_frames(at):
        if at.f_code in MACHINERY_CALLERS:
            host = at
            break
        at = at.f_back
    return view(next(logical_frames(host), None)) if host is not None else None


class ProgramSignalHandler:
    """A program's signal handler as the host's signal module holds it while VM code runs: the
    host calls it with the host frame the signal arrived in (an eval loop's, compiled code's,
    the translator's), and the program's handler gets the program's frame running there, as
    CPython 3.8 passes the frame its eval loop runs."""
    __slots__ = ('handler',)

    def __init__(self, handler: Any) -> None:
        self.handler = handler

    def __call__(self, signum: int, frame: Any) -> Any:
        return self.handler(signum, frame if type(frame) is Frame else program_frame(frame))


def _program_handler(handler: Any) -> Any:
    """What the program set, given what the host's signal module holds."""
    return handler.handler if type(handler) is ProgramSignalHandler else handler


def _signal_patches(signal: Any) -> Iterable[Tuple[str, Any]]:
    host_signal, host_getsignal = signal.signal, signal.getsignal

    def set_handler(signalnum: Any, handler: Any) -> Any:
        held = handler
        if callable(handler) and type(handler) is not _BUILTIN_FUNCTION:
            held = ProgramSignalHandler(handler)
        return _program_handler(host_signal(signalnum, held))

    def getsignal(signalnum: Any) -> Any:
        return _program_handler(host_getsignal(signalnum))
    return (('signal', _named_as(set_handler, host_signal)), ('getsignal', _named_as(getsignal, host_getsignal)))


# the type of handlers the host holds as they are (signal.default_int_handler): built-in, they
# have no use for a frame (on PyPy types.BuiltinMethodType is a Python method's type)
_BUILTIN_FUNCTION = type(len)


def _logging_patches(logging: Any) -> Iterable[Tuple[str, Any]]:
    replacement = logging_currentframe(getattr(logging, 'currentframe', None))
    return () if replacement is None else (('currentframe', replacement),)


# What gc.get_objects and gc.get_referrers run first while VM code runs: the objects 3.8 has
# that the VM makes only when something looks (vm/tier2_generators.py's made_while_running)
BEFORE_GC_LOOKS: List[Callable[[], None]] = []


def _looks_after_making(real: Any) -> Any:
    """`real` (a gc function looking at every object) with BEFORE_GC_LOOKS run first."""
    def look(*args: Any, **kwargs: Any) -> Any:
        for make in BEFORE_GC_LOOKS:
            make()
        return real(*args, **kwargs)
    return _named_as(look, real)


def _named_as(replacement: Any, real: Any) -> Any:
    """`replacement` of host function `real`, with its name, qualified name and docstring."""
    replacement.__name__, replacement.__qualname__, replacement.__doc__ = real.__name__, real.__qualname__, real.__doc__
    return replacement


host_patches.provide('sys', lambda module: (('_getframe', getframe), ('_current_frames', current_frames)) + (
    (('_getframemodulename', getframemodulename),) if hasattr(module, '_getframemodulename') else ()))
host_patches.provide('gc', lambda gc: [(name, _looks_after_making(getattr(gc, name)))
                                       for name in ('get_objects', 'get_referrers')])
host_patches.provide('logging', _logging_patches)
host_patches.provide('signal', _signal_patches)
_frame_module.walker = types.SimpleNamespace(escape=escape, logical_back=logical_back, view=view,
                                             is_executing=is_executing, sync_position=sync_position)
