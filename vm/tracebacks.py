"""Host tracebacks whose entries are the program's frames, none of the VM's own."""
import os
from typing import Any, Optional

from .compat import VM_TB_LASTI, host_frame, make_tb_entry

_VM_DIR = os.path.dirname(os.path.abspath(__file__))
MACHINERY_FILES = frozenset(
    os.path.join(_VM_DIR, name) for name in os.listdir(_VM_DIR) if name.endswith('.py'))


def _is_machinery(tb: Any) -> bool:
    return tb.tb_frame.f_code.co_filename in MACHINERY_FILES


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


def add_entry(exc: BaseException, frame: Any, index: int) -> None:
    """Put the entry of VM `frame` (at instruction `index`) in front of exc's traceback, as PyTraceBack_Here."""
    dc = frame.dc
    host = dc.host_frame
    if host is None:
        code = dc.code
        host = dc.host_frame = host_frame(code.co_name, code.co_filename, code.co_firstlineno,
                                          frame.globals)
    exc.__traceback__ = make_tb_entry(strip_machinery(exc.__traceback__), host, dc.line_of(index))
