"""What a generator's finalization reports (as _PyGen_Finalize's helpers in 3.8): exceptions to
sys.unraisablehook with the generator as object, the never-awaited coroutine RuntimeWarning,
and the creation origin of coroutines (sys.set_coroutine_origin_tracking_depth)."""
import sys
from typing import Any, List, Tuple

from .compat import UnraisableHookArgs as _UnraisableHookArgs
from .stack import host_getframe, logical_frames, running_vm_frame, walked_lineno
from .tracebacks import add_entry, strip_machinery
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


def write_unraisable(obj: Any) -> None:
    """as PyErr_WriteUnraisable(obj) for the exception being handled: to sys.unraisablehook."""
    typ, value, tb = sys.exc_info()
    hook = getattr(sys, 'unraisablehook', None)
    if hook is None or _UnraisableHookArgs is None:
        return
    tb = strip_machinery(tb)
    if tb is None:
        # as _PyErr_WriteUnraisableMsg: an exception without a traceback gets the current frame's
        frame = running_vm_frame(host_getframe(1))
        if frame is not None and value is not None:
            add_entry(value, frame, frame.i - 1)
            tb = value.__traceback__
        frame = None
    try:
        hook(_UnraisableHookArgs((typ, value, tb, None, obj)))
    except BaseException:
        pass


def warn_unawaited(coro: Any) -> None:
    """as _PyErr_WarnUnawaitedCoroutine: through warnings._warn_unawaited_coroutine when it works."""
    warnings = sys.modules.get('warnings')
    if warnings is None:
        return
    warned = False
    hook = getattr(warnings, '_warn_unawaited_coroutine', None)
    if hook is not None:
        try:
            hook(coro)
            warned = True
        except RuntimeWarning:
            warned = True
            write_unraisable(coro)
        except BaseException:
            write_unraisable(coro)
    if not warned:
        try:
            warnings.warn("coroutine '%.50s' was never awaited" % coro._qualname, RuntimeWarning,
                          stacklevel=1)
        except BaseException:
            write_unraisable(coro)


def coroutine_origin(depth: int) -> tuple:
    """as compute_cr_origin: (filename, line, name) of the creating frame and its callers
    (over the logical stack: VM frames, and host frames between them)."""
    origin: List[Tuple[str, int, str]] = []
    for frame in logical_frames(host_getframe(2)):
        if len(origin) >= depth:
            break
        code = frame.f_code
        origin.append((code.co_filename, walked_lineno(frame), code.co_name))
    return tuple(origin)
