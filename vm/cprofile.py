"""C-level profilers (cProfile's _lsprof) on VM frames.

A C profiler gets its events through PyEval_SetProfile, never as a Python call, and reads
only `frame->f_code` of the frames it is given. While one is enabled from a program, its C
callback (read back from the thread state) is driven by the VM's profile events: a VM frame
is shown to it as a real host frame running a stand-in code object with the VM code's name,
file and first line (one per code object, so calls of a function add up), host frames of
the program and libraries as themselves, builtins as themselves. CPython only.
"""
import ctypes
import sys
import types
from typing import Any, Dict, List

from . import settrace, stack
from .compat import host_code, host_frame
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

_EVENTS = {'call': 0, 'exception': 1, 'line': 2, 'return': 3, 'c_call': 4, 'c_exception': 5,
           'c_return': 6}
_CALLBACK = ctypes.PYFUNCTYPE(   # called with the GIL held
    ctypes.c_int, ctypes.py_object, ctypes.py_object, ctypes.c_int,
                             ctypes.py_object)
_stand_ins: Dict[Any, Any] = {}
_set_profile = ctypes.pythonapi.PyEval_SetProfile
_set_profile.argtypes = (ctypes.c_void_p, ctypes.py_object)
_set_profile.restype = None
# (profile_trampoline, the C profiler's callback): sys.setprofile's and _lsprof's C functions
_addresses: List[int] = []


def _thread_state() -> int:
    get = ctypes.pythonapi.PyThreadState_Get
    get.restype = ctypes.c_void_p
    return get()


def _find_addresses(profiler_type: Any) -> None:
    """Read the C profile functions back from the thread state: Python-level profiling's and
    the C profiler's. c_profilefunc is found as the word two before c_profileobj (whose value
    is known), as in PyThreadState of 3.8 to 3.13."""
    def probe(*args: Any) -> None:
        return None
    settrace._host_setprofile(probe)
    try:
        words: Any = (ctypes.c_void_p * 64).from_address(_thread_state())
        for index in range(2, 64):
            if words[index] == id(probe) and words[index - 2]:
                break
        else:
            raise RuntimeError('cannot find c_profilefunc in the thread state')
        trampoline = words[index - 2]
    finally:
        settrace._host_setprofile(None)
    dummy = profiler_type()
    dummy.enable()
    try:
        callback = words[index - 2]
    finally:
        dummy.disable()
    _addresses[:] = [trampoline, callback]


def _stand_in(frame: Any) -> Any:
    """A real frame whose f_code stands for VM frame `frame`'s code (host frames as they are)."""
    if not hasattr(frame, 'dc'):
        return getattr(frame, 'frame', frame)   # a host frame (or a LogicalFrameView of one)
    code = frame.code
    made = _stand_ins.get(code)
    if made is None:
        made = _stand_ins[code] = host_frame(
            host_code(code.co_name, code.co_filename, code.co_firstlineno), {}, None)
    return made


def _bridge(profiler: Any) -> Any:
    """A profile function (frame, event, arg) feeding C profiler `profiler` the VM's events."""
    callback = _CALLBACK(_addresses[1])

    def bridge(frame: Any, event: str, arg: Any) -> None:
        what = _EVENTS.get(event)
        if what is not None and what != 1 and what != 2:
            callback(profiler, _stand_in(frame), what, arg)
    bridge.profiler = profiler   # type: ignore[attr-defined]
    bridge.callback = callback   # type: ignore[attr-defined]
    return bridge


class _Override:
    """A method of the Profiler subclass that reprs as the C method it overrides (the C profiler
    names an unmatched c_call of disable() through the type's attribute)."""

    def __init__(self, function: Any, original: Any) -> None:
        self.function = function
        self.original = original

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        return self.function if instance is None else types.MethodType(self.function, instance)

    def __repr__(self) -> str:
        return repr(self.original)


def install() -> None:
    """cProfile profiles VM code: _lsprof.Profiler gets enable/disable that hand its C callback
    to the VM's profile events (pipeline.run does this)."""
    try:
        import _lsprof
    except ImportError:
        return
    base = _lsprof.Profiler
    if getattr(base, '_vm_bridge', False):
        return

    try:
        _find_addresses(base)
    except (RuntimeError, AttributeError, ValueError):
        return
    dispatch = settrace._host_profile_dispatch

    class Profiler(base):   # type: ignore[misc, valid-type]
        __doc__ = base.__doc__
        _vm_bridge = True

        def enable(self, subcalls: bool = True, builtins: bool = True) -> None:
            bridge = _bridge(self)
            base.enable(self, subcalls, builtins)
            # at once (a ctypes call reports nothing): the C callback must see no VM machinery
            _set_profile(_addresses[0], dispatch)
            settrace.setprofile(bridge)

        def disable(self) -> None:
            # any profiler's disable() ends whichever profiles (PyEval_SetProfile(NULL, NULL))
            current = settrace.STATE.profilefunc
            enabled = getattr(current, 'profiler', None)
            if enabled is not None:
                # the c_call of disable() that the enabled profiler records (no return is seen)
                caller = stack.getframe(0)   # the program's frame calling (this one is machinery)
                ts = settrace.STATE
                ts.tracing += 1   # a timer function it calls is not profiled (as call_trace)
                try:
                    current.callback(enabled, _stand_in(caller), _EVENTS['c_call'],
                                     base.disable.__get__(self))
                finally:
                    ts.tracing -= 1
                settrace.setprofile(None)
            base.disable(self)

    Profiler.enable = _Override(Profiler.enable, base.enable)   # type: ignore[method-assign, assignment]
    Profiler.disable = _Override(Profiler.disable, base.disable)   # type: ignore[method-assign, assignment]
    Profiler.__module__ = base.__module__
    Profiler.__qualname__ = Profiler.__name__ = base.__name__
    _lsprof.Profiler = Profiler   # type: ignore[misc]
