"""sys.settrace / sys.setprofile for VM frames: 3.8's call, line, return, exception, opcode and c_* events.

The eval loop has two variants (vm/cases.py): the plain one, and the traced one whose
`@hook('traced')` points (vm/instructions.py) call the functions below. While no thread has a trace or profile function the
plain loop runs and pays one flag test after each call into host code; `sys.settrace`,
`sys.setprofile` (and so `threading.settrace`, bdb, pdb, profile) are replaced by
`install()` with functions that keep 3.8's per-thread state here, install the traced loop,
and make running plain loops hand their frames over to it (`TRACE_REQUESTED`).

Host frames (natively imported modules, the stdlib) are traced by the host itself, through
a dispatcher that skips the VM's machinery and the traceback stand-in frames.
"""
import os
import sys
import threading
from types import (BuiltinFunctionType, CoroutineType, FunctionType, GeneratorType, MethodType,
                   SimpleNamespace)
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

from ..compiler import opcodes as O
from ..compiler.code import CO_OPTIMIZED
from .compat import AUDITED, STAND_IN_CONSTS, UNHEARD
from .decode import NULL
from . import frame as _frame_module
from .frame import frame_locals
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

# (hooks never import: an import run while a trace function is set would be traced)

MethodDescriptorType = type(str.join)
SETUP_FINALLY_BLOCK = 0   # the block kind of vm/ops.py (its SETUP_FINALLY_BLOCK)

# [flag]: a trace or profile function is set in some thread; the plain loop checks it
# after each host call and hands its frames to the traced loop (vm/instructions.py's
# TRACE_SWITCH and TRACE_HANDOVER)
TRACE_REQUESTED = [False]
SWITCH_LOOPS = object()   # the plain loop's `pending` marker for that handover
# what the traced loop returns to the plain loop that handed it its frames (resume_traced) once
# no thread has a trace or profile function any more: that loop goes on with them
HANDED_BACK = object()

_host_settrace = sys.settrace
_host_setprofile = sys.setprofile
_host_gettrace = sys.gettrace
_host_getprofile = sys.getprofile


class ThreadState(threading.local):
    """The trace fields of 3.8's PyThreadState, per thread (class attributes are the defaults)."""
    tracefunc: Optional[Callable[..., Any]] = None
    profilefunc: Any = None     # a callable (vm/cprofile.py's bridge has .callback and .profiler)
    tracing = 0             # inside a trace or profile call (tstate->tracing)
    use_tracing = False     # a function is set and we are not inside one (tstate->use_tracing)
    line_tracing = False    # a trace function is set and we are not inside one
    profiling = False       # a profile function is set and we are not inside one
    # host frames of replaced builtins whose c_call was reported (their c_return is due)
    c_called: Optional[set] = None


STATE = ThreadState()


_threads_with_functions: set = set()


def _update(ts: ThreadState) -> None:
    """Recompute the derived flags (as call_trace's restore of use_tracing)."""
    idle = ts.tracing == 0
    ts.line_tracing = idle and ts.tracefunc is not None
    ts.profiling = idle and ts.profilefunc is not None
    ts.use_tracing = ts.line_tracing or ts.profiling


# vm/tracing.py, which installs the instrumented loop while some thread has a trace or profile
# function: filled in when it is imported (it imports this module).
loops: Any = None


def _functions_changed(ts: ThreadState) -> None:
    """The traced loop is installed while some thread has a trace or profile function."""
    _update(ts)
    if ts.tracefunc is not None or ts.profilefunc is not None:
        _threads_with_functions.add(threading.get_ident())
    else:
        _threads_with_functions.discard(threading.get_ident())
    if _threads_with_functions:
        if not TRACE_REQUESTED[0]:
            TRACE_REQUESTED[0] = True
            loops.require_traced('settrace')
    elif TRACE_REQUESTED[0]:
        TRACE_REQUESTED[0] = False
        loops.release_traced('settrace')


def _machinery_prefixes() -> Tuple[str, ...]:
    """Directories of the VM, compiler and CLIs (host frames there are not the program's)."""
    vm_dir = os.path.dirname(os.path.abspath(__file__))
    parent = os.path.dirname(vm_dir)
    names = ('vm', 'compiler', 'parser', 'tokenizer', 'grammar', 'pipeline')
    prefixes = [os.path.join(parent, name) + os.sep for name in names]
    if os.path.basename(parent) == 'pipeline':   # installed: everything is under pipeline/
        prefixes.append(parent + os.sep)
    try:
        import lark   # the parser generator our compile() may call
        prefixes.append(os.path.dirname(os.path.abspath(lark.__file__)) + os.sep)
    except ImportError:
        pass
    return tuple(prefixes)


_MACHINERY_PREFIXES: Optional[Tuple[str, ...]] = None
# VM files whose calls into host code are calls the program makes
_PROGRAM_CALLERS = frozenset(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), name + '.py')
    for name in ('eval_generated', 'eval_rare_generated', 'eval_traced_generated',
                 'eval_adaptive_generated', 'eval_adaptive_stats_generated', 'ops', 'unwind', 'hostcalls', 'function',
                 'generators', 'async_generators', 'await_ops', 'settrace'))


# The machinery's files seen so far: the host's trace dispatch calls for their frames (each
# call the traced loop makes to its helpers) end at one set lookup
_MACHINERY_FILES: set = set()


def _is_machinery(host_frame: Any) -> bool:
    """A host frame of the VM's own machinery, or a traceback stand-in frame (vm/compat.py)."""
    global _MACHINERY_PREFIXES
    code = host_frame.f_code
    if _MACHINERY_PREFIXES is None:
        program_builtins = hostbuiltins.take_back()   # (os.path, importing lark: host code)
        try:
            _MACHINERY_PREFIXES = _machinery_prefixes()
        finally:
            hostbuiltins.give_back(program_builtins)
    filename = code.co_filename
    if filename.startswith(_MACHINERY_PREFIXES):
        _MACHINERY_FILES.add(filename)
        return True
    caller = host_frame.f_back
    while caller is not None:
        caller_file = caller.f_code.co_filename
        if caller_file.startswith(_MACHINERY_PREFIXES):
            # called (maybe indirectly) by the VM: the program's call (the eval loop, its
            # operations) or the VM's own work (its importer's os.path.join is no call of the program)
            return caller_file not in _PROGRAM_CALLERS
        caller = caller.f_back
    if filename.startswith('<frozen importlib'):
        # the import system run by the VM's own relative imports (3.8's resolve_name reads
        # __spec__.parent): skipped when the importer is the machinery
        caller = host_frame.f_back
        while caller is not None and caller.f_code.co_filename.startswith('<frozen importlib'):
            caller = caller.f_back
        return caller is not None and caller.f_code.co_filename.startswith(_MACHINERY_PREFIXES)
    return code.co_consts is STAND_IN_CONSTS


def _untraced(ts: ThreadState, function: Any, host_frame: Any, what: str, arg: Any) -> Any:
    """Call a trace/profile function for a host frame with VM tracing off meanwhile."""
    ts.tracing += 1
    _update(ts)
    try:
        return function(host_frame, what, arg)
    finally:
        ts.tracing -= 1
        _update(ts)


def _local_for_host(ts: ThreadState, local: Any) -> Any:
    """The host frame's trace function standing for the program's `local` one."""
    def host_local(host_frame: Any, what: str, arg: Any) -> Any:
        try:
            result = _untraced(ts, local, host_frame, what, arg)
        except BaseException:
            settrace(None)
            raise
        return None if result is None else _local_for_host(ts, result)
    host_local.target = local   # type: ignore[attr-defined]
    return host_local


def host_local_trace(local: Any) -> Any:
    """`local` as a host frame's f_trace (set by the program, e.g. bdb on a caller frame)."""
    return local if hasattr(local, 'target') else _local_for_host(STATE, local)


def _host_trace_dispatch(host_frame: Any, what: str, arg: Any) -> Any:
    """The host's global trace function while the program traces: its 'call' events for host
    frames that are the program's or libraries', never the VM's."""
    if host_frame.f_code.co_filename in _MACHINERY_FILES:
        return None
    ts = STATE
    if ts.tracing or ts.tracefunc is None or _is_machinery(host_frame):
        return None
    try:
        result = _untraced(ts, ts.tracefunc, host_frame, what, arg)
    except BaseException:
        settrace(None)
        raise
    return None if result is None else _local_for_host(ts, result)


_REPLACED_BUILTINS: Dict[Any, Any] = {}   # id(code of a host-level replacement) -> (code, builtin)


def _replaced_builtin(host_frame: Any) -> Any:
    """The builtin that host frame `host_frame` (machinery) stands for when host code of the
    program called it (exec or compile replaced by the VM's while it runs), or None."""
    if _REPLACED_BUILTINS.get(None, 0) != len(HOST_ORIGINALS):
        _REPLACED_BUILTINS.clear()
        for replacement, original in HOST_ORIGINALS.items():
            if type(replacement) is FunctionType and type(original) is BuiltinFunctionType:
                # by id: a stand-in frame's code holds an unhashable constant (vm/compat.py)
                _REPLACED_BUILTINS[id(replacement.__code__)] = (replacement.__code__, original)
        _REPLACED_BUILTINS[None] = len(HOST_ORIGINALS)   # rebuilt when a replacement is added
    code = host_frame.f_code
    entry = _REPLACED_BUILTINS.get(id(code))
    if entry is None or entry[0] is not code:
        return None
    builtin = entry[1]
    caller = host_frame.f_back
    return None if caller is None or _is_machinery(caller) else builtin


def _host_profile_dispatch(host_frame: Any, what: str, arg: Any) -> None:
    """The host's profile function while the program profiles: host frames' events; a call of
    a replaced builtin by host code is its c_call and c_return, as natively."""
    ts = STATE
    if ts.tracing or ts.profilefunc is None:
        return
    if _is_machinery(host_frame):
        if what == 'call' or what == 'return':
            builtin = _replaced_builtin(host_frame)
            if builtin is not None:
                # (as C_TRACE: c_return only after a c_call; sys.setprofile turning profiling
                # on reports neither)
                called = ts.c_called
                if called is None:
                    called = ts.c_called = set()
                if what == 'call':
                    called.add(id(host_frame))
                elif id(host_frame) in called:
                    called.discard(id(host_frame))
                else:
                    return
                try:
                    _untraced(ts, ts.profilefunc, _frame_module.walker.view(host_frame.f_back),
                              'c_call' if what == 'call' else 'c_return', builtin)
                except BaseException:
                    setprofile(None)
                    raise
        return
    try:
        # (the frame as VM frames' f_back and sys._getframe give it: profile.py compares them)
        _untraced(ts, ts.profilefunc, _frame_module.walker.view(host_frame), what, arg)
    except BaseException:
        setprofile(None)
        raise


def host_hooks_set() -> bool:
    """Whether the host calls a trace or profile function in this thread: around each call it
    writes a traced host frame's snapshot of its locals back into the frame (LocalsToFast)."""
    return _host_gettrace() is not None or _host_getprofile() is not None


def settrace(function: Any) -> None:
    """sys.settrace for the VM: the calling thread's trace function (PyEval_SetTrace)."""
    ts = STATE
    _host_settrace(None)   # none of the work below is the program's
    ts.tracefunc = None if function is None else function
    _functions_changed(ts)
    _host_settrace(None if function is None else _host_trace_dispatch)


def setprofile(function: Any) -> None:
    """sys.setprofile for the VM: the calling thread's profile function (PyEval_SetProfile)."""
    ts = STATE
    _host_setprofile(None)
    ts.c_called = None   # (a c_call before this has its c_return under no function)
    ts.profilefunc = None if function is None else function
    _functions_changed(ts)
    _host_setprofile(None if function is None else _host_profile_dispatch)


def gettrace() -> Any:
    return STATE.tracefunc


def getprofile() -> Any:
    function = STATE.profilefunc
    return getattr(function, 'profiler', function)   # a C profiler's object (vm/cprofile.py)


settrace.__doc__ = _host_settrace.__doc__
setprofile.__doc__ = _host_setprofile.__doc__
gettrace.__doc__ = _host_gettrace.__doc__
getprofile.__doc__ = _host_getprofile.__doc__

# what a profiler is told was called (c_call's arg) when VM code calls one of our shims
HOST_ORIGINALS: Dict[Any, Any] = {settrace: _host_settrace, setprofile: _host_setprofile,
                                  gettrace: _host_gettrace, getprofile: _host_getprofile}


_host_addaudithook: Any = getattr(sys, 'addaudithook', None)   # (3.8+; PyPy 3.9 lacks it)


class _AuditHook:
    """An audit hook of the program as the host calls it: untraced in the VM unless the hook has
    a true __cantrace__, and so for the host (PySys_Audit raises tstate->tracing around a hook
    unless it can trace: a C profiler enabled while an audit event runs must not see the hook)."""
    __slots__ = ('hook',)

    def __init__(self, hook: Any) -> None:
        self.hook = hook

    @property
    def __cantrace__(self) -> bool:
        return bool(getattr(self.hook, '__cantrace__', False))

    def __call__(self, event: str, args: tuple) -> Any:
        if UNHEARD.depth:
            return None     # raised by the VM's machinery, not by the program (compat.unheard)
        hook = self.hook
        if getattr(hook, '__cantrace__', False):
            return hook(event, args)
        ts = STATE
        ts.tracing += 1
        _update(ts)
        try:
            return hook(event, args)
        finally:
            ts.tracing -= 1
            _update(ts)


def addaudithook(hook: Any) -> None:
    """sys.addaudithook for the VM: the hook runs untraced unless it has a true __cantrace__
    (as PySys_Audit, which raises tstate->tracing around hooks)."""
    if not AUDITED[0]:
        AUDITED[0] = True
        _frame_module.audit_code_reads()
    return _host_addaudithook(_AuditHook(hook))


def install() -> None:
    """Replace sys.settrace/setprofile/gettrace/getprofile by the VM's (pipeline.run does this)."""
    sys.settrace = settrace
    sys.setprofile = setprofile
    sys.gettrace = gettrace
    sys.getprofile = getprofile
    if _host_addaudithook is not None:
        addaudithook.__doc__ = _host_addaudithook.__doc__
        HOST_ORIGINALS[addaudithook] = _host_addaudithook
        sys.addaudithook = addaudithook


def uninstall() -> None:
    if _host_addaudithook is not None:
        sys.addaudithook = _host_addaudithook
    sys.settrace = _host_settrace
    sys.setprofile = _host_setprofile
    sys.gettrace = _host_gettrace
    sys.getprofile = _host_getprofile


def resume_traced(f: Any, entry: Any) -> Any:
    """Continue a plain loop's frames (f back to entry) in the traced loop; entry's result, or
    HANDED_BACK when tracing ended first (the plain loop goes on with entry.loop_frame).
    (The plain loop's host frame stays below, handed over: vm/stack.py's HANDOVER_CODES.)"""
    return _traced_loop[0](f, None, entry)


_traced_loop: List[Any] = []   # the traced loop's run_frame, set by install_traced_loop


def install_traced_loop(run_frame: Any) -> None:
    """The loop resume_traced continues in (set by vm/tracing.py when it first loads it)."""
    _traced_loop[:] = [run_frame]


# ---- per-frame state ------------------------------------------------------------------

class FrameTrace:
    """A VM frame's tracing fields: f_lineno while traced, f_trace_lines/opcodes, and the
    line window of its current activation (ceval's instr_lb, instr_ub, instr_prev); in_event
    while a trace or profile function handles one of its events (f.i is then the position 3.8
    shows, which can differ from the loop's own: YIELD_FROM's is one instruction back)."""
    __slots__ = ('lineno', 'lines', 'opcodes', 'lb', 'ub', 'prev', 'can_jump', 'jump_to', 'in_event')

    def __init__(self, lineno: int) -> None:
        self.lineno = lineno
        self.lines = True
        self.opcodes = False
        self.lb = 0
        self.ub = -1
        self.prev = -1
        self.can_jump = False
        self.jump_to = -1
        self.in_event = False


def frame_trace(f: Any) -> FrameTrace:
    """f's FrameTrace, created on first use (f_lineno starts as co_firstlineno, as PyFrame_New)."""
    state = getattr(f, 'trace_state', None)
    if state is None:
        state = f.trace_state = FrameTrace(f.code.co_firstlineno)
    return state


def _escape(f: Any) -> None:
    if f.host is None:   # seen by a tracer: never reused for another call (see stack.escape)
        f.host = False


# ---- line windows (as _PyCode_CheckLineNumber) ---------------------------------------------

# (by what the table depends on: a code object hashes in Python, through the builtin hash,
# which a program may rebind to a VM function that would be traced in turn)
_windows: Dict[Tuple[int, bytes, int], List[Tuple[int, int, int]]] = {}
_dc_windows: Dict[Any, List[Tuple[int, int, int]]] = {}   # the same, by decoded code (vm/decode.py)


def line_windows(code: Any) -> List[Tuple[int, int, int]]:
    """Per instruction index: (line, lower, upper) as _PyCode_CheckLineNumber gives for its offset."""
    key = (code.co_firstlineno, code.co_lnotab, len(code.co_code))
    table = _windows.get(key)
    if table is not None:
        return table
    lnotab = code.co_lnotab
    pairs = [(lnotab[k], lnotab[k + 1] - 256 if lnotab[k + 1] > 127 else lnotab[k + 1])
             for k in range(0, len(lnotab) - 1, 2)]
    # upper bound after consuming p entries: the address reached at the next entry with a
    # nonzero line increment (INT_MAX when none)
    count = len(pairs)
    cumulative = [0] * (count + 1)
    for k, (addr_incr, _) in enumerate(pairs):
        cumulative[k + 1] = cumulative[k] + addr_incr
    upper_after = [sys.maxsize] * (count + 1)
    following = sys.maxsize
    for k in range(count - 1, -1, -1):
        if pairs[k][1]:
            following = cumulative[k + 1]
        upper_after[k] = following
    table = []
    consumed = 0
    line = code.co_firstlineno
    lower = 0
    for index in range(len(code.co_code) // 2):
        lasti = 2 * index
        while consumed < count and cumulative[consumed + 1] <= lasti:
            if pairs[consumed][1]:
                lower = cumulative[consumed + 1]
            line += pairs[consumed][1]
            consumed += 1
        upper = upper_after[consumed] if consumed < count else sys.maxsize
        table.append((line, lower, upper))
    _windows[key] = table
    return table


# ---- calling trace and profile functions (ceval.c call_trace, sysmodule.c trampolines) ------

def _locals_to_fast(f: Any) -> None:
    """Write f_locals back into the fast locals and cells (PyFrame_LocalsToFast(f, 1))."""
    code = f.code
    snapshot = f.locals
    if not code.co_flags & CO_OPTIMIZED or snapshot is None or f.fast is None:
        return
    fast = f.fast
    for index, name in enumerate(code.co_varnames):
        fast[index] = snapshot.get(name, NULL)
    dc = f.dc
    for offset in range(dc.ncells + len(code.co_freevars)):
        name = dc.cell_names[offset]
        cell = fast[dc.nlocals + offset]
        if name in snapshot:
            try:
                if cell.cell_contents is snapshot[name]:
                    continue
            except ValueError:
                pass
            cell.cell_contents = snapshot[name]
        else:
            try:
                del cell.cell_contents
            except ValueError:
                pass


# Python functions standing for C-level trace functions (coverage's CTracer: pipeline/cover.py),
# called as PyEval_SetTrace calls those: without call_trampoline's f_locals sync (which keeps
# a deleted local alive until the next event, so a finalizer would run untraced inside it)
C_LEVEL_TRACERS: set = set()
_BoundMethod = type(frame_trace.__get__(0))


def _call(ts: ThreadState, callback: Any, f: Any, what: str, arg: Any) -> Any:
    """callback(frame, what, arg) with tracing off meanwhile and f_locals synced both ways
    (call_trace + call_trampoline)."""
    # (frame_trace, _escape and _update inlined: each call of a helper here is also a call
    # event for the host's trace dispatch, which is off while the callback runs, as a trace
    # function runs untraced: tstate->tracing)
    dispatching = _host_gettrace() is _host_trace_dispatch
    if dispatching:
        _host_settrace(None)
    ts.tracing += 1
    ts.use_tracing = ts.line_tracing = ts.profiling = False
    # the hooks of every event but c_* set f.i: f_lasti and f_lineno read it as it is
    state = getattr(f, 'trace_state', None)
    if state is None:
        state = f.trace_state = FrameTrace(f.code.co_firstlineno)
    state.in_event = what[0] != 'c'
    try:
        if f.host is None:   # seen by a tracer: never reused for another call (see stack.escape)
            f.host = False
        if type(callback) is _BoundMethod and callback.__func__ in C_LEVEL_TRACERS:
            return callback(f, what, arg)
        frame_locals(f)
        try:
            return callback(f, what, arg)
        finally:
            if f.locals is not None and f.code.co_flags & CO_OPTIMIZED:
                _locals_to_fast(f)
    finally:
        state.in_event = False
        tracing = ts.tracing = ts.tracing - 1
        idle = tracing == 0
        line_tracing = ts.line_tracing = idle and ts.tracefunc is not None
        profiling = ts.profiling = idle and ts.profilefunc is not None
        ts.use_tracing = line_tracing or profiling
        # back on unless the callback changed the trace function (sys.settrace sets it itself)
        if dispatching and ts.tracefunc is not None and _host_gettrace() is None:
            _host_settrace(_host_trace_dispatch)


def trace_event(ts: ThreadState, f: Any, what: str, arg: Any) -> None:
    """Deliver a trace event: 'call' to the global function, others to f_trace (trace_trampoline)."""
    callback = ts.tracefunc if what == 'call' else getattr(f, 'trace', None)
    if callback is None or ts.tracing:
        return
    _deliver(ts, callback, f, what, arg)


def _deliver(ts: ThreadState, callback: Any, f: Any, what: str, arg: Any) -> None:
    """Call a trace function: what it returns becomes f_trace; if it raises, tracing stops."""
    try:
        result = _call(ts, callback, f, what, arg)
    except BaseException:
        settrace(None)
        f.trace = None
        raise
    if result is not None:
        f.trace = result


def profile_event(ts: ThreadState, f: Any, what: str, arg: Any) -> None:
    """Deliver a profile event (profile_trampoline)."""
    callback = ts.profilefunc
    if callback is None or ts.tracing:
        return
    try:
        _call(ts, callback, f, what, arg)
    except BaseException:
        setprofile(None)
        raise


# ---- the hooks the traced loop calls ------------------------------------------------------

def trace_start(ts: ThreadState, f: Any, entry: Any) -> None:
    """Start of run_frame: a continuation of a plain loop's frames (entry given: no event), or an
    activation of f (a call or a generator's resumption)."""
    if entry is not None:
        # (each frame keeps its line-event window, as 3.8's eval loop keeps instr_lb/ub/prev in one
        # activation while tracing is off: the first instruction traced again before the last one
        # traced is a 'line' event, tests/programs/pdb_set_trace_again.py)
        return
    trace_enter(ts, f, f.i)


# the generator frame a loop is about to go on with from where compiled code left it, in the
# same activation (vm/tier2_generators.py's next_item, for trace_enter)
CONTINUED: List[Any] = [None]


def trace_enter(ts: ThreadState, f: Any, i: int) -> None:
    """An activation of frame f begins at instruction i (0: a new frame): 'call' events."""
    state = getattr(f, 'trace_state', None)
    if i == 0:
        f.i = 0   # f_lasti -1 (a reused frame may hold an old position)
        if state is not None or getattr(f, 'trace', None) is not None:
            f.trace = None
            f.trace_state = None
    elif state is not None:
        state.lb, state.ub, state.prev = 0, -1, -1
    if not ts.use_tracing:
        return
    if i != 0 and (not f.dc.is_generator or CONTINUED[0] is f):
        # a function's frame finished in a loop from where a tier-2 body left it (a trace or
        # profile function was set meanwhile: vm/tier2_calls.py's call_frame), or a generator's
        # from where its compiled step left it (vm/tier2_generators.py): its activation began
        # untraced, and 3.8 has an activation start once, so no 'call' event now
        CONTINUED[0] = None
        return
    f.i = i
    # a resumed generator's frame has its value stack (f_stacktop): f_lineno may be assigned
    _call_or_return(ts, f, 'call', None, i != 0)


def trace_instruction(ts: ThreadState, f: Any, i: int, op: int, arg: Any, code: list) -> tuple:
    """Before instruction i - 1 of f runs: 'line' and 'opcode' events (maybe_call_line_trace);
    the (op, arg, i) to run, which a jump (f_lineno assignment) changes."""
    # (3.8's PREDICT never skips this: it is off in computed-goto builds such as the oracle's)
    if not ts.line_tracing:
        return op, arg, i
    index = i - 1
    lasti = 2 * index
    state = getattr(f, 'trace_state', None)   # (frame_trace, inlined)
    if state is None:
        state = f.trace_state = FrameTrace(f.code.co_firstlineno)
    if lasti < state.lb or lasti >= state.ub:
        table = _dc_windows.get(f.dc)   # (by the decoded code: a code object hashes in Python)
        if table is None:
            table = _dc_windows[f.dc] = line_windows(f.code)
        line, state.lb, state.ub = table[index]
    else:
        line = state.lineno
    f.i = i
    state.jump_to = -1
    state.can_jump = True
    try:
        if lasti == state.lb or lasti < state.prev:
            state.lineno = line
            if state.lines:
                # (trace_event's 'line' case, with its cheap checks inlined)
                callback = getattr(f, 'trace', None)
                if callback is not None and not ts.tracing:
                    _deliver(ts, callback, f, 'line', None)
        if state.opcodes:
            trace_event(ts, f, 'opcode', None)
    finally:
        state.can_jump = False
    if state.jump_to >= 0:
        index = state.jump_to
        state.jump_to = -1
        op, arg = code[index]
        i = index + 1
        f.i = i
    state.prev = 2 * index
    return op, arg, i


def trace_return(ts: ThreadState, f: Any, i: int, value: Any, yielded: bool) -> None:
    """f returns `value` or yields it: 'return' events (before the frame is left)."""
    f.i = i
    _call_or_return(ts, f, 'return', value, yielded)


def _call_or_return(ts: ThreadState, f: Any, event: str, arg: Any, can_jump: bool) -> None:
    """A 'call' or 'return' event to the trace function (f_lineno assignable while it runs
    only when `can_jump`) and to the profile function."""
    if ts.line_tracing:
        state = frame_trace(f)
        state.can_jump = can_jump
        try:
            trace_event(ts, f, event, arg)
        finally:
            state.can_jump = False
    if ts.profiling:
        profile_event(ts, f, event, arg)


def trace_exit(ts: ThreadState, f: Any, i: int, exc: BaseException) -> BaseException:
    """f is left by exception `exc`: 'return' events with None (call_trace_protected); the
    exception that goes on (a failing trace function's replaces it)."""
    f.i = i
    try:
        if ts.line_tracing:
            trace_event(ts, f, 'return', None)
        if ts.profiling:
            profile_event(ts, f, 'return', None)
    except BaseException as error:
        return error
    return exc


def trace_exception(ts: ThreadState, f: Any, i: int, exc: BaseException) -> BaseException:
    """An exception was raised in f or came into it from a callee: the 'exception' event
    (call_exc_trace); the exception that goes on."""
    f.i = i
    try:
        trace_event(ts, f, 'exception', (type(exc), exc, exc.__traceback__))
    except BaseException as error:
        return error
    return exc


_HEAPTYPE = 1 << 9


def for_iter_stopped(ts: ThreadState, f: Any, i: int, iterator: Any, value: Any) -> None:
    """FOR_ITER found `iterator` exhausted: the 'exception' event 3.8 reports when the iterator
    raised StopIteration (a generator, or a class's __next__) rather than just ending (builtins);
    `value`, a generator's return value (NULL: not known), is the StopIteration's."""
    if isinstance(iterator, GeneratorType) or type(iterator).__flags__ & _HEAPTYPE:
        stop = StopIteration() if value is None or value is NULL else StopIteration(value)
        trace_event(ts, f, 'exception', (StopIteration, stop, None))


def delegators_yield(ts: ThreadState, f: Any, entry: Any, value: Any, delegated: int) -> None:
    """f, resumed inside the loop by a delegating YIELD_FROM, yields `value`: each frame
    delegating to it yields the value too, so its 'return' event (YIELD_FROM's exit_yielding
    when gen_send_ex hands the value back), innermost first. (`delegated`: unwind.DELEGATED,
    which this module cannot import.)"""
    while f is not entry and f.resume_target == delegated:
        f = f.back
        trace_return(ts, f, f.i, value, True)


def delegate_ended(ts: ThreadState, f: Any, i: int, receiver: Any, value: Any) -> None:
    """YIELD_FROM's sub-iterator `receiver` finished with `value`: the 'exception' event 3.8
    reports for the StopIteration carrying it (YIELD_FROM's call_exc_trace), unless a builtin
    iterator just ended."""
    if isinstance(receiver, (GeneratorType, CoroutineType)) or type(receiver).__flags__ & _HEAPTYPE:
        f.i = i
        stop = StopIteration() if value is None else StopIteration(value)
        trace_event(ts, f, 'exception', (StopIteration, stop, None))


_HOST_METHODS: Dict[Any, Any] = {}   # send/throw/close of VM generators -> the host's builtin


def _c_method_of(method: Any) -> Any:
    """The host's builtin method that a bound send/throw/close of a VM generator or coroutine
    stands for (gen_send & co. are C methods in 3.8: profilers see c_* events, and cProfile names
    them as natively), or None."""
    if not _HOST_METHODS:
        # (generators imports this module; no import statement here: a profiler would see it)
        generators = sys.modules[__name__.rpartition('.')[0] + '.generators']
        Coroutine, Generator = generators.Coroutine, generators.Generator

        def host_generator() -> 'Iterator[None]':   # (a subscript here would be profiled)
            yield None

        async def host_coroutine() -> None:
            pass
        coroutine = host_coroutine()
        coroutine.close()   # never started: no 'never awaited' warning
        samples: Tuple[Tuple[Any, Any], ...] = ((Generator, host_generator()), (Coroutine, coroutine))
        for cls, sample in samples:
            for name in ('send', 'throw', 'close'):
                _HOST_METHODS[getattr(cls, name)] = getattr(sample, name)
    return _HOST_METHODS.get(method.__func__)


def c_profiled(ts: ThreadState, f: Any, func: Any, args: tuple) -> tuple:
    """(callable, args) for a host call from VM code: builtins report c_call, then c_return
    or c_exception to the profile function (ceval's C_TRACE, trace_call_function)."""
    target = HOST_ORIGINALS.get(func, func) if type(func) is not BuiltinFunctionType else func
    if type(target) is MethodDescriptorType:
        if not args:
            return func, args
        target = target.__get__(args[0], type(args[0]))
        func = func.__get__(args[0], type(args[0]))
        args = args[1:]
    elif type(target) is MethodType and type(target.__func__) is FunctionType:
        target = _c_method_of(target)
        if target is None:
            return func, args
    elif type(target) is not BuiltinFunctionType:
        return func, args

    def call(*positional: Any, **keywords: Any) -> Any:
        profile_event(ts, f, 'c_call', target)
        try:
            result = func(*positional, **keywords)
        except BaseException:
            profile_event(ts, f, 'c_exception', target)
            raise
        profile_event(ts, f, 'c_return', target)
        return result
    return call, args


def c_profiled_intercept(ts: ThreadState, f: Any, handler: Any, func: Any) -> Any:
    """The handler standing in for an intercepted builtin `func` (exec, compile, super, ...)
    called from VM code, reporting c_* events around it when `func` is a builtin."""
    target = HOST_ORIGINALS.get(func, func)
    if type(target) is not BuiltinFunctionType:
        return handler

    def call(f: Any, args: tuple, kwargs: Any) -> Any:   # (no typing subscript: it would be profiled)
        profile_event(ts, f, 'c_call', target)
        try:
            result = handler(f, args, kwargs)
        except BaseException:
            profile_event(ts, f, 'c_exception', target)
            raise
        profile_event(ts, f, 'c_return', target)
        return result
    return call


# ---- assigning f_lineno (frameobject.c frame_setlineno) -----------------------------------

def set_lineno(f: Any, value: Any) -> None:
    """frame.f_lineno = value from a trace function: a jump, with 3.8's restrictions."""
    if type(value) is not int:
        raise ValueError('lineno must be an integer')
    state = getattr(f, 'trace_state', None)
    lasti = 2 * f.i - 2 if f.i else -1
    if lasti == -1:
        raise ValueError("can't jump from the 'call' trace event of a new frame")
    if getattr(f, 'trace', None) is None:
        raise ValueError('f_lineno can only be set by a trace function')
    if state is None or not state.can_jump:
        raise ValueError("can only jump from a 'line' trace event")
    code = f.code
    new_lineno = value
    if new_lineno < code.co_firstlineno:
        raise ValueError('line %d comes before the current code block' % new_lineno)
    if new_lineno == code.co_firstlineno:
        new_lasti = 0
    else:
        lnotab = code.co_lnotab
        addr = 0
        line = code.co_firstlineno
        new_lasti = -1
        for k in range(0, len(lnotab) - 1, 2):
            addr += lnotab[k]
            line += lnotab[k + 1] - 256 if lnotab[k + 1] > 127 else lnotab[k + 1]
            if line >= new_lineno:
                new_lasti = addr
                new_lineno = line
                break
    if new_lasti == -1:
        raise ValueError('line %d comes after the current code block' % new_lineno)
    co_code = code.co_code
    if co_code[lasti] in (O.YIELD_VALUE, O.YIELD_FROM):
        raise ValueError("can't jump from a yield statement")
    if co_code[new_lasti] in (O.DUP_TOP, O.POP_TOP):
        raise ValueError("can't jump to 'except' line as there's no exception")
    delta, delta_iblock = _check_blocks(co_code, lasti, new_lasti)
    stack = f.stack
    blocks = f.blocks
    if delta_iblock > 0:
        kind, handler, level = blocks[len(blocks) - delta_iblock]
        del blocks[len(blocks) - delta_iblock:]
        delta += len(stack) - level
        if kind == SETUP_FINALLY_BLOCK and co_code[2 * handler] == O.WITH_CLEANUP_START:
            delta += 1   # the exit function
    if delta > 0:
        del stack[len(stack) - delta:]
    state.lineno = new_lineno
    state.jump_to = new_lasti // 2


def _oparg(co_code: bytes, addr: int) -> int:
    """The argument of the instruction at addr, with its EXTENDED_ARG prefixes (get_arg)."""
    arg = co_code[addr + 1]
    shift = 8
    back = addr - 2
    while back >= 0 and co_code[back] == O.EXTENDED_ARG:
        arg |= co_code[back + 1] << shift
        shift += 8
        back -= 2
    return arg


def _check_blocks(co_code: bytes, lasti: int, new_lasti: int) -> Tuple[int, int]:
    """Police the jump against the block structure (frame_setlineno's simulated block stack);
    (values to pop, blocks to pop)."""
    delta = 0
    delta_iblock = 0
    blockstack: List[int] = []
    prev_op = 0
    for addr in range(0, len(co_code), 2):
        op = co_code[addr]
        if op in (O.SETUP_FINALLY, O.SETUP_WITH, O.SETUP_ASYNC_WITH, O.FOR_ITER):
            target_addr = addr + _oparg(co_code, addr) + 2
            first_in = addr < lasti < target_addr
            second_in = addr < new_lasti < target_addr
            if not first_in and second_in:
                raise ValueError("can't jump into the middle of a block")
            in_for_loop = op == O.FOR_ITER or co_code[target_addr] == O.END_ASYNC_FOR
            if first_in and not second_in:
                if not delta_iblock:
                    if in_for_loop:
                        delta += 1   # the iterator of a loop jumped out of
                    elif prev_op == O.LOAD_CONST:
                        delta += 1   # the None pushed before SETUP_FINALLY
                if not in_for_loop:
                    delta_iblock += 1
            if not in_for_loop:
                blockstack.append(target_addr)
        elif op == O.END_FINALLY and blockstack:
            target_addr = blockstack.pop()
            first_in = target_addr <= lasti <= addr
            second_in = target_addr <= new_lasti <= addr
            if first_in != second_in:
                handler_op = co_code[target_addr]
                raise ValueError("can't jump %s %s block" % (
                    'into' if second_in else 'out of',
                    "an 'except'" if handler_op in (O.DUP_TOP, O.POP_TOP) else "a 'finally'"))
        prev_op = op
    return delta, delta_iblock


_frame_module.tracer = SimpleNamespace(frame_trace=frame_trace, set_lineno=set_lineno)
