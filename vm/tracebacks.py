"""Host tracebacks whose entries are the program's frames, none of the VM's own.

A traceback entry (the host's TracebackType) holds a host frame: for a VM frame, a stand-in
made once per activation (compat.host_frame: a generator's frame, never run), whose code has the VM code's name, file
and first line, which is what the host's C code prints. Python code reading `tb.tb_frame` while
VM code runs gets the VM frame itself, as CPython 3.8 gives the frame that raised
(`tb.tb_frame is sys._getframe()`, `tb.tb_frame.f_back`): the stand-in's f_locals
(frame.StandInLocals) lead to it, and TracebackType's tb_frame is replaced by TRACEBACK_FRAME in the host
patches' scope (where the host lets a built-in type's namespace change: CPython).
"""
import os
import sys
import weakref
from typing import Any, Final, List, Optional

from ..compiler.code import CO_OPTIMIZED
from .compat import (AUDITED, RAW_TB_FRAME, RAW_TB_LASTI, STAND_IN_CONSTS, VM_TB_LASTI, TracebackType,
                     host_code, host_frame, raw_tb_frame, raw_tb_lasti, set_builtin_type_attribute,
                     shown_tb_lasti, tb_frame_code, unheard, vm_tb_lasti)
from . import frame as frame_module
from .frame import FastLocals, Frame, NamespaceLocals, StandInLocals, builtins_of, new_frame
from . import host_patches
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

_VM_DIR = os.path.dirname(os.path.abspath(__file__))
MACHINERY_FILES = frozenset(
    os.path.join(_VM_DIR, name) for name in os.listdir(_VM_DIR) if name.endswith('.py'))


def _is_machinery(tb: Any) -> bool:
    if AUDITED[0]:
        return tb_frame_code(tb)[1].co_filename in MACHINERY_FILES
    return raw_tb_frame(tb).f_code.co_filename in MACHINERY_FILES   # (tb_frame_code, inlined)


def strip_machinery(tb: Any) -> Optional[Any]:
    """`tb` without the VM's own entries (those above the first program entry made by the VM)."""
    head = None
    last = None
    while tb is not None and raw_tb_lasti(tb) > VM_TB_LASTI:
        if tb.tb_next is RAISED_OUT[0] is not None:   # (the entry of the body that raised it: unread)
            RAISED_OUT[0] = None
        elif not _is_machinery(tb):
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


# The traceback entry a compiled body's frame has just unwound an exception to (vm/unwind.py's
# unwound_out_of_body), which the body raises on: the host entry put in front of it is the body's
# own, machinery, which strip_machinery drops without reading its tb_frame (on PyPy reading it
# forces the body's host frame out of the JIT's compiled code, once per exception raised out of a
# body). Read once: the first walk that meets it consumes it; the next entry the VM adds clears it.
RAISED_OUT: List[Any] = [None]


def _caller_of(frame: Frame) -> Any:
    """The logical caller of running VM `frame` (what its f_back stays once it has finished),
    marked as seen outside the loop; None for a generator's frame (as gen_send_ex clears it)."""
    if frame.dc.is_generator:
        return None
    back = frame.back
    if back is None:
        return frame_module.walker.logical_back(frame)
    if back.host is None:
        frame_module.walker.escape(back)
    return back


def host_frame_of(frame: Any) -> Any:
    """The host frame standing for VM `frame` in tracebacks: one per activation, whose f_locals
    (frame.StandInLocals) are a live view of the frame's locals, so a traceback keeps them alive
    as CPython's frames do, and lead to the frame where tb_frame can show it (tb_frame_of)."""
    host = frame.host
    optimized = frame.code.co_flags & CO_OPTIMIZED
    if host:
        # (a stand-in cleared by the host's frame.clear(), PyPy's tb_frame, has a dict there)
        if not optimized or getattr(host.f_locals, 'fast', None) is frame.fast:
            return host
    if not _linking[1]:
        _start_linking()
    if _linking[0]:
        # (unheard: walking the host's frames reads their f_code, which the host audits)
        caller = unheard(_caller_of, frame) if AUDITED[0] else _caller_of(frame)
        if caller is not None:
            frame.caller = caller   # its f_back once it has finished (as stack.escape's)
        if optimized:
            names: Any = FastLocals(frame.dc, frame.fast, weakref.ref(frame), caller, frame.i - 1)
        else:
            names = NamespaceLocals(frame.dc, frame.locals, weakref.ref(frame), caller, frame.i - 1)
    elif optimized:
        names = FastLocals(frame.dc, frame.fast)
    else:
        names = frame.locals
    dc = frame.dc
    code = dc.host_code
    if code is None:
        code = dc.host_code = host_code(frame.code.co_name, frame.code.co_filename,
                                        frame.code.co_firstlineno)
    host = frame.host = host_frame(code, frame.globals, names)
    return host


def returned_at(frame: Any, index: int) -> None:
    """VM `frame`, seen outside the loop (`host` not None), returns at instruction `index`: from
    now on its f_lineno and f_lasti are its return's, as a finished 3.8 frame's, also once it is
    gone and a traceback's stand-in revives it (_revived starts from the stand-in's index)."""
    frame.i = index + 1
    host = frame.host
    if host:
        names = host.f_locals
        # (the classes, not isinstance: PyPy's ABCMeta check is Python code that finds
        # issubclass in the builtins module a program may have rebound)
        if type(names) is FastLocals or type(names) is NamespaceLocals:
            names.index = index


# PyPy's type call says "__init__() should return None" of an __init__ that returned a value,
# where 3.8's type_call adds ", not 'int'". On PyPy, host code's calls of a VM `__init__`
# (Function.__call__: type's call from map(C, xs), from compiled code's generic class call...)
# note the type of a value it returns (note_init_result); the first VM frame the error reaches
# (add_entry) completes its message with it, once.
NOTES_INIT_RESULTS: Final = sys.implementation.name == 'pypy'
INIT_RETURNED: List[Optional[str]] = [None]   # the type's name, till the message takes it


def note_init_result(function: Any, value: Any) -> None:
    """Host code's call of VM `function` returned `value` (not None), on PyPy: kept if it is an
    `__init__`'s, for the error type's call raises next."""
    if function._dc.code.co_name == '__init__':
        INIT_RETURNED[0] = type(value).__name__


def _complete_init_message(exc: BaseException) -> None:
    name = INIT_RETURNED[0]
    INIT_RETURNED[0] = None
    if type(exc) is TypeError and exc.args == ('__init__() should return None',):
        exc.args = ("__init__() should return None, not '%.200s'" % (name,),)


def add_entry(exc: BaseException, frame: Any, index: int) -> None:
    """Put the entry of VM `frame` (at instruction `index`) in front of exc's traceback, as PyTraceBack_Here.
    (Run for every frame an exception passes: host_frame_of's and make_tb_entry's common cases inlined.)"""
    if INIT_RETURNED[0] is not None:
        _complete_init_message(exc)
    # as PyFrame_GetLineNumber: a frame with f_trace set reports the line of its last 'line'
    # event (still set after pdb's `continue` turned tracing off: the line it stopped at)
    if getattr(frame, 'trace', None) is None:
        lines = frame.dc.lines
        lineno = lines[index] if 0 <= index < len(lines) else frame.dc.line_of(index)
    else:
        lineno = frame.f_lineno
    host = frame.host
    if host:
        names = host.f_locals
        if frame.code.co_flags & CO_OPTIMIZED and getattr(names, 'fast', None) is not frame.fast:
            host = host_frame_of(frame)
            names = host.f_locals
    else:
        host = host_frame_of(frame)
        names = host.f_locals
    if _linking[0]:
        names.index = index
    tb = exc.__traceback__
    if tb is not None:
        tb = strip_machinery(tb)
    RAISED_OUT[0] = None
    exc.__traceback__ = TracebackType(tb, host, vm_tb_lasti(index), lineno)   # (compat.make_tb_entry)


def _revived(host: Any, names: StandInLocals) -> Frame:
    """The finished copy of the gone VM frame whose stand-in is `host`: what a 3.8 traceback
    keeps alive with its frame (code, globals, locals, f_back, where it was), made once."""
    revived = names.revived
    if revived is None:
        if type(names) is FastLocals:   # (not isinstance: see returned_at)
            fast, namespace = names.fast, None
        else:
            assert type(names) is NamespaceLocals
            fast, namespace = [], names.namespace
        globals_dict = host.f_globals
        revived = names.revived = new_frame(names.dc, fast, globals_dict, builtins_of(globals_dict),
                                            namespace, None)
        revived.i = names.index + 1
        revived.host = False      # seen outside the loop (stack.escape)
        revived.caller = names.caller
    return revived


def _vm_frame_of(host: Any) -> Any:
    """The VM frame (or its revived copy) a stand-in host frame stands for, None for any other."""
    if host.f_code.co_consts is not STAND_IN_CONSTS:
        return None
    names = host.f_locals
    reference = getattr(names, 'frame', None)
    if reference is None:
        return None   # (a stand-in of the driver's callers, or of cProfile's)
    frame = reference()
    return frame if frame is not None else _revived(host, names)


def tb_frame_of(tb: Any) -> Any:
    """`tb.tb_frame` as Python code sees it while VM code runs: the VM frame of an entry the VM
    made, the host's frame of any other. (Reading the host frame is heard by audit hooks, as
    3.8's tb_frame; what the VM reads of it is not.)"""
    host = raw_tb_frame(tb)
    frame = unheard(_vm_frame_of, host) if AUDITED[0] else _vm_frame_of(host)
    return host if frame is None else frame


class _TracebackFrame:
    """TracebackType.tb_frame while VM code runs: tb_frame_of, read-only as the host's member."""
    __slots__ = ()

    def __get__(self, tb: Any, owner: Any = None) -> Any:
        if tb is None:
            return RAW_TB_FRAME
        return tb_frame_of(tb)

    def __set__(self, tb: Any, value: Any) -> None:
        RAW_TB_FRAME.__set__(tb, value)   # the host's error

    def __delete__(self, tb: Any) -> None:
        RAW_TB_FRAME.__delete__(tb)


TRACEBACK_FRAME: Final = _TracebackFrame()


class _TracebackLasti:
    """TracebackType.tb_lasti while VM code runs: 3.8's offset for an entry the VM made (whose
    own value, which the host's C code reads, is negative: compat.VM_TB_LASTI), the host's
    value for any other. Read-only as the host's member."""
    __slots__ = ()

    def __get__(self, tb: Any, owner: Any = None) -> Any:
        if tb is None:
            return RAW_TB_LASTI
        return shown_tb_lasti(raw_tb_lasti(tb))

    def __set__(self, tb: Any, value: Any) -> None:
        RAW_TB_LASTI.__set__(tb, value)   # the host's error

    def __delete__(self, tb: Any) -> None:
        RAW_TB_LASTI.__delete__(tb)


TRACEBACK_LASTI: Final = _TracebackLasti()

# [whether stand-ins get links (until the host refuses to show them), whether the scope's hook
# that shows them is registered]
_linking = [True, False]


def _show_links() -> None:
    if not set_builtin_type_attribute(TracebackType, 'tb_frame', TRACEBACK_FRAME):
        _linking[0] = False   # (PyPy: tb_frame stays the stand-in, which links nothing)
        return                # (and tb_lasti the raw value)
    set_builtin_type_attribute(TracebackType, 'tb_lasti', TRACEBACK_LASTI)


def _hide_links() -> None:
    if _linking[0]:
        set_builtin_type_attribute(TracebackType, 'tb_lasti', RAW_TB_LASTI)
    set_builtin_type_attribute(TracebackType, 'tb_frame', RAW_TB_FRAME)


def _start_linking() -> None:
    """On the first stand-in: tb_frame shows links while VM code runs (not before: it needs
    ctypes, which a run that never raises does not load)."""
    if not _linking[1]:
        _linking[1] = True
        host_patches.provide_hook(_show_links, _hide_links)
