"""Host tracebacks whose entries are the program's frames, none of the VM's own."""
import os
from typing import Any, Optional

from ..compiler.code import CO_OPTIMIZED
from .compat import VM_TB_LASTI, host_code, host_frame, make_tb_entry, tb_frame_code
from .frame import FastLocals
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

_VM_DIR = os.path.dirname(os.path.abspath(__file__))
MACHINERY_FILES = frozenset(
    os.path.join(_VM_DIR, name) for name in os.listdir(_VM_DIR) if name.endswith('.py'))


def _is_machinery(tb: Any) -> bool:
    return tb_frame_code(tb)[1].co_filename in MACHINERY_FILES


def strip_machinery(tb: Any) -> Optional[Any]:
    """`tb` without the VM's own entries (those above the first program entry made by the VM)."""
    head = None
    last = None
    while tb is not None and tb.tb_lasti != VM_TB_LASTI:
        if not _is_machinery(tb):
            if last is None:
                head = tb
            else:
                last.tb_next = tb
            last = tb
        tb = tb.tb_next
    if last is None:
        return tb
    last.tb_next = tb
    return head


def host_frame_of(frame: Any) -> Any:
    """The host frame standing for VM `frame` in tracebacks: one per activation, whose f_locals
    are a live view of the frame's locals, so a traceback keeps them alive as CPython's
    frames do."""
    host = frame.host
    if frame.code.co_flags & CO_OPTIMIZED:
        if host and host.f_locals.fast is frame.fast:
            return host
        names = FastLocals(frame.dc, frame.fast)
    else:
        if host:
            return host
        names = frame.locals
    dc = frame.dc
    code = dc.host_code
    if code is None:
        code = dc.host_code = host_code(frame.code.co_name, frame.code.co_filename,
                                        frame.code.co_firstlineno)
    host = frame.host = host_frame(code, frame.globals, names)
    return host


def add_entry(exc: BaseException, frame: Any, index: int) -> None:
    """Put the entry of VM `frame` (at instruction `index`) in front of exc's traceback, as PyTraceBack_Here."""
    # as PyFrame_GetLineNumber: a frame with f_trace set reports the line of its last 'line'
    # event (still set after pdb's `continue` turned tracing off: the line it stopped at)
    lineno = frame.dc.line_of(index) if getattr(frame, 'trace', None) is None else frame.f_lineno
    exc.__traceback__ = make_tb_entry(strip_machinery(exc.__traceback__), host_frame_of(frame), lineno)
