"""The program's call stack as both VM code and host code see it: VM frames spliced into the host's.

On the host, VM code runs inside `run_frame` (the eval loop), one host frame per loop; a
loop runs a chain of VM frames, from its current frame `f` back to the frame it was
entered with, `entry`. The logical stack replaces each eval-loop host frame by that chain
and drops the VM's other machinery frames, so `sys._getframe(n)` (from VM code, or from
host code such as collections.namedtuple, enum, typing and logging when pipeline.run has
installed `getframe`) and a VM frame's `f_back` walk the frames CPython 3.8 would have.
"""
import collections
import sys
import threading
import types
from typing import Any, Iterable, Iterator, Optional, Set

from .frame import Frame
from .settrace import STATE, host_local_trace
from .tracebacks import MACHINERY_FILES

host_getframe = sys._getframe

# Host files of a driver running the program (pipeline.run): the program's stack ends
# where they begin, as a script's <module> frame has no caller in CPython.
DRIVER_FILES: Set[str] = set()


def end_stack_at(filenames: Iterable[str]) -> None:
    """Frames of these host files (and their callers) are not part of the program's stack."""
    DRIVER_FILES.update(filenames)


def _loop_frames(host: Any) -> Optional[tuple]:
    """(current VM frame, entry VM frame) of an eval-loop host frame, or None for other frames."""
    code = host.f_code
    if code.co_name != 'run_frame' or code.co_filename not in MACHINERY_FILES:
        return None
    names = host.f_locals
    current, entry, index = names.get('f'), names.get('entry'), names.get('i')
    if not isinstance(current, Frame) or not isinstance(entry, Frame):
        return None
    if isinstance(index, int):
        current.i = index   # so f_lineno is the line of the instruction running now
    return current, entry


def escape(frame: Any) -> Any:
    """`frame`, marked as seen outside the eval loop (its Frame object is then never reused for
    another call: Frame.host False until it gets a traceback stand-in)."""
    if type(frame) is Frame and frame.host is None:
        frame.host = False
    return frame


def sync_position(frame: Frame) -> None:
    """If `frame` is the frame an eval loop of this thread is running, store the loop's
    current instruction in it (the loop keeps it in a local), so f_lineno is live."""
    state = getattr(frame, 'trace_state', None)
    if state is not None and state.in_event:
        return   # the trace hook stored the event's position (vm/settrace.py _call)
    host = host_getframe(1)
    while host is not None:
        if host.f_code.co_filename in MACHINERY_FILES and host.f_code.co_name == 'run_frame':
            names = host.f_locals
            if names.get('f') is frame:
                index = names.get('i')
                if isinstance(index, int):
                    frame.i = index
                return
        host = host.f_back


def is_executing(frame: Frame) -> bool:
    """Whether VM `frame` is running (on this thread's logical stack, or its generator runs)."""
    if frame.gen is not None and frame.gen._running:
        return True
    return any(each is frame for each in logical_frames(host_getframe(1)))


def _host_walk(host: Any) -> Iterator[tuple]:
    """(host frame, (current, entry) if it is an eval loop else None) from `host` outwards,
    up to the driver's frames."""
    while host is not None:
        filename = host.f_code.co_filename
        if filename in DRIVER_FILES:
            return
        yield host, (_loop_frames(host) if filename in MACHINERY_FILES else None)
        host = host.f_back


def logical_frames(host: Any) -> Iterator[Any]:
    """The logical frames from host frame `host` outwards: host frames of the program and
    libraries as they are, each eval loop as the VM frames it is running."""
    for host, loop in _host_walk(host):
        if loop is not None:
            frame, entry = loop
            while frame is not None:
                yield escape(frame)
                if frame is entry:
                    break
                frame = frame.back
        elif host.f_code.co_filename not in MACHINERY_FILES:
            yield host


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
        return escape(frame.back) if frame.back is not None else entry_caller(frame)
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

host_current_frames = sys._current_frames


def current_frames() -> dict:
    """sys._current_frames over the logical stack: each thread's innermost logical frame
    (the caller's own frame for the calling thread)."""
    me = threading.get_ident()
    result = {}
    for ident, host in host_current_frames().items():
        if ident == me:
            host = host_getframe(1)
        for frame in logical_frames(host):
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

    While a trace function is set the same host frame gets the same view (bdb compares frames
    with `is`: its botframe, stopframe); the most recent 256 are kept."""
    if frame is None or type(frame) is Frame:
        return frame
    if STATE.tracefunc is None:
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
