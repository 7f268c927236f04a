"""Host differences in one place: traceback entries for VM frames and the handled-exception slot.

Both use only what every CPython host 3.8..3.13 offers: `types.TracebackType`
(writable since 3.7), `code.replace` (3.8+) and the C API `PyErr_SetExcInfo`; on PyPy,
`__pypy__.set_exc_info` stands for the latter.
"""
import gc
import os
import sys
import threading
import types
from bisect import bisect_right
from typing import Any, Dict, Final, List, Optional, Tuple
from weakref import WeakKeyDictionary
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

CellType: Any = (types.CellType if hasattr(types, 'CellType')   # (3.8 has no types.CellType)
            else type((lambda x: (lambda: x))(0).__closure__[0]))  # type: ignore[index]
TracebackType = types.TracebackType

# PyPy at tier 2: the eval loop reads and writes the program's namespaces (module dicts, and the
# dicts a module body or a class body binds in) by calls PyPy's JIT does not trace into. Its
# module dict folds a traced lookup `glb[name]` into a constant guarded on the dict itself and
# on the dict's quasi-immutable version, which goes up at every new key: a module body binding a
# new name after hot code (spectral_norm's `v`, `vbv`; a program's `result = main()`) threw
# away every compiled loop that had read the module, the eval loop's with all its bridges, and a
# fresh `__main__` per run did it again in every run (bench/FINDINGS.md, "Session 19, s19glob").
# Tier 2's compiled code reads them as before (folded: it is kept out of the loop's JIT code,
# tier2.py), where the reads are hot; at tier 1 the loop is the hot code, and the calls would
# cost more than they save. Elsewhere off (the loops test the flag first, so that CPython runs
# its inline lookups). set_opaque_namespaces (vm/tiers.py's set_tier) chooses it before the loop
# is imported, which binds it; PIPELINE_OPAQUE_GLOBALS=0|1 overrides, for the tests and for measuring.
OPAQUE_NAMESPACES = False
# PyPy at tiers 1 and 2 (with OPAQUE_NAMESPACES, at tier 2, everywhere): a module or class body
# without a loop (decode's `loopless`) reads and binds its names (LOAD_NAME, STORE_NAME, ops.load_name)
# by the same calls, and a function made reads its module's `__name__` so. Such code runs once per
# module or class; with a fresh `__main__` per run (a program run again, bench/vm.py's runs) the
# eval loop's bridges through its reads and new keys, compiled in that run, depended on the new
# dict's version, and its next new key (deltablue's `NONE, FORWARD, BACKWARD = 0, 1, 2` after
# three classes were made) threw the loop away with all its bridges, in most runs, at tiers 0
# and 1 (bench/FINDINGS.md, "Session 21, s21delta"). A module-level loop keeps its inline reads.
OPAQUE_NAMES = False
_OPAQUE_OVERRIDE = {'1': True, '0': False}.get(os.environ.get('PIPELINE_OPAQUE_GLOBALS', ''))


def set_opaque_namespaces(tier: int) -> None:
    """OPAQUE_NAMESPACES (PyPy's tier 2) and OPAQUE_NAMES (PyPy's tiers 1 and 2) for this tier,
    or both as PIPELINE_OPAQUE_GLOBALS says."""
    global OPAQUE_NAMESPACES, OPAQUE_NAMES
    pypy = sys.implementation.name == 'pypy'
    OPAQUE_NAMESPACES = _OPAQUE_OVERRIDE if _OPAQUE_OVERRIDE is not None else pypy and tier >= 2
    OPAQUE_NAMES = _OPAQUE_OVERRIDE if _OPAQUE_OVERRIDE is not None else pypy and tier >= 1


try:
    from pypyjit import residual_call as _opaque
except ImportError:
    def _opaque(function: Any, *args: Any) -> Any:
        return function(*args)


def namespace_get(namespace: dict, key: str, default: Any) -> Any:
    """dict.get of a dict (PyPy: a call its JIT does not trace into)."""
    return _opaque(dict.get, namespace, key, default)


def namespace_set(namespace: dict, key: str, value: Any) -> None:
    """dict.__setitem__ of a dict (PyPy: a call its JIT does not trace into)."""
    _opaque(dict.__setitem__, namespace, key, value)


def namespace_update(namespace: dict, items: Any) -> None:
    """dict.update of a dict (PyPy: a call its JIT does not trace into)."""
    _opaque(dict.update, namespace, items)


# A traceback entry made by the VM for one of the program's frames holds 3.8's tb_lasti (the
# offset of its frame's instruction, -1 before the first) encoded as VM_TB_LASTI - 1 - offset: a
# negative number, which 3.11+'s C code takes as "no instruction" (PyCode_Addr2Location: no `^^^`
# carets into the stand-in's code, vm/tracebacks.py), far below what the host's entries hold (an
# offset, or -1/-2 before a frame's first instruction), so it also marks the entry as the VM's.
# Python code reading tb_lasti while VM code runs is shown the offset (vm/tracebacks.py's
# TRACEBACK_LASTI, where the host lets TracebackType change: CPython); the machinery reads the
# raw value (raw_tb_lasti).
VM_TB_LASTI: Final = -(1 << 30)


def vm_tb_lasti(index: int) -> int:
    """The raw tb_lasti of a VM entry for the frame at instruction `index` (-1: none yet)."""
    return VM_TB_LASTI - 1 - 2 * index if index >= 0 else VM_TB_LASTI


def shown_tb_lasti(lasti: int) -> int:
    """tb_lasti as 3.8 gives it, of an entry whose raw tb_lasti is `lasti`."""
    return lasti if lasti > VM_TB_LASTI else VM_TB_LASTI - 1 - lasti


class _Unheard(threading.local):
    """Per thread: how deep the VM's machinery is in work that raises host audit events (making
    stand-in frames: code.__new__, exec, sys._getframe; importing ctypes; reading tb_frame),
    which 3.8 does in C without any. A program's audit hook hears none of them (settrace.py)."""
    depth = 0


UNHEARD = _Unheard()
AUDITED = [False]   # a program has added an audit hook: the machinery counts UNHEARD.depth


def unheard(function: Any, *args: Any) -> Any:
    """function(*args), its audit events kept from the program's hooks."""
    if not AUDITED[0]:
        return function(*args)
    UNHEARD.depth += 1
    try:
        return function(*args)
    finally:
        UNHEARD.depth -= 1


# The host's own tb_frame (a member descriptor): the host frame a traceback entry holds, whatever
# Python code reading `tb.tb_frame` is shown while VM code runs (vm/tracebacks.py)
RAW_TB_FRAME: Final = TracebackType.__dict__['tb_frame']
raw_tb_frame: Final = RAW_TB_FRAME.__get__
# and its own tb_lasti: a VM entry's encoded offset (VM_TB_LASTI)
RAW_TB_LASTI: Final = TracebackType.__dict__['tb_lasti']


def _read_tb_lasti(tb: Any) -> int:
    return tb.tb_lasti   # (PyPy, where tb_lasti is never replaced: a read its JIT inlines)


raw_tb_lasti: Final = RAW_TB_LASTI.__get__ if sys.implementation.name == 'cpython' else _read_tb_lasti


def tb_frame_code(tb: Any) -> Tuple[Any, Any]:
    """(the host frame of entry `tb`, its f_code) as the VM's machinery reads them: unheard by the
    program's audit hooks. The host audits these reads (object.__getattr__) where 3.8's C code
    that walks a traceback makes them unheard; a hook that is VM code would otherwise hear every
    exception the VM unwinds, and one raising there (a RecursionError) would recurse without end."""
    if not AUDITED[0]:
        frame = raw_tb_frame(tb)
        return frame, frame.f_code
    return unheard(_tb_frame_code, tb)


def _tb_frame_code(tb: Any) -> Tuple[Any, Any]:
    frame = raw_tb_frame(tb)
    return frame, frame.f_code


def _stand_in():
    # the code of every stand-in frame (host_code): a generator's, so that evaluating it makes
    # its frame without running it (a frame of its own, no f_back, nothing of the host's stack)
    yield


class _StandInMark:
    """The constant host_code adds to a stand-in's code: `code.co_consts is STAND_IN_CONSTS` tells
    a stand-in frame from any other. Hashable (by identity), so that the stand-ins' code objects
    are, as every code object is."""


_host_eval = eval   # the host's own (pipeline.run later installs a VM-aware builtins.eval)
_MODULE_FLAGS = ~(0x0001 | 0x0002)   # ~(CO_OPTIMIZED | CO_NEWLOCALS): f_locals is the mapping given
# The constants of every stand-in's code, one tuple
STAND_IN_CONSTS: Final = _stand_in.__code__.co_consts + (_StandInMark(),)


def host_code(name: str, filename: str, firstlineno: int) -> types.CodeType:
    """The code of the host frames standing for a VM code object's activations in tracebacks."""
    return unheard(_host_code, name, filename, firstlineno)


def _host_code(name: str, filename: str, firstlineno: int) -> types.CodeType:
    template = _stand_in.__code__
    changes: Dict[str, Any] = {'co_name': name, 'co_filename': filename, 'co_firstlineno': max(firstlineno, 1),
               'co_flags': template.co_flags & _MODULE_FLAGS,
               'co_consts': STAND_IN_CONSTS}
    if hasattr(template, 'co_qualname'):
        changes['co_qualname'] = name
    program_builtins = hostbuiltins.take_back()   # (PyPy's replace() is Python code)
    try:
        return template.replace(**changes)
    finally:
        hostbuiltins.give_back(program_builtins)


# Levels lent for making one frame at the recursion limit (CPython adds a traceback entry without a frame)
_HEADROOM = 50
_restore_later: list = [None, None]   # (limit to set back, limit lent) when a restore had to wait


def _take_back_limit() -> None:
    """Set back the recursion limit a _lent_levels lent but returned too deep to take back
    (unless someone has set another limit since)."""
    limit, lent = _restore_later
    if sys.getrecursionlimit() != lent:
        _restore_later[:] = [None, None]
        return
    try:
        sys.setrecursionlimit(limit)
        _restore_later[:] = [None, None]
    except RecursionError:
        pass


def _lent_levels(function: Any, *args: Any) -> Any:
    """function(*args) (making a stand-in frame, importing ctypes) unheard by the program's audit
    hooks; at the recursion limit once more with a few levels lent (CPython adds a traceback entry
    without running a frame, and imports C modules, so it never fails there)."""
    return unheard(_lent_levels_now, function, *args)


def _lent_levels_now(function: Any, *args: Any) -> Any:
    if _restore_later[0] is not None:
        _take_back_limit()
    try:
        return function(*args)
    except RecursionError:
        pass
    limit = sys.getrecursionlimit()
    lent = limit + _HEADROOM
    while True:
        try:
            sys.setrecursionlimit(lent)
            break
        except RecursionError:   # the host stack is already deeper than the limit
            lent *= 2
    try:
        return function(*args)
    finally:
        try:
            sys.setrecursionlimit(limit)
        except RecursionError:   # still deeper than the limit: taken back by a later call
            _restore_later[:] = [limit, lent]


def _new_host_frame(code: types.CodeType, globals_dict: Any, locals_map: Any) -> types.FrameType:
    return _host_eval(code, globals_dict, locals_map).gi_frame


def host_frame(code: types.CodeType, globals_dict: Any, locals_map: Any) -> types.FrameType:
    """A real host frame of `code` (from host_code), for a VM frame's traceback entries: f_globals
    are the VM frame's globals and f_locals is `locals_map`. It is the frame of a generator never
    started (evaluating the code makes it, and drops it at once): its f_back is None, so it keeps
    none of the VM's host frames (and through them the program's other frames and locals) alive,
    and making it reads nothing of the host's stack (on PyPy, sys._getframe() would force the
    JIT's virtual frames out of its compiled code).

    A negative tb_lasti (VM_TB_LASTI) makes 3.11+ report tb_lineno and draw no `^^^` carets for
    the entry.
    """
    if not isinstance(globals_dict, dict):
        globals_dict = {}
    if not AUDITED[0] and _restore_later[0] is None:
        try:   # the common case, as _lent_levels without its calls
            return _host_eval(code, globals_dict, locals_map).gi_frame
        except RecursionError:
            pass
    return _lent_levels(_new_host_frame, code, globals_dict, locals_map)


def line_starts(code: types.CodeType) -> List[Tuple[int, Optional[int]]]:
    """(offset, line) where each line of host code object `code` starts: its co_lines (3.10+),
    or its co_lnotab read as dis.findlinestarts reads it (signed line increments)."""
    if hasattr(code, 'co_lines'):
        return [(start, line) for start, _, line in code.co_lines()]
    starts: List[Tuple[int, Optional[int]]] = []
    table = code.co_lnotab
    offset, line = 0, code.co_firstlineno
    for k in range(0, len(table), 2):
        if table[k]:
            starts.append((offset, line))
            offset += table[k]
        increment = table[k + 1]
        line += increment - 256 if increment >= 128 else increment
    starts.append((offset, line))
    return starts


_STARTS: Any = WeakKeyDictionary()   # host code object: (the offsets where its lines start, those lines)


def offset_line(code: types.CodeType, offset: int) -> Optional[int]:
    """The line of host code object `code` that offset `offset` is in, by its line table (None
    before its first line's start); the table read once for each code object."""
    starts = _STARTS.get(code)
    if starts is None:
        pairs = line_starts(code)
        starts = _STARTS[code] = ([start for start, _ in pairs], [line for _, line in pairs])
    k = bisect_right(starts[0], offset) - 1
    return starts[1][k] if k >= 0 else None


# PyPy 7.3's f_lineno (and tb_lineno) of a frame of the VM's compiled code is not the line that
# code's line table gives for its f_lasti (2567 for line 263 of a trace's host code: a caller's
# position read mid-call, vm/stack.py's sync_caller): there the line is read from f_lasti
_LINE_BY_LASTI = sys.implementation.name == 'pypy'


def running_line(host: types.FrameType) -> Optional[int]:
    """The line host frame `host` runs: its f_lineno, as its code's line table gives it."""
    if not _LINE_BY_LASTI:
        return host.f_lineno
    line = offset_line(host.f_code, host.f_lasti)
    return host.f_code.co_firstlineno if line is None else line


def make_tb_entry(tb_next: Optional[TracebackType], frame: types.FrameType, lineno: int,
                  index: int = -1) -> TracebackType:
    """One traceback entry for a VM frame at instruction `index`, in front of tb_next."""
    return TracebackType(tb_next, frame, vm_tb_lasti(index), lineno)


# The C API through ctypes, loaded on the first handled exception: ctypes (its module and
# libffi) is a quarter MB of pipeline.run's start-up footprint that a run may never need.
_set_handled: Any = None
_set_exc_info: Any = None
_incref: Any = None
_c_api_loaded = False




def _import_ctypes() -> Any:
    """ctypes, imported on first need: at the recursion limit too (a handler entered there),
    where _lent_levels lends the import a few levels as it lends them to making a frame."""
    ctypes = sys.modules.get('ctypes')   # (no import statement: a rebound __import__)
    if ctypes is None:
        program_builtins = hostbuiltins.take_back()   # (importlib, ctypes' body: the host's)
        try:
            ctypes = _lent_levels(__import__, 'ctypes')
        finally:
            hostbuiltins.give_back(program_builtins)
    # (its CDLL.__getattr__ & co. run for the VM: they must not find a program's rebound builtins)
    hostbuiltins.bind(ctypes.__dict__)   # (not vars(): PyPy's finds len in the builtins module)
    return ctypes


def _load_c_api() -> None:
    """PyErr_SetHandledException (3.11+: one call taking a new reference to the value), else
    PyErr_SetExcInfo and Py_IncRef; none of them on PyPy (its ctypes has no pythonapi)."""
    global _set_handled, _set_exc_info, _incref, _c_api_loaded
    # (loaded first: an exception handled while ctypes is imported, which can run program code
    # such as a rebound builtins.isinstance in importlib, must not load it again, recursively)
    _c_api_loaded = True
    if sys.implementation.name == 'pypy':
        return
    ctypes = _import_ctypes()
    try:
        _set_handled = ctypes.pythonapi.PyErr_SetHandledException
        _set_handled.argtypes = (ctypes.py_object,)
        _set_handled.restype = None
    except AttributeError:
        _set_handled = None
    try:
        _set_exc_info = ctypes.pythonapi.PyErr_SetExcInfo
        _set_exc_info.argtypes = (ctypes.py_object, ctypes.py_object, ctypes.py_object)
        _set_exc_info.restype = None
        _incref = ctypes.pythonapi.Py_IncRef
        _incref.argtypes = (ctypes.py_object,)
        _incref.restype = None
    except (AttributeError, OSError):
        _set_exc_info = None
    _c_api_loaded = True


try:
    # PyPy: the execution context's one handled-exception slot, as CPython's thread state
    from __pypy__ import set_exc_info as _pypy_set_exc_info
except ImportError:
    _pypy_set_exc_info = None


def set_exc_info(exc_type: Any, exc_value: Any, exc_tb: Any) -> None:
    """Make (type, value, tb) the exception being handled, as seen by sys.exc_info() and raise."""
    if _set_handled is not None:   # (first: the common case on 3.11+, once the C API is loaded)
        _set_handled(exc_value)   # sys.exc_info() then derives type and traceback from the value
        return
    if not _c_api_loaded:
        unheard(_load_c_api)
        if _set_handled is not None:
            _set_handled(exc_value)
            return
    if _set_exc_info is None:
        if _pypy_set_exc_info is not None:
            _pypy_set_exc_info(exc_type, exc_value, exc_tb)
        return
    # PyErr_SetExcInfo steals the three references
    _incref(exc_type)
    _incref(exc_value)
    _incref(exc_tb)
    _set_exc_info(exc_type, exc_value, exc_tb)


# 3.11+ (CPython) re-raises the handled exception with its own __traceback__; 3.8-3.10 and
# PyPy with the traceback kept beside it in the handled-exception slot
_RERAISE_READS_VALUE = sys.version_info >= (3, 11) and sys.implementation.name == 'cpython'


def set_handled_traceback(exc: BaseException, tb: Any) -> None:
    """Give `exc`, the exception being handled, traceback `tb`: a bare `raise` then re-raises it
    with `tb` and adds no entry for the re-raising frame (as do_raise's re-raise)."""
    exc.__traceback__ = tb
    if not _RERAISE_READS_VALUE:
        set_exc_info(type(exc), exc, tb)


def clear_exc_info() -> None:
    """No exception being handled."""
    set_exc_info(None, None, None)


_instance_method: list = []


def instance_method_type() -> Any:
    """CPython's C-level `instancemethod` type (PyInstanceMethod_Type), or None; found
    through ctypes on first use (the first class a program builds).

    Wrapping a VM function in it makes instance binding a C-level descriptor, like a
    host function's: attribute and special-method lookups on VM classes then never
    run Python code (which could fail, e.g. hit the recursion limit, where CPython's
    lookup cannot) and are faster.
    """
    if not _instance_method:
        ctypes = _import_ctypes()
        try:
            new = ctypes.pythonapi.PyInstanceMethod_New
        except AttributeError:
            _instance_method.append(None)
        else:
            new.argtypes = (ctypes.py_object,)
            new.restype = ctypes.py_object
            _instance_method.append(type(new(len)))
    return _instance_method[0]


# PyTypeObject's tp_flags, tp_base and tp_descr_get: the 22nd, 33rd and 35th pointer-sized
# fields of every CPython 3.8..3.13 (non-debug) build, counting the PyVarObject head
_TP_FLAGS_OFFSET: Final = 21
_TP_BASE_OFFSET: Final = 32
_TP_DESCR_GET_OFFSET: Final = 34
_METHOD_DESCRIPTOR_FLAG: Final = 1 << 17   # Py_TPFLAGS_METHOD_DESCRIPTOR (3.8+)
_c_binding: list = []


def bind_as_host_functions(function_type: type) -> bool:
    """Give `function_type` the host function's C tp_descr_get (func_descr_get: itself from the
    class, a bound method from an instance), so that a VM function stored as itself in a class
    dict binds without running Python code, as a host function does; False where that is not
    possible (PyPy, no ctypes): then its Python `__get__` binds.

    That keeps `C.__dict__['m'] is C.m` (3.8) while attribute and special-method lookups on
    VM classes stay C-level: they cannot fail where CPython's lookup cannot (at the recursion
    limit) and cost what a host method's cost.

    It also gets the host function's Py_TPFLAGS_METHOD_DESCRIPTOR: the host's method lookups
    (LOAD_METHOD, slot lookups such as slot_tp_finalize's) then take the function itself and
    call it with the instance, as for a host function, instead of binding a method first; so
    an exception from a VM `__del__` is reported with the function as its object, as 3.8 does.
    """
    if not _c_binding:
        done = False
        if sys.implementation.name == 'cpython':
            ctypes = _import_ctypes()
            size = ctypes.sizeof(ctypes.c_void_p)
            def slot(cls: type, index: int) -> Any:
                return ctypes.c_void_p.from_address(id(cls) + index * size)
            def flags(cls: type) -> Any:
                return ctypes.c_ulong.from_address(id(cls) + _TP_FLAGS_OFFSET * size)
            host = types.FunctionType
            getter = slot(host, _TP_DESCR_GET_OFFSET).value
            # the layout check: each type's tp_base is its __base__, staticmethod's descr_get
            # differs, function is a method descriptor and staticmethod is not
            if slot(host, _TP_BASE_OFFSET).value == id(object) and getter and \
                    slot(staticmethod, _TP_DESCR_GET_OFFSET).value not in (None, getter) and \
                    slot(function_type, _TP_BASE_OFFSET).value == id(function_type.__base__) and \
                    flags(host).value & _METHOD_DESCRIPTOR_FLAG and \
                    not flags(staticmethod).value & _METHOD_DESCRIPTOR_FLAG:
                slot(function_type, _TP_DESCR_GET_OFFSET).value = getter
                flags(function_type).value |= _METHOD_DESCRIPTOR_FLAG
                ctypes.pythonapi.PyType_Modified(ctypes.py_object(function_type))
                done = True
        _c_binding.append(done)
    return _c_binding[0]


def set_builtin_type_attribute(cls: type, name: str, value: Any) -> bool:
    """Put `value` under `name` in the namespace of a built-in type (which type.__setattr__
    refuses to change), then invalidate the host's caches of the type's attributes
    (PyType_Modified: the method cache, 3.11+'s specialised attribute loads); False where
    that is not possible (PyPy). Unheard by the program's audit hooks (gc.get_referents,
    ctypes), as the machinery's work."""
    if sys.implementation.name != 'cpython':
        return False
    return unheard(_set_builtin_type_attribute, cls, name, value)


def _set_builtin_type_attribute(cls: type, name: str, value: Any) -> bool:
    namespaces = [referent for referent in gc.get_referents(type_dict(cls)) if type(referent) is dict]
    if len(namespaces) != 1:
        return False
    ctypes = _import_ctypes()
    namespaces[0][name] = value
    ctypes.pythonapi.PyType_Modified(ctypes.py_object(cls))
    return True


def _unraisable_args_type() -> Any:
    """sys.UnraisableHookArgs, which the host does not export: taken from one real report.

    PyPy finalizes the probe at its next collection, not when its last reference goes.
    """
    reports: list = []

    class Probe:
        def __del__(self) -> None:
            raise RuntimeError

    hook = sys.unraisablehook
    sys.unraisablehook = reports.append
    try:
        Probe()
        if not reports:
            gc.collect()
    finally:
        sys.unraisablehook = hook
    return type(reports[0]) if reports else None


UnraisableHookArgs = _unraisable_args_type()


# Builtin number types whose __str__ the host defines itself (PyPy), where 3.8 leaves tp_str
# empty so that str() of an instance is its repr() (object_str)
_STR_IS_REPR_TYPES = tuple(t for t in (int, float, complex) if '__str__' in vars(t))


# A class's own namespace (a mappingproxy), whatever its metaclass makes of `__dict__` (a property,
# say): what CPython's C code reads as tp_dict.
type_dict: Final = type.__dict__['__dict__'].__get__


def inherit_str_from_repr(cls: Any) -> None:
    """A class that overrides __repr__ over such a type gets object.__str__, as its tp_str in 3.8."""
    if not _STR_IS_REPR_TYPES or not isinstance(cls, type):
        return
    repr_overridden = False
    for klass in cls.__mro__:
        namespace = type_dict(klass)
        if '__str__' in namespace:
            if repr_overridden and klass in _STR_IS_REPR_TYPES:
                type.__setattr__(cls, '__str__', object.__str__)
            return
        repr_overridden = repr_overridden or '__repr__' in namespace
