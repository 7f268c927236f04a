"""VM functions: host-callable objects with the attributes of a 3.8 function."""
import operator
import sys
import types
from typing import Any, Final, Optional

from ..compiler.code import CO_ASYNC_GENERATOR, CO_COROUTINE, CodeType
from . import host_patches
from .host_patches import _thread_depth
from . import compat
from .compat import namespace_get, set_handled_traceback
from .async_generators import AsyncGenerator
from .errors import BytecodeCorruption
from .decode import decoded
from .gen_reports import coroutine_origin
from .generators import KEPT_STEPS, Coroutine, Generator, install_class_attribute
from .tracebacks import NOTES_INIT_RESULTS, note_init_result, strip_machinery
from .frame import Frame, bind_keywords, bind_planned, builtins_of, new_frame
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds
MethodType = types.MethodType

run_frame: Any = None   # set by eval.py (which imports this module): run_frame(frame) -> value
# the loop's POOLED_FRAME and RELEASE_FRAME (vm/instructions.py), set with run_frame
pooled_frame: Any = None   # (function, fast locals) -> a frame for its plain call
release_frame: Any = None   # (finished frame) -> None: kept for the next plain call when unseen
# set by vm/tier2_calls.py while tier 2 runs compiled bodies: (Decoded, frame) -> the value of host
# code's call of a VM function run by its compiled body, or NOT_RUN (then it runs in a loop)
host_call_body: Any = None
NOT_RUN: Final = object()


def make_generator(func: Any, frame: Frame) -> Any:
    """The generator, coroutine or async generator a call of `func` returns."""
    flags = frame.code.co_flags
    if flags & CO_COROUTINE:
        coroutine = _new_object(Coroutine)   # (_GeneratorBase.__init__, inlined: one call less)
        coroutine._frame = frame
        coroutine._running = False
        coroutine._code = frame.code
        coroutine._name = func._name
        coroutine._qualname = func._qualname
        coroutine._exc_state = None
        coroutine._closed = False
        coroutine._hooks_done = False
        coroutine._finalizer = None
        if KEPT_STEPS:
            coroutine._kept_step = None
        depth = _origin_tracking_depth()
        coroutine._origin = coroutine_origin(depth) if depth else None
        return coroutine
    if flags & CO_ASYNC_GENERATOR:
        return AsyncGenerator(func, frame)
    return Generator(func, frame)


_new_object = object.__new__
_origin_tracking_depth = sys.get_coroutine_origin_tracking_depth


def _coroutine_marker(module_name: str, attribute: str, func: 'Function') -> Any:
    if not func.__code__.co_flags & CO_COROUTINE:
        return None
    module = sys.modules.get(module_name)
    return getattr(module, attribute, None) if module is not None else None


class _Settable:
    """An attribute computed for VM functions unless the program set it (as a host function's
    attributes live in its __dict__): asyncio.locks sets _is_coroutine, functools and
    inspect users set __signature__."""

    def __init__(self, compute: Any) -> None:
        self.compute = compute
        self.name = ''

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, func: Any, owner: Any = None) -> Any:
        if func is None:
            return self
        try:
            return func.__dict__[self.name]
        except KeyError:
            return self.compute(func)

    def __set__(self, func: Any, value: Any) -> None:
        func.__dict__[self.name] = value

    def __delete__(self, func: Any) -> None:
        try:
            del func.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None


def _no_attribute(func: 'Function') -> Any:
    raise AttributeError("'function' object has no attribute '__signature__'")


def _check_make_function(code: Any, defaults: Any, kwdefaults: Any, annotations: Any, closure: Any) -> None:
    """MAKE_FUNCTION's operands have the types 3.8's compiler gives them (ceval trusts them and
    crashes on others): a fault of the bytecode, never an exception of the program."""
    for value, kind, what in ((code, CodeType, 'code object'), (defaults, tuple, 'defaults tuple'),
                              (kwdefaults, dict, 'keyword defaults dict'),
                              (annotations, dict, 'annotations dict'), (closure, tuple, 'closure tuple')):
        if value is not None or kind is CodeType:
            if not isinstance(value, kind):
                raise BytecodeCorruption('MAKE_FUNCTION with a %s where a %s belongs'
                                         % (type(value).__name__, what))
    if closure is not None and len(closure) != len(code.co_freevars):
        raise BytecodeCorruption('MAKE_FUNCTION with a closure of %d cells for %d free variables'
                                 % (len(closure), len(code.co_freevars)))


def _checked(value: Any, kind: type, name: str, what: str, none_ok: bool = False) -> Any:
    """`value` for a function's attribute `name`, or 3.8's TypeError when it is not a `kind`."""
    if isinstance(value, kind) or (none_ok and value is None):
        return value
    raise TypeError('%s must be set to a %s object' % (name, what))


def _readonly(func: 'Function', value: Any = None) -> None:
    raise AttributeError('readonly attribute')


def _annotations_of(func: 'Function') -> dict:
    # as func_get_annotations: made on first use once unset
    if func._annotations is None:
        func._annotations = {}
    return func._annotations


# Finished frames a function keeps for reuse by plain calls (eval.py's RETURN_VALUE). Bounded,
# since every in-loop call's frame returns there but only the fast path takes one back: a
# function called with defaults or keywords (x.find(), recursive) would pile them up forever.
FRAME_POOL_LIMIT: Final = 8


class _WithDict:
    """The instance dict of VM functions, whose `__dict__` descriptor Function wraps (a class
    cannot both hold the dict slot and put its own descriptor under that name)."""
    __slots__ = ('__dict__',)


_DICT_SLOT: Final = _WithDict.__dict__['__dict__']


def _set_dict(func: Any, value: Any) -> None:
    # as PyObject_GenericSetDict (3.8's function __dict__): only a dict (a subclass too)
    if not isinstance(value, dict):
        raise TypeError("__dict__ must be set to a dictionary, not a '%s'" % type(value).__name__)
    _DICT_SLOT.__set__(func, value)


def _delete_dict(func: Any) -> None:
    raise TypeError('cannot delete __dict__')


class Function(_WithDict):
    """A function whose code object runs in the VM; usable wherever host code expects a function."""
    __slots__ = ('_code', '_globals', '_name', '_qualname', '_defaults',
                 '_kwdefaults', '_closure', '_annotations', '__weakref__',
                 '_doc', '_module', '_dc', '_builtins', '_pool')

    def __init__(self, code: Any, globals_dict: dict, qualname: Optional[str] = None,
                 defaults: Optional[tuple] = None, kwdefaults: Optional[dict] = None,
                 annotations: Optional[dict] = None, closure: Optional[tuple] = None,
                 builtins_dict: Optional[dict] = None) -> None:
        if (type(code) is not CodeType or (defaults is not None and type(defaults) is not tuple)
                or (kwdefaults is not None and type(kwdefaults) is not dict)
                or (annotations is not None and type(annotations) is not dict)
                or (closure is not None and (type(closure) is not tuple
                                             or len(closure) != len(code.co_freevars)))):
            # (the operands of every MAKE_FUNCTION our compiler's code makes pass the test above
            # at once; a subclass of one of those types, or a fault, is looked at in full)
            _check_make_function(code, defaults, kwdefaults, annotations, closure)
        self._code = code
        self._globals = globals_dict
        self._name = code.co_name
        self._qualname = qualname if qualname is not None else code.co_name
        self._defaults = defaults
        self._kwdefaults = kwdefaults
        self._closure = closure
        self._annotations = annotations
        consts = code.co_consts
        self._doc = consts[0] if consts and isinstance(consts[0], str) else None
        # (PyPy at tiers 1 and 2: read by a call its JIT does not trace into, compat.OPAQUE_NAMES:
        # the loop's code making functions no longer depends on their module dict's version)
        self._module = (namespace_get(globals_dict, '__name__', None)
                        if compat.OPAQUE_NAMES and type(globals_dict) is dict
                        else globals_dict.get('__name__') if isinstance(globals_dict, dict) else None)
        dc = code._vm_cache   # (decode.decoded, inlined: MAKE_FUNCTION of a code decoded before)
        self._dc = dc if dc is not None else decoded(code)
        self._builtins = builtins_dict if builtins_dict is not None else builtins_of(globals_dict)
        self._pool: list = []   # finished frames of plain calls, reused by the eval loop

    @property
    def __code__(self) -> Any:
        return self._code

    @__code__.setter
    def __code__(self, value: Any) -> None:
        # as func_set_code; the calls that follow run the new code (decoded afresh, no pooled frame)
        if not isinstance(value, CodeType):
            raise TypeError('__code__ must be set to a code object')
        free, closure = len(value.co_freevars), len(self._closure or ())
        if free != closure:
            raise ValueError('%s() requires a code object with %d free vars, not %d'
                             % (self.__name__, closure, free))
        self._code = value
        self._dc = decoded(value)
        self._pool = []

    @__code__.deleter
    def __code__(self) -> None:
        raise TypeError('__code__ must be set to a code object')

    # read-only as 3.8's (READONLY members: set and del raise AttributeError); read through a C
    # getter, as the call paths of the loops read __globals__
    __globals__ = property(operator.attrgetter('_globals'), _readonly, _readonly)
    # attribute storage reads the dict slot directly, never through this descriptor
    __dict__ = property(_DICT_SLOT.__get__, _set_dict, _delete_dict)   # type: ignore[assignment]
    __closure__ = property(operator.attrgetter('_closure'), _readonly, _readonly)

    # writable as a function's, kept in slots; set and deleted as func_set_name,
    # func_set_defaults, func_set_kwdefaults, func_set_annotations check them
    __doc__ = property(lambda self: self._doc,   # type: ignore[assignment]
                       lambda self, value: setattr(self, '_doc', value),
                       lambda self: setattr(self, '_doc', None))
    __name__ = property(lambda self: self._name,   # type: ignore[assignment]
                        lambda self, value: setattr(self, '_name', _checked(value, str, '__name__', 'string')),
                        lambda self: _checked(None, str, '__name__', 'string'))
    __defaults__ = property(lambda self: self._defaults,
                            lambda self, value: setattr(self, '_defaults', _checked(value, tuple, '__defaults__', 'tuple', True)),
                            lambda self: setattr(self, '_defaults', None))
    __kwdefaults__ = property(lambda self: self._kwdefaults,
                              lambda self, value: setattr(self, '_kwdefaults', _checked(value, dict, '__kwdefaults__', 'dict', True)),
                              lambda self: setattr(self, '_kwdefaults', None))
    __annotations__ = property(_annotations_of,
                               lambda self, value: setattr(self, '_annotations', _checked(value, dict, '__annotations__', 'dict', True)),
                               lambda self: setattr(self, '_annotations', None))
    __module__ = property(lambda self: self._module,   # type: ignore[assignment]
                          lambda self, value: setattr(self, '_module', value))

    def __repr__(self) -> str:
        return '<function %s at %#x>' % (self._qualname, id(self))

    # isinstance(f, types.FunctionType) is True (isinstance consults __class__), so
    # inspect.isfunction/isgeneratorfunction/getmembers(..., isfunction) see VM functions;
    # type(f) stays Function, so C code checking exact types is unaffected
    __class__ = property(lambda self: types.FunctionType)   # type: ignore[assignment]

    def __reduce__(self) -> str:
        """Pickled by reference (module + qualified name), as CPython pickles functions."""
        return self._qualname

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        return MethodType(self, instance)   # (a global: every dunder host code calls is bound here)

    def make_frame(self, args: tuple, kwargs: Optional[dict], locals_map: Any = None) -> Frame:
        """A frame for a call of this function with these arguments (binding errors raise TypeError)."""
        dc = self._dc
        if dc.plain_args and not kwargs and len(args) == dc.argcount:
            fast = list(args)
            fast.extend(dc.local_tail)
        else:
            fast = bind_planned(dc, self._defaults, self._kwdefaults, self._closure, args, kwargs)
        return self._frame(fast, locals_map)

    def keyword_frame(self, values: list, names: tuple) -> Optional[Frame]:
        """make_frame for a keyword call's operands as the stack holds them (CALL_FUNCTION_KW:
        the positional arguments, then the values of the keywords `names`), with no keyword
        dict; None where make_frame must bind (a generator function's call, **kwargs, an error)."""
        dc = self._dc
        if dc.is_generator:
            return None
        fast = bind_keywords(dc, self._defaults, self._kwdefaults, self._closure, values, names)
        return None if fast is None else self._frame(fast, None)

    def _frame(self, fast: list, locals_map: Any) -> Frame:
        if self._pool and locals_map is None:
            # a frame this function finished before (as a plain call's, POOLED_FRAME; only a
            # function with no cells has any: the loop's RELEASE_FRAME and tier 2's compiled
            # bodies keep them, and for a coroutine function tier 2's await_call)
            frame = self._pool.pop()
            frame.fast = fast
            frame.i = 0
            return frame
        return new_frame(self._dc, fast, self._globals, self._builtins, locals_map, self)

    def __call__(*args: Any, **kwargs: Any) -> Any:   # type: ignore[misc]
        # f(self=1) must reach f; and no local of this frame is the function before it runs: a
        # host trace function has CPython copy the locals into f_locals (call_trampoline), and
        # trace's class lookup (gc.get_referrers) must find the function in its class dict only
        self = args[0]
        dc = self._dc
        if dc.simple and not kwargs and len(args) == dc.argcount + 1:
            # host code's plain call (map, sorted's key, a property, an operator's dunder): as
            # the loop's own fast path, with a frame this function finished before when it has one
            fast = list(args)
            del fast[0]
            fast.extend(dc.local_tail)
            pool = self._pool
            if pool:   # (the loop's POOLED_FRAME, inlined)
                frame = pool.pop()
                frame.fast = fast
                frame.i = 0   # (the loop starts a frame at frame.i; a call in the loop at 0)
            else:
                frame = new_frame(dc, fast, self._globals, self._builtins, None, self)
        else:
            frame = self.make_frame(args[1:], kwargs)
            if dc.is_generator:
                return make_generator(self, frame)
        if host_call_body is not None:
            # tier 2: run by its compiled body once it has one, as a call from the VM frame
            # whose code called the host code calling this (an operator's dunder, a class's
            # __init__, a key function)
            value = host_call_body(dc, frame)
            if value is not NOT_RUN:
                if value is not None and NOTES_INIT_RESULTS:
                    note_init_result(self, value)
                return value
        # (host_patches.enter/leave, inlined for the nested entry: the scope is open already)
        here = _thread_depth
        depth = here.depth
        if depth:
            here.depth = depth + 1
        else:
            host_patches.enter()   # host code calling VM code: the host patches while it runs
        try:
            value = run_frame(frame)
        except BaseException as exc:   # re-raised without the VM's own entries (this frame's too)
            set_handled_traceback(exc, strip_machinery(exc.__traceback__))
            raise
        finally:
            depth = here.depth - 1
            if depth:
                here.depth = depth
            else:
                host_patches.leave()
        release_frame(frame)
        if value is not None and NOTES_INIT_RESULTS:
            note_init_result(self, value)
        return value

    # asyncio.iscoroutinefunction's marker, for `async def` functions (3.8..3.11 hosts)
    _is_coroutine = _Settable(lambda func: _coroutine_marker('asyncio.coroutines', '_is_coroutine', func))
    # inspect.iscoroutinefunction's marker on 3.12+ hosts, for `async def` functions
    _is_coroutine_marker = _Settable(lambda func: _coroutine_marker('inspect', '_is_coroutine_mark', func))
    # only what the program sets: inspect.signature reads the code object, as a host function's
    # (and follows __wrapped__ past a function that has no __signature__)
    __signature__ = _Settable(_no_attribute)


Function.__name__ = Function.__qualname__ = 'function'   # as type(f).__name__ in CPython
# as func_set_qualname: only a str, never deleted (a class body cannot define __qualname__:
# type_new takes it as the class's own)
install_class_attribute(Function, '__qualname__', property(
    operator.attrgetter('_qualname'),
    lambda self, value: setattr(self, '_qualname', _checked(value, str, '__qualname__', 'string')),
    lambda self: _checked(None, str, '__qualname__', 'string')))
