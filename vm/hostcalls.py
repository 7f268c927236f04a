"""Builtins that look at the calling frame, reimplemented for VM frames, and __build_class__.

When VM code calls `super()`, `locals()`, `globals()`, `vars()`, `dir()`, `exec()` or
`eval()` (the host builtins), the loop calls the handler here with the VM frame, since
the host versions would inspect the host's own frame; `compile()` returns our code objects
and `warnings.warn()` names the VM frame at its stacklevel; traceback.extract_stack/
format_stack/print_stack and inspect.currentframe/stack walk VM frames. `sys._getframe(n)` called by VM
code returns VM frames (objects with f_code, f_lineno, f_globals, f_locals, f_back) over
the logical stack of vm/stack.py; host_patches gives host code (e.g.
collections.namedtuple, which reads its caller's module name) the same view.
"""
import builtins
import sys
import threading
import types
import warnings
from typing import Any, Callable, Dict, Final, Iterable, List, Optional, Tuple

from ..compiler.code import CodeType
from .compat import (CellType, bind_as_host_functions, inherit_str_from_repr, set_handled_traceback,
                     type_dict)
from .decode import NULL, decoded, decoded_copy
from .frame import Frame, builtins_of, frame_locals, new_frame
from . import host_patches, limits, stack
from .function import Function
from .generators import Generator, send_after_signal
from .tracebacks import MACHINERY_FILES, host_frame_of, strip_machinery
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

run_frame: Any = None   # set by eval.py

# Compiles program source for exec()/eval()/compile() of strings: (source, filename, mode) -> CodeType.
# Installed by the driver (pipeline.run); when unset, exec/eval of strings fall back to the host.
compile_source: Optional[Callable[[Any, str, str], CodeType]] = None


def set_compiler(function: Optional[Callable[[Any, str, str], CodeType]]) -> None:
    """Use `function` to compile strings given to exec()/eval() inside VM code (run with the
    host's own functions, never under the VM's host patches)."""
    global compile_source
    compile_source = None if function is None else SourceCache(host_patches.outside_scope(function))


class SourceCache:
    """A compiler remembering what it made of recent sources: a program that compiles the same
    text again (attrs makes each class's __init__/__eq__/__repr__ from a template; eval() in a
    loop) gets a fresh copy of the code objects under its file name instead of a new compile,
    as cheap to the program as CPython's compile() is. Only compiles that issued no warning
    are kept (a SyntaxWarning or DeprecationWarning is issued by every compile in 3.8)."""
    LIMIT: Final = 256           # entries; the least recently used goes first
    LARGEST: Final = 1 << 16     # characters (bytes) of the largest source kept

    def __init__(self, compile_function: Callable[[Any, str, str], CodeType]) -> None:
        self.compile = compile_function
        self.entries: Dict[Tuple[type, Any, str, int], CodeType] = {}
        self.lock = threading.RLock()   # one compile at a time swaps warn_explicit

    def __call__(self, source: Any, filename: str, mode: str) -> CodeType:
        # (a compile also depends on the int digit limit: a literal over it is a SyntaxError)
        key = (type(source), source, mode, _int_max_str_digits())
        try:
            code = self.entries.pop(key)
        except (KeyError, TypeError):   # (unhashable: a host AST tree)
            pass
        else:
            self.entries[key] = code
            return with_filename(code, filename)
        with self.lock:
            code, warned = self._compile_watching_warnings(source, filename, mode)
        if (not warned and isinstance(code, CodeType) and type(source) in (str, bytes)
                and len(source) <= self.LARGEST):
            entry = with_filename(code, filename)   # never the object handed out
            _decode_all(entry)   # once: each copy handed out then shares its checked decoding
            self.entries[key] = entry
            if len(self.entries) > self.LIMIT:
                del self.entries[next(iter(self.entries))]
        return code

    def _compile_watching_warnings(self, source: Any, filename: str, mode: str) -> Tuple[CodeType, bool]:
        # the compiler warns through warnings.warn_explicit (codegen's SyntaxWarning, the
        # parser's invalid escapes): seen by a wrapper in place for this compile only
        host_warn_explicit = warnings.warn_explicit
        warned: List[bool] = []

        def watching(*args: Any, **kwargs: Any) -> Any:
            warned.append(True)
            return host_warn_explicit(*args, **kwargs)
        warnings.warn_explicit = watching
        try:
            return self.compile(source, filename, mode), bool(warned)
        finally:
            warnings.warn_explicit = host_warn_explicit


def _int_max_str_digits() -> int:
    """The host's limit on decimal int literals (3.8.18 has one too), or 0 where it has none."""
    getter = getattr(sys, 'get_int_max_str_digits', None)
    return getter() if getter is not None else 0


def with_filename(code: CodeType, filename: str) -> CodeType:
    """A copy of `code` and the code objects in its constants, with co_filename `filename`;
    decoded as `code` is (once decoded, a code object's copies are not checked again)."""
    consts = tuple(with_filename(const, filename) if type(const) is CodeType else const
                   for const in code.co_consts)
    copy = code.replace(co_filename=filename, co_consts=consts)
    copy._folded_from = code._folded_from
    copy._pyc_facts = None if code._pyc_facts is None else dict(code._pyc_facts)
    if code._vm_cache is not None:
        copy._vm_cache = decoded_copy(code._vm_cache, copy)
    return copy


def _decode_all(code: CodeType) -> None:
    """Decode `code` and the code objects in its constants (checking them: BytecodeCorruption)."""
    decoded(code)
    for const in code.co_consts:
        if type(const) is CodeType:
            _decode_all(const)


def _no_keywords(name: str, kwargs: Optional[dict]) -> None:
    if kwargs:
        raise TypeError('%s() takes no keyword arguments' % name)


def call_super(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """super() with no arguments, from the VM frame (as super_init_without_args)."""
    if args or kwargs:
        return super(*args, **(kwargs or {}))
    code = f.code
    if code.co_argcount == 0:
        raise RuntimeError('super(): no arguments')
    dc = f.dc
    obj = f.fast[0]
    if obj is NULL:
        for cell_index, arg_index in dc.cell2arg:
            if arg_index == 0:
                try:
                    obj = f.fast[dc.nlocals + cell_index].cell_contents
                except ValueError:
                    obj = NULL
    if obj is NULL:
        raise RuntimeError('super(): arg[0] deleted')
    freevars = code.co_freevars
    if '__class__' not in freevars:
        raise RuntimeError('super(): __class__ cell not found')
    cell = f.fast[dc.nlocals + dc.ncells + freevars.index('__class__')]
    try:
        klass = cell.cell_contents
    except ValueError:
        raise RuntimeError('super(): empty __class__ cell') from None
    if not isinstance(klass, type):
        raise RuntimeError('super(): __class__ is not a type (%s)' % type(klass).__name__)
    return super(klass, obj)


def call_locals(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    _no_keywords('locals', kwargs)
    if args:
        raise TypeError('locals() takes no arguments (%d given)' % len(args))
    return frame_locals(f)


def call_globals(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    _no_keywords('globals', kwargs)
    if args:
        raise TypeError('globals() takes no arguments (%d given)' % len(args))
    return f.globals


def call_vars(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    if args or kwargs:
        return vars(*args, **(kwargs or {}))
    return frame_locals(f)


def call_dir(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    if args or kwargs:
        return dir(*args, **(kwargs or {}))
    return sorted(frame_locals(f).keys())


def _run_code_in(code: CodeType, globals_dict: Any, locals_map: Any, f: Any) -> Any:
    """Run a VM code object with these namespaces (exec/eval of a code object)."""
    if not isinstance(globals_dict, dict):
        raise TypeError('exec() globals must be a dict, not %s' % type(globals_dict).__name__)
    if '__builtins__' not in globals_dict:
        globals_dict['__builtins__'] = f.builtins if f is not None else builtins.__dict__
    dc = decoded(code)
    if code.co_argcount or code.co_kwonlyargcount or code.co_freevars:
        raise TypeError('code object passed to exec() may not contain free variables')
    fast = list(dc.local_tail)
    fast[:0] = [NULL] * code.co_argcount
    for k in range(dc.ncells):
        fast[dc.nlocals + k] = CellType()
    frame = new_frame(dc, fast, globals_dict, builtins_of(globals_dict), locals_map, None)
    return run_frame(frame)


def _exec_or_eval(name: str, f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    _no_keywords(name, kwargs)
    if not 1 <= len(args) <= 3:
        raise TypeError('%s expected at most 3 arguments, got %d' % (name, len(args))
                        if args else '%s expected at least 1 argument, got 0' % name)
    source = args[0]
    globals_dict = args[1] if len(args) > 1 else None
    locals_map = args[2] if len(args) > 2 else None
    if globals_dict is None:
        globals_dict = f.globals
        if locals_map is None:
            locals_map = frame_locals(f)
    elif locals_map is None:
        locals_map = globals_dict
    if isinstance(source, str) or isinstance(source, (bytes, bytearray)):
        if compile_source is None:
            host = _host_exec if name == 'exec' else _host_eval
            return host(source, globals_dict, locals_map)
        if not isinstance(source, str):
            source = bytes(source)   # decoded as compile() reads bytes: a BOM, a coding cookie
        if name == 'eval':   # (builtin_eval_impl skips the spaces and tabs of the raw text)
            source = source.lstrip(' \t') if isinstance(source, str) else source.lstrip(b' \t')
        source = compile_source(source, '<string>', 'exec' if name == 'exec' else 'eval')
    if isinstance(source, CodeType):
        result = _run_code_in(source, globals_dict, locals_map, f)
        return None if name == 'exec' else result
    host = _host_exec if name == 'exec' else _host_eval
    return host(source, globals_dict, locals_map)


_host_exec = builtins.exec
_host_eval = builtins.eval


def _from_host(name: str, source: Any, globals_dict: Any, locals_map: Any) -> Any:
    """exec/eval called by host code (e.g. unittest's assertRaises(..., eval, code)): our code
    objects run in the VM, anything else goes to the host's, with the caller's namespaces."""
    caller = stack.host_getframe(2)
    if (isinstance(source, (str, bytes)) and compile_source is not None
            and caller.f_globals.get('__name__') in TOOL_MODULES):
        # a tool running a statement (profile.run('main()')): in the VM, as its compile() would
        if name == 'eval':
            source = source.lstrip(' \t') if isinstance(source, str) else source.lstrip(b' \t')
        source = compile_source(source, '<string>', name)
    if isinstance(source, CodeType):
        frame = next(stack.logical_frames(caller), None)
        if type(frame) is Frame:
            return _exec_or_eval(name, frame, (source, globals_dict, locals_map), None)
        if globals_dict is None:
            globals_dict = caller.f_globals
            if locals_map is None:
                locals_map = caller.f_locals
        elif locals_map is None:
            locals_map = globals_dict
        result = _run_code_in(source, globals_dict, locals_map, None)
        return None if name == 'exec' else result
    if globals_dict is None:
        globals_dict = caller.f_globals
        if locals_map is None:
            locals_map = caller.f_locals
    return (_host_exec if name == 'exec' else _host_eval)(source, globals_dict, locals_map)


def vm_aware_exec(source: Any, globals: Any = None, locals: Any = None) -> Any:
    try:
        return _from_host('exec', source, globals, locals)
    except BaseException as exc:   # re-raised without the VM's own entries (this frame's too), as a C function
        set_handled_traceback(exc, strip_machinery(exc.__traceback__))
        raise


def vm_aware_eval(source: Any, globals: Any = None, locals: Any = None) -> Any:
    try:
        return _from_host('eval', source, globals, locals)
    except BaseException as exc:   # as vm_aware_exec's
        set_handled_traceback(exc, strip_machinery(exc.__traceback__))
        raise


vm_aware_exec.__doc__ = _host_exec.__doc__
vm_aware_eval.__doc__ = _host_eval.__doc__


def call_exec(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    return _exec_or_eval('exec', f, args, kwargs)


def call_eval(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    return _exec_or_eval('eval', f, args, kwargs)


# The limit VM frames are counted against (the program's, set by sys.setrecursionlimit from VM
# code, else the host's): vm/limits.py's, which keeps the program's in limits.program_limit
recursion_limit = limits.recursion_limit


def _compile_arguments(source: Any, filename: Any, mode: Any, flags: int = 0,
                       dont_inherit: bool = False, optimize: int = -1) -> tuple:
    return source, filename, mode, flags, dont_inherit, optimize


# co_flags a compile() call inherits from its caller that change what compiles (3.8's PyCF_MASK
# members with an effect): CO_FUTURE_BARRY_AS_BDFL, CO_FUTURE_ANNOTATIONS
_INHERITED_FUTURES = 0x400000 | 0x1000000


def call_compile(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """compile() from VM code: our 3.8 code object from the installed compiler for plain
    str/bytes sources (no flags, default optimization, no inherited __future__ features);
    anything else (ASTs, PyCF_ONLY_AST and other flags, bad arguments) goes to the host."""
    try:
        source, filename, mode, flags, dont_inherit, optimize = _compile_arguments(
            *args, **(kwargs or {}))
    except TypeError:
        return _host_compile(*args, **(kwargs or {}))
    inherited = 0 if dont_inherit else f.code.co_flags & _INHERITED_FUTURES
    if (compile_source is None or flags or inherited or optimize not in (-1, 0)
            or sys.flags.optimize or mode not in ('exec', 'eval', 'single')
            or not (isinstance(source, (str, bytes, bytearray)) or _is_host_tree(source, mode))
            or not isinstance(filename, str)):
        return _host_compile(*args, **(kwargs or {}))
    if isinstance(source, bytearray):
        source = bytes(source)
    return compile_source(source, filename, mode)   # bytes: PEP 263 as compile() reads them


_host_compile = builtins.compile
_TREE_OF_MODE = {'exec': 'Module', 'eval': 'Expression', 'single': 'Interactive'}


def _is_host_tree(source: Any, mode: str) -> bool:
    """A tree of the host's ast nodes of the right kind for `mode` (compiled by the installed
    compiler, which converts it); other kinds go to the host for its error message."""
    return (type(source).__module__ in ('ast', '_ast') and type(source).__name__ == _TREE_OF_MODE.get(mode))

# modules that compile the program they run (pdb and bdb's run(), profile, trace, timeit,
# doctest, pytest's assertion rewriter, coverage's runner) or analyse its lines as 3.8 numbers
# them (coverage's parser): their compile() gives our code objects, so the program runs in the VM
TOOL_MODULES = frozenset(['bdb', 'pdb', 'profile', 'cProfile', 'trace', 'timeit', 'doctest', 'code',
                          'codeop', '_pytest.assertion.rewrite', 'coverage.execfile',
                          'coverage.parser'])


def vm_aware_compile(*args: Any, **kwargs: Any) -> Any:
    """compile() as installed by install_host_shims(): a tool module (TOOL_MODULES) compiling a
    program, or code it compiled, gets our code object; all other host code the host's."""
    caller = stack.host_getframe(1)
    if caller.f_globals.get('__name__') in TOOL_MODULES and '_feature_version' not in kwargs:
        frame = next(stack.logical_frames(caller), None)
        if type(frame) is not Frame:
            try:
                arguments = _compile_arguments(*args, **kwargs)
            except TypeError:
                arguments = None
            code = None if arguments is None else _compile_for_tool(*arguments)
            if code is not None:
                return code
    return _host_compile(*args, **kwargs)


vm_aware_compile.__doc__ = _host_compile.__doc__


def _compile_for_tool(source: Any, filename: Any, mode: Any, flags: int, dont_inherit: bool,
                      optimize: int) -> Any:
    """Our code object for a plain compile() of a program's source, or None (left to the host)."""
    if (compile_source is None or flags or optimize not in (-1, 0) or sys.flags.optimize
            or mode not in ('exec', 'eval', 'single')
            or not (isinstance(source, (str, bytes, bytearray)) or _is_host_tree(source, mode))
            or not isinstance(filename, str)):
        return None
    return compile_source(bytes(source) if isinstance(source, bytearray) else source, filename, mode)


_HOST_LIMIT_FLOOR = sys.getrecursionlimit()


# The recursion levels 3.8 counts between a VM frame and a frame that host code enters from it,
# besides the entered frame's own, with the message of the check that fails at each: a class's
# __init__ and an instance's __call__ (type_call and slot_tp_call, both called through
# _PyObject_MakeTpCall), a generator that a builtin the caller calls runs (list(gen())),
# __repr__/__str__ from repr()/str()/print() (the call, then PyObject_Repr/Str).
_CALL_LEVEL: Final = ' while calling a Python object'
_ENTERED_LEVELS: Final = {'__repr__': (_CALL_LEVEL, ' while getting the repr of an object'),
                          '__str__': (_CALL_LEVEL, ' while getting the str of an object')}
TP_CALLS: Final = frozenset(['__init__', '__call__'])
ENTERED_LEVELS: Final = frozenset(_ENTERED_LEVELS) | TP_CALLS   # (generators besides)


# the builtin __new__ of classes whose instances the loop makes itself (class_init)
BUILTIN_NEW: Final = (object.__new__, BaseException.__new__)
# PyPy's type call has its own message for an __init__ returning a value (`__init__() should
# return None`, where 3.8 adds `, not 'list'`): there the loop's generic call of a class whose
# __init__ is a VM function (class_init) runs it as tier 1's CALL_FUNCTION_CLASS_INIT does
# (vm/instructions.py's CLASS_CALL), at every tier. (Host code's calls of such a class, as
# map(C, items), get PyPy's message, which the first VM frame it reaches completes:
# vm/tracebacks.py's INIT_RETURNED.)
INIT_IN_LOOP: Final = sys.implementation.name == 'pypy'


def class_init(cls: Any) -> Any:
    """The __init__ of class `cls` where the loop may run it as 3.8's type_call would: a VM
    function (no generator's), the instance made by a builtin __new__; else None."""
    init = cls.__init__
    if type(init) is Function and not init._dc.is_generator and any(cls.__new__ is new for new in BUILTIN_NEW):
        return init
    return None


def entered_depth(f: Any, caller: Any, calling: Any) -> int:
    """The depth of VM frame `f`, entered from host code while VM frame `caller` runs (its
    RecursionError as 3.8's where it is too deep). Whether the caller is in a call is told by
    its instruction index, which is synced at calls (so a CALL there may be stale: only the
    cases above use it)."""
    in_call = caller.instrs[caller.i - 1][0] in calling
    name = f.code.co_name
    if name in TP_CALLS or (in_call and f.dc.is_generator):
        levels: Tuple[str, ...] = (_CALL_LEVEL,)
    elif name in _ENTERED_LEVELS:
        levels = _ENTERED_LEVELS[name] if in_call else _ENTERED_LEVELS[name][1:]
    else:
        levels = ()
    limit = recursion_limit()
    depth = caller.depth + len(levels) + 1
    if depth < limit:
        return depth   # (every level below it is within the limit too)
    depth = caller.depth
    for message in levels:
        depth += 1
        if depth >= limit:
            limits.exceeded(caller, depth, limit, message)
    depth += 1
    if depth >= limit:
        limits.exceeded(caller, depth, limit)
    return depth


# A loop entered from host code costs host recursion levels besides the VM frame it counts
# against the program's limit: its host frames and the C calls between (repr -> PyObject_Repr
# -> slot_tp_repr -> Function.__call__ -> run_frame: about 5). The host's limit is raised as
# such loops nest, so that it is the program's limit that ends a recursion through them, as in
# 3.8, and set back when the last loop ends (on CPython: PyPy checks its stack itself). Each
# such loop also costs the host C stack: ~1 KB on 3.11+, 1.4-1.9 KB on 3.8-3.10 (VmStk at 1000
# loops nested through __init__, repr, ==, a property, generators drained by list()), where
# 8 MB stacks give out near 4300 of them (3.8's own recursion through C costs 0.7 KB a level).
# So on 3.8-3.10 no more than MAX_C_NESTING loops nest: a deeper one raises RecursionError as
# it starts, as the host would for a C stack of its own (3.8's depth only where the program's
# limit is reached first). Python calls cost no C stack on 3.11+ only (C_STACK_FREE:
# vm/tier2_calls.py's host_call nests host frames on those hosts only).
_HOST_LEVELS_PER_LOOP: Final = 8
_GROWS_HOST_LIMIT: Final = sys.implementation.name == 'cpython'
C_STACK_FREE: Final = _GROWS_HOST_LIMIT and sys.version_info >= (3, 11)
MAX_C_NESTING: Final = 1 << 30 if C_STACK_FREE else 2500
host_room = [0 if _GROWS_HOST_LIMIT else 1 << 30]   # nested loops the host limit has room for
# the host's limit before make_host_room raised it (None: not raised; give_back_host_room sets it back)
host_limit_before: List[Optional[int]] = [None]
_limit_pinned = [False]   # the program's limit was the host's until make_host_room kept it


def make_host_room(nesting: int) -> None:
    """Raise the host's recursion limit for `nesting` loops nested through host code; past
    MAX_C_NESTING, RecursionError."""
    if nesting > MAX_C_NESTING:
        raise RecursionError('maximum recursion depth exceeded')
    limit = recursion_limit()
    wanted = max(limit, _HOST_LIMIT_FLOOR) + nesting * _HOST_LEVELS_PER_LOOP
    current = sys.getrecursionlimit()
    if current < wanted:
        if host_limit_before[0] is None:
            host_limit_before[0] = current
            _limit_pinned[0] = limits.program_limit[0] is None
        limits.program_limit[0] = limit   # the program's limit stays what it was
        sys.setrecursionlimit(wanted)
    host_room[0] = nesting


def give_back_host_room() -> None:
    """The last loop has ended: the host's limit as it was before make_host_room raised it."""
    host_room[0] = 0
    before = host_limit_before[0]
    if before is None:
        return
    try:
        sys.setrecursionlimit(max(before, recursion_limit()))
    except RecursionError:   # deeper than that now: set back when the next last loop ends
        return
    host_limit_before[0] = None
    if _limit_pinned[0]:   # the host's limit is the program's again
        limits.program_limit[0] = None
        recursion_limit()   # (the host's again: limits.resolved_limit)


def call_setrecursionlimit(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """sys.setrecursionlimit from VM code, with 3.8's checks against the program's depth."""
    _no_keywords('setrecursionlimit', kwargs)
    if len(args) != 1 or type(args[0]) is not int:
        return sys.setrecursionlimit(*args)     # the host's own TypeError
    new_limit = args[0]
    if new_limit < 1:
        raise ValueError('recursion limit must be greater or equal than 1')
    depth = f.depth + 2         # 3.8 counts a script's module frame as depth 2
    if depth >= limits.low_water_mark(new_limit):
        raise RecursionError('cannot set the recursion limit to %d at the recursion depth %d: '
                             'the limit is too low' % (new_limit, depth))
    # the program's limit is enforced on VM frames (see recursion_limit); the host's is only
    # a safety net, never lowered below what it was (host threads share it)
    host_limit = max(new_limit, _HOST_LIMIT_FLOOR)
    while True:
        try:
            sys.setrecursionlimit(host_limit)
            break
        except RecursionError:  # the host stack is deeper than the program's
            host_limit = max(2 * host_limit, 200)
    limits.program_limit[0] = new_limit
    recursion_limit()   # (limits.resolved_limit, which compiled code reads)
    if _GROWS_HOST_LIMIT:
        host_room[0] = 0   # room for nested loops is made again from the new limit
        host_limit_before[0] = None
    return None


def call_get_recursion_depth(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """_testcapi.get_recursion_depth from VM code: the program's depth as 3.8 counts it (a
    script's module frame is 1), the one call_setrecursionlimit checks against."""
    _no_keywords('get_recursion_depth', kwargs)
    if args:
        raise TypeError('get_recursion_depth() takes no arguments (%d given)' % len(args))
    return f.depth + 1


def call_getrecursionlimit(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """sys.getrecursionlimit from VM code: the program's limit."""
    _no_keywords('getrecursionlimit', kwargs)
    if args:
        return sys.getrecursionlimit(*args)     # the host's own TypeError
    return recursion_limit()


def call_getframe(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """sys._getframe() from VM code: the VM frame (with f_code, f_lineno, f_globals, f_locals,
    f_back), walking callers over the logical stack (VM frames of every loop, host frames between)."""
    _no_keywords('_getframe', kwargs)
    if len(args) > 1:
        raise TypeError('_getframe expected at most 1 argument, got %d' % len(args))
    return stack.frame_at(f, args[0].__index__() if args else 0)


def _warn_arguments(message: Any, category: Any = None, stacklevel: int = 1,
                    source: Any = None) -> tuple:
    return message, category, stacklevel, source


def _is_internal_frame(frame: Any) -> bool:
    """as is_internal_frame in _warnings.c: importlib's bootstrap frames are skipped."""
    filename = frame.code.co_filename if type(frame) is Frame else frame.f_code.co_filename
    return isinstance(filename, str) and 'importlib' in filename and '_bootstrap' in filename


def call_warn(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """warnings.warn() from VM code: the stack level counted over VM frames, then
    warnings.warn_explicit with that frame's file, line, module and registry (as 3.8's
    warnings.warn and setup_context in _warnings.c); past the outermost VM frame of this
    loop, 'sys' line 1 with sys's globals, as CPython when the stack runs out."""
    message, category, stacklevel, source = _warn_arguments(*args, **(kwargs or {}))
    return _warn_from(f, message, category, stacklevel.__index__(), source)


def _program_back(frame: Any) -> Any:
    """The logical caller of `frame` while the program's stack goes on: host frames count only
    between VM frames (an imported module's importer); beyond the outermost VM frame, None."""
    back = stack.logical_back(frame)
    probe = back
    while probe is not None and type(probe) is not Frame:
        probe = stack.logical_back(probe)
    return back if probe is not None else None


def _warn_from(f: Any, message: Any, category: Any, stacklevel: int, source: Any) -> Any:
    """warnings.warn at `stacklevel` counted from VM frame `f` (1 is `f` itself)."""
    if isinstance(message, Warning):
        category = type(message)
    elif category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, not '%s'" % type(category).__name__)
    frame = f
    skip_internal = stacklevel > 0 and not _is_internal_frame(frame)
    # up the logical stack (an imported module's body, a call from host code): as setup_context
    while stacklevel > 1 and frame is not None:
        frame = _program_back(frame)
        while skip_internal and frame is not None and _is_internal_frame(frame):
            frame = _program_back(frame)
        stacklevel -= 1
    if frame is None:
        globals_dict = sys.__dict__
        filename, lineno = 'sys', 1
    elif type(frame) is Frame:
        globals_dict = frame.globals
        filename, lineno = frame.code.co_filename, frame.walked_lineno()
    else:
        globals_dict = frame.f_globals
        filename, lineno = frame.f_code.co_filename, frame.f_lineno
    registry = globals_dict.get('__warningregistry__')
    if registry is None:
        registry = globals_dict['__warningregistry__'] = {}
    elif not isinstance(registry, dict):
        raise TypeError("'registry' must be a dict or None")
    module = globals_dict.get('__name__')
    if not (module is None or isinstance(module, str)):
        module = '<string>'
    elif module is None and '__name__' not in globals_dict:
        module = '<string>'
    # (no module_globals, as 3.8's do_warn: the source line is read from the file when shown;
    # given them, 3.12+'s warn_explicit asks importlib for their loader, and a script's __spec__
    # of None makes that a DeprecationWarning of its own)
    return warnings.warn_explicit(message, category, filename, lineno, module, registry, None, source)


_host_warn = warnings.warn


def vm_aware_warn(message: Any, category: Any = None, stacklevel: int = 1,
                  source: Any = None) -> Any:
    """warnings.warn while VM code runs (vm/host_patches.py): when the frame at `stacklevel` is
    the VM's own machinery (host code warning about its caller, and that caller is VM code),
    the warning names the VM frame making the call; otherwise exactly the host's warn."""
    if isinstance(stacklevel, int):
        try:
            target = stack.host_getframe(max(stacklevel, 1))
        except ValueError:
            target = None
        if target is not None and target.f_code.co_filename in MACHINERY_FILES:
            frame = stack.running_vm_frame(target)
            if frame is not None:
                return _warn_from(frame, message, category, 1, source)
        stacklevel = max(stacklevel, 1) + 1   # counted from our caller, as if it called warn
    return _host_warn(message, category, stacklevel, source)


def install_tool_support() -> None:
    """Installed once by pipeline.run: sys.settrace/setprofile reach VM frames (bdb, pdb, profile,
    coverage) and cProfile's C profiler gets the VM's events; the profilers' view of the VM's
    own replacements is the host original each stands for."""
    from . import settrace
    settrace.install()
    settrace.HOST_ORIGINALS.update({vm_aware_exec: _host_exec, vm_aware_eval: _host_eval,
                                    vm_aware_compile: _host_compile, build_class: builtins.__build_class__,
                                    stack.getframe: stack.host_getframe})
    if '_lsprof' in sys.modules:
        _install_cprofile_bridge()
    elif not any(type(finder) is LsprofHook for finder in sys.meta_path):
        sys.meta_path.insert(0, LsprofHook())


def _install_cprofile_bridge() -> None:
    """cProfile's C profiler driven by the VM's profile events (vm/cprofile.py, over ctypes)."""
    from .compat import _import_ctypes
    if hasattr(_import_ctypes(), 'pythonapi'):   # the C API is CPython's (PyPy has its own profiler)
        from . import cprofile
        cprofile.install()


class LsprofHook:
    """A meta path finder for `_lsprof` alone: the cProfile bridge (and ctypes under it) is
    installed when the program first imports cProfile's C module, not at every start-up;
    the module itself is found and loaded by the host's finders as usual."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != '_lsprof':
            return None
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass
        import importlib.util
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _BridgingLoader(spec.loader)   # type: ignore[assignment]
        return spec


class _BridgingLoader:
    """The host's loader of `_lsprof`, installing the cProfile bridge once the module exists
    (before cProfile subclasses its Profiler); the module keeps the host's loader."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self.loader.exec_module(module)
        module.__loader__ = self.loader
        if getattr(module, '__spec__', None) is not None:
            module.__spec__.loader = self.loader
        _install_cprofile_bridge()


def _frame_and_limit(f: Any = None, limit: Any = None) -> tuple:
    return f, limit


def _extract(frame: Any, limit: Any) -> Any:
    """traceback.extract_stack over the logical stack from `frame` (as walk_stack + extract)."""
    import traceback
    summary = traceback.StackSummary.extract(
        ((each, stack.walked_lineno(each)) for each in stack.walk(frame)), limit=limit)
    summary.reverse()
    return summary


def call_extract_stack(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """traceback.extract_stack() from VM code, over the logical stack (the caller's when no frame is given)."""
    frame, limit = _frame_and_limit(*args, **(kwargs or {}))
    return _extract(f if frame is None else frame, limit)


def call_format_stack(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """traceback.format_stack() from VM code, over the logical stack."""
    frame, limit = _frame_and_limit(*args, **(kwargs or {}))
    return _extract(f if frame is None else frame, limit).format()


def _print_stack_arguments(f: Any = None, limit: Any = None, file: Any = None) -> tuple:
    return f, limit, file


def call_print_stack(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """traceback.print_stack() from VM code, over the logical stack."""
    import traceback
    frame, limit, file = _print_stack_arguments(*args, **(kwargs or {}))
    traceback.print_list(_extract(f if frame is None else frame, limit), file=file)


def call_traceback_type(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno) from VM code: a VM frame
    stands as the host frame of its traceback entries."""
    if len(args) > 1 and type(args[1]) is Frame:
        args = (args[0], host_frame_of(args[1])) + tuple(args[2:])
    return types.TracebackType(*args, **(kwargs or {}))


def _namespace_with_module(f: Any, args: tuple) -> tuple:
    """type_new's `__module__` for a namespace without one: the __name__ of the calling frame's
    globals (PyEval_GetGlobals: the VM frame's, not the eval loop's), in a copy (type_new
    copies the namespace too)."""
    # type_new's argument checks, in 3.8's words whatever the host's
    for index, (value, kind) in enumerate(zip(args, (str, tuple, dict))):
        if not isinstance(value, kind):
            raise TypeError('type.__new__() argument %d must be %s, not %s'
                            % (index + 1, kind.__name__, type(value).__name__))
    namespace = args[2]
    if '__module__' not in namespace:
        name = f.globals.get('__name__') if type(f.globals) is dict else None
        if name is not None:
            namespace = dict(namespace)
            namespace['__module__'] = name
            return args[:2] + (namespace,)
    return args


def call_type(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """type() from VM code: type(name, bases, namespace) names the caller's module."""
    if len(args) == 1 and not kwargs:
        return type(args[0])
    if len(args) == 3:
        args = _namespace_with_module(f, args)
    elif not kwargs:
        raise TypeError('type() takes 1 or 3 arguments')   # (as type_new; the host words it otherwise)
    return type(*args, **(kwargs or {}))


def call_type_new(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """type.__new__(metaclass, name, bases, namespace) from VM code (a metaclass's __new__),
    naming the caller's module as call_type."""
    if len(args) == 4:
        args = args[:1] + _namespace_with_module(f, args[1:])
    return type.__new__(*args, **(kwargs or {}))


def _function_arguments(code: Any, globals: Any, name: Any = None, argdefs: Any = None,
                        closure: Any = None) -> tuple:
    return code, globals, name, argdefs, closure


def call_function_type(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """types.FunctionType(code, globals, name, argdefs, closure) from VM code: for our code
    object, a VM function, checked as 3.8's func_new; any other to the host's."""
    try:
        code, globals_dict, name, defaults, closure = _function_arguments(*args, **(kwargs or {}))
    except TypeError:
        code = None
    if type(code) is not CodeType:
        if code is not None and not isinstance(code, types.CodeType):   # (the host words it otherwise)
            raise TypeError("function() argument 'code' must be code, not %s" % type(code).__name__)
        return types.FunctionType(*args, **(kwargs or {}))
    if not isinstance(globals_dict, dict):
        raise TypeError("function() argument 'globals' must be dict, not %s" % type(globals_dict).__name__)
    if name is not None and not isinstance(name, str):
        raise TypeError('arg 3 (name) must be None or string')
    if defaults is not None and not isinstance(defaults, tuple):
        raise TypeError('arg 4 (defaults) must be None or tuple')
    free = len(code.co_freevars)
    if not isinstance(closure, tuple):
        if free and closure is None:
            raise TypeError('arg 5 (closure) must be tuple')
        if closure is not None:
            raise TypeError('arg 5 (closure) must be None or tuple')
    cells = 0 if closure is None else len(closure)
    if free != cells:
        raise ValueError('%s requires closure of length %d, not %d' % (code.co_name, free, cells))
    for cell in closure or ():
        if type(cell) is not CellType:
            raise TypeError('arg 5 (closure) expected cell, found %s' % type(cell).__name__)
    function = Function(code, globals_dict, None, defaults, None, None, closure)
    if name is not None:
        function.__name__ = name
    return function


def call_currentframe(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """inspect.currentframe() from VM code: the calling VM frame."""
    if args or kwargs:
        return sys.modules['inspect'].currentframe(*args, **(kwargs or {}))   # the host's TypeError
    return stack.escape(f)


def _stack_context(context: int = 1) -> int:
    return context


def _frame_record(frame: Any, context: int) -> Any:
    """inspect.FrameInfo for a VM frame (as inspect.getframeinfo, source lines from linecache)."""
    import inspect
    filename = frame.code.co_filename
    lineno = frame.walked_lineno()
    code_context = index = None
    if context > 0:
        import linecache
        lines = linecache.getlines(filename, frame.globals)
        if lines:
            start = max(0, min(lineno - 1 - context // 2, len(lines) - context))
            code_context = lines[start:start + context]
            index = lineno - 1 - start
    return inspect.FrameInfo(frame, filename, lineno, frame.code.co_name, code_context, index)


def call_stack(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """inspect.stack() from VM code: records of the logical frames from the caller outwards."""
    import inspect
    context = _stack_context(*args, **(kwargs or {}))
    records = []
    for frame in stack.walk(f):
        if type(frame) is Frame:
            records.append(_frame_record(frame, context))
        else:
            records.append(inspect.FrameInfo(frame, *inspect.getframeinfo(frame, context)))
    return records


INTERCEPTS: Dict[Any, Callable[[Any, tuple, Optional[dict]], Any]] = {
    super: call_super, locals: call_locals, globals: call_globals, vars: call_vars,
    dir: call_dir, exec: call_exec, eval: call_eval, sys.setrecursionlimit: call_setrecursionlimit,
    sys.getrecursionlimit: call_getrecursionlimit,
    sys._getframe: call_getframe, warnings.warn: call_warn, compile: call_compile,
    types.TracebackType: call_traceback_type, type: call_type, type.__new__: call_type_new,
    types.FunctionType: call_function_type,
    # the replacements host_patches installs while VM code runs, called from VM code
    vm_aware_exec: call_exec, vm_aware_eval: call_eval, vm_aware_warn: call_warn,
    vm_aware_compile: call_compile, stack.getframe: call_getframe,
}


def register_traceback_intercepts(traceback: Any) -> None:
    """traceback.extract_stack/format_stack/print_stack from VM code walk VM frames (added once
    traceback is imported: the VM does not import it itself)."""
    INTERCEPTS[traceback.extract_stack] = call_extract_stack
    INTERCEPTS[traceback.format_stack] = call_format_stack
    INTERCEPTS[traceback.print_stack] = call_print_stack


def register_inspect_intercepts(inspect: Any) -> None:
    """inspect.currentframe/stack from VM code walk VM frames (added once inspect is imported:
    the VM does not import it itself)."""
    INTERCEPTS[inspect.currentframe] = call_currentframe
    INTERCEPTS[inspect.stack] = call_stack


# -- classes ---------------------------------------------------------------------------------

def _calculate_metaclass(meta: type, bases: tuple) -> type:
    """as _PyType_CalculateMetaclass: the most derived metaclass."""
    winner = meta
    for base in bases:
        base_meta = type(base)
        if issubclass(winner, base_meta):
            continue
        if issubclass(base_meta, winner):
            winner = base_meta
            continue
        raise TypeError('metaclass conflict: the metaclass of a derived class must be a (non-strict) '
                        'subclass of the metaclasses of all its bases')
    return winner


def _update_bases(bases: tuple) -> tuple:
    """PEP 560: replace bases that have __mro_entries__."""
    new_bases = None
    for index, base in enumerate(bases):
        if isinstance(base, type):
            if new_bases is not None:
                new_bases.append(base)
            continue
        entries = getattr(base, '__mro_entries__', None)
        if entries is None:
            if new_bases is not None:
                new_bases.append(base)
            continue
        replacement = entries(bases)
        if not isinstance(replacement, tuple):
            raise TypeError('__mro_entries__ must return a tuple')
        if new_bases is None:
            new_bases = list(bases[:index])
        new_bases.extend(replacement)
    return bases if new_bases is None else tuple(new_bases)


def _implicit_method_kinds(namespace: Any) -> None:
    """What type.__new__ does for plain functions only: __init_subclass__ and
    __class_getitem__ are classmethods. (__new__ becomes a staticmethod after the metaclass
    ran, in build_class: the metaclass sees the plain function, as in 3.8.)"""
    for name, kind in (('__init_subclass__', classmethod), ('__class_getitem__', classmethod)):
        try:
            value = namespace[name]
        except KeyError:
            continue
        if isinstance(value, Function):
            namespace[name] = kind(value)
    bind_as_host_functions(Function)   # the functions stay themselves in the class dict


def build_class(func: Any, name: Any, *bases: Any, **kwds: Any) -> Any:
    """__build_class__ for VM class bodies (as builtin___build_class__)."""
    if not isinstance(func, Function):
        raise TypeError('__build_class__: func must be a function')
    if not isinstance(name, str):
        raise TypeError('__build_class__: name is not a string')
    orig_bases = bases
    bases = _update_bases(bases)
    meta = kwds.pop('metaclass', NULL)
    if meta is NULL:
        meta = type(bases[0]) if bases else type
        is_class = True
    else:
        is_class = isinstance(meta, type)
    if is_class:
        meta = _calculate_metaclass(meta, bases)
    prepare = getattr(meta, '__prepare__', None)
    namespace = prepare(name, bases, **kwds) if prepare is not None else {}
    if not hasattr(type(namespace), '__getitem__'):
        raise TypeError('%.200s.__prepare__() must return a mapping, not %.200s' % (
            meta.__name__ if is_class else '<metaclass>', type(namespace).__name__))
    body = func.make_frame((), None, namespace)
    cell = run_frame(body)
    _implicit_method_kinds(namespace)
    if bases is not orig_bases:
        namespace['__orig_bases__'] = orig_bases
    cls = meta(name, bases, namespace, **kwds)
    if isinstance(cls, type) and type(type_dict(cls).get('__new__')) is Function:
        # type.__new__ makes a plain function __new__ a staticmethod in the type's dict (the
        # metaclass saw the function itself), but only a host function
        type.__setattr__(cls, '__new__', staticmethod(type_dict(cls)['__new__']))
    inherit_str_from_repr(cls)
    if isinstance(cls, type) and isinstance(cell, CellType):
        try:
            cell_class = cell.cell_contents
        except ValueError:
            raise RuntimeError('__class__ not set defining %.200r as %.200r. Was __classcell__ '
                               'propagated to type.__new__?' % (name, cls)) from None
        if cell_class is not cls:
            raise TypeError('__class__ set to %.200r defining %.200r as %.200r'
                            % (cell_class, name, cls))
    return cls


def load_build_class(builtins_dict: dict) -> Any:
    """LOAD_BUILD_CLASS: builtins' __build_class__, ours in place of the host's."""
    try:
        value = builtins_dict['__build_class__']
    except KeyError:
        raise NameError('__build_class__ not found') from None
    return build_class if value is _HOST_BUILD_CLASS else value


_HOST_BUILD_CLASS = builtins.__build_class__   # (the builtins module's is a program's once rebound)


def call_build_class(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """The host's __build_class__ called by VM code (a program's builtins.__build_class__ that
    wraps the one it found there): ours for a VM class body."""
    if args and isinstance(args[0], Function):
        return build_class(*args, **(kwargs or {}))
    return _HOST_BUILD_CLASS(*args, **(kwargs or {}))


INTERCEPTS[_HOST_BUILD_CLASS] = call_build_class


def call_import(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """PyPy: its __import__ (importlib's, Python code) called by VM code (a program's wrapper of
    the one it found in builtins): 3.8's C fast path for a module already imported."""
    return hostbuiltins.cached_import(*args, **(kwargs or {}))


_HOST_SYS_EXIT = sys.exit


def call_sys_exit(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """PyPy: sys.exit called by VM code as 3.8's sys_exit_impl (PyErr_SetObject: a tuple is the
    exception's arguments, None none); PyPy's is Python code that finds isinstance in the
    builtins module a program may have rebound, and gives SystemExit(None) the argument None."""
    if kwargs or len(args) > 1:
        return _HOST_SYS_EXIT(*args, **(kwargs or {}))
    status = args[0] if args else None
    if status is None:
        raise SystemExit()
    if issubclass(type(status), tuple):
        raise SystemExit(*status)
    raise SystemExit(status)


if hostbuiltins.IMPORT is not hostbuiltins.HOST_IMPORT:   # (PyPy)
    INTERCEPTS[hostbuiltins.HOST_IMPORT] = call_import
    INTERCEPTS[_HOST_SYS_EXIT] = call_sys_exit


_host_iscode: List[Any] = []   # inspect.iscode as the host defined it, once inspect is imported


def _iscode(object: Any) -> bool:
    """inspect.iscode that also accepts our code objects (so getfile/getsource work on VM
    functions)."""
    return _host_iscode[0](object) or isinstance(object, CodeType)


def _inspect_patches(inspect: Any) -> Iterable[Tuple[str, Any]]:
    """inspect's replacement, with no import: this runs whenever the patches go back in, a
    profiler of the program perhaps running, which must see none of our work."""
    register_inspect_intercepts(inspect)
    if not _host_iscode:
        _host_iscode.append(inspect.iscode)
    return (('iscode', _iscode),)


def _raise_sigint_then_send_none(original: Any) -> Callable[[Any, tuple, Optional[dict]], Any]:
    """_testcapi.raise_SIGINT_then_send_None from VM code: a VM generator (which the C function
    refuses: it is no host generator) is sent None with SIGINT arriving as it resumes."""
    def call(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
        if len(args) == 1 and not kwargs and isinstance(args[0], Generator):
            import signal
            return send_after_signal(args[0], signal.SIGINT)
        return original(*args, **(kwargs or {}))
    return call


def _testcapi_patches(testcapi: Any) -> Iterable[Tuple[str, Any]]:
    """The C test module's view of the recursion depth is the host's; VM code sees its own.
    Its functions taking a generator take the VM's generators too."""
    depth = getattr(testcapi, 'get_recursion_depth', None)
    if depth is not None:
        INTERCEPTS[depth] = call_get_recursion_depth
    send = getattr(testcapi, 'raise_SIGINT_then_send_None', None)
    if send is not None:
        INTERCEPTS[send] = _raise_sigint_then_send_none(send)
    return ()


def _type_var_call(type_var: Any) -> Callable[[Any, tuple, Optional[dict]], Any]:
    """typing.TypeVar from VM code on 3.12+ hosts, where it is C code naming its __module__ after
    the host frame running (the loop's module): the caller's module, as 3.8's TypeVar reads it
    (sys._getframe(1).f_globals, for pickling), but 'typing' itself."""
    def call(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
        made = type_var(*args, **(kwargs or {}))
        module = f.globals.get('__name__', '__main__')
        if module != 'typing':
            made.__module__ = module
        return made
    return call


def _typing_patches(typing: Any) -> Iterable[Tuple[str, Any]]:
    if hasattr(typing, 'TypeVar'):   # (3.12+: _typing's TypeVar is C code)
        INTERCEPTS[typing.TypeVar] = _type_var_call(typing.TypeVar)
    return ()


def _traceback_patches(traceback: Any) -> Iterable[Tuple[str, Any]]:
    register_traceback_intercepts(traceback)
    return ()


host_patches.provide('builtins', lambda module: (('exec', vm_aware_exec), ('eval', vm_aware_eval),
                                                 ('compile', vm_aware_compile)))
host_patches.provide('warnings', lambda module: (('warn', vm_aware_warn),))
host_patches.provide('inspect', _inspect_patches)
host_patches.provide('traceback', _traceback_patches)
host_patches.provide('_typing', _typing_patches)
host_patches.provide('_testcapi', _testcapi_patches)
