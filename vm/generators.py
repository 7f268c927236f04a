"""Generators and coroutines of VM code (as Objects/genobject.c, 3.8); async generators build
on the same base in vm/async_generators.py.

Each resumption runs the generator's frame with `run_frame` (the frame is always the
entry frame of that run). The handled-exception state inside a generator is its own,
as 3.8's gi_exc_state: saved on suspension, restored on resumption.
"""
import collections.abc
import sys
import types
from typing import Any, Callable, Optional

from ..compiler import opcodes as O
from . import frame as frame_module, host_patches
from .host_patches import _thread_depth
from .compat import set_exc_info
from .gen_reports import warn_unawaited, write_unraisable
from .tracebacks import strip_machinery
from .settrace import STATE as TRACE_STATE
from .unwind import in_handler, inherit_caller_state, restore_state_before_handler
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds

run_frame: Any = None   # set by eval.py

_NOT_GIVEN = object()
# whether generators keep tier 2's step that resumed them last (_kept_step, vm/tier2_generators.py):
# on every host. (Not on PyPy till session 19, where the field cost coroutines 8-10% (each `await
# f(x)` made a generator) while compiled code left resumptions to next_item; with bodies and
# generators' traces on PyPy it no longer does: generators_chain -20%, coroutines equal;
# bench/FINDINGS.md, "Session 19, s19flow".)
KEPT_STEPS = True


def pep479_error(kind: str, error: BaseException) -> RuntimeError:
    """The RuntimeError replacing a StopIteration (or StopAsyncIteration) leaving a generator."""
    replacement = RuntimeError('%s raised %s' % (kind, type(error).__name__))
    replacement.__cause__ = error
    replacement.__context__ = error
    return replacement


def _set_name(gen: Any, slot: str, value: Any) -> None:
    """as gen_set_name/gen_set_qualname: names are strings and cannot be deleted."""
    if not isinstance(value, str):
        raise TypeError('%s must be set to a string object' % ('__name__' if slot == '_name' else '__qualname__'))
    setattr(gen, slot, value)


def install_class_attribute(cls: type, name: str, value: Any) -> None:
    """Put `value` in the class's own namespace even where type.__setattr__ would refuse it."""
    import gc
    namespace, = [d for d in gc.get_referents(cls.__dict__) if isinstance(d, dict)]
    namespace[name] = value
    setattr(cls, '_namespace_changed', None)   # type.__setattr__ invalidates the attribute cache (PyType_Modified)
    delattr(cls, '_namespace_changed')


def _one_argument(name: str, value: Any, extra: tuple, keywords: dict) -> TypeError:
    """as METH_O's checks: "send() takes exactly one argument (0 given)"."""
    if keywords:
        return TypeError('%s() takes no keyword arguments' % name)
    return TypeError('%s() takes exactly one argument (%d given)'
                     % (name, (value is not _NOT_GIVEN) + len(extra)))


def _no_arguments(name: str, args: tuple) -> TypeError:
    """as METH_NOARGS's check."""
    return TypeError('%s() takes no arguments (%d given)' % (name, len(args)))


def _throw_arguments(name: str, args: tuple) -> None:
    """as PyArg_UnpackTuple(args, name, 1, 3)."""
    if not args:
        raise TypeError('%s expected at least 1 argument, got 0' % name)
    if len(args) > 3:
        raise TypeError('%s expected at most 3 arguments, got %d' % (name, len(args)))


def _member(getter: Any) -> property:
    """A read-only attribute like 3.8's READONLY struct members: setting or deleting it fails so."""
    def refuse(self: Any, value: Any = None) -> None:
        raise AttributeError('readonly attribute')
    return property(getter, refuse, refuse)


def _getset(name: str, kind: str, getter: Any, doc: str) -> property:
    """A read-only attribute like 3.8's getset descriptors without a setter."""
    def refuse(self: Any, value: Any = None) -> None:
        raise AttributeError("attribute '%s' of '%s' objects is not writable" % (name, kind))
    return property(getter, refuse, refuse, doc)


class _Unpicklable:
    """Objects copy and pickle refuse, as 3.8's object.__reduce_ex__ does for C types without state."""
    __slots__ = ()

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("cannot pickle '%s' object" % type(self).__name__)

    def __reduce__(self) -> Any:
        raise TypeError("cannot pickle '%s' object" % type(self).__name__)


class _GeneratorBase(_Unpicklable):
    """What generators, coroutines and async generators share: the frame and its resumption."""
    __slots__ = ('_frame', '_running', '_code', '_name', '_qualname', '_exc_state',
                 '__weakref__', '_closed', '_hooks_done', '_finalizer') + (('_kept_step',) if KEPT_STEPS else ())
    _kind = 'generator'

    def __init__(self, func: Any, frame: Any) -> None:
        # frame.gen points back only while the frame runs: no cycle keeps a dropped
        # generator alive, so it is finalized (closed) as promptly as in CPython.
        # (vm/function.py's make_generator writes these same slots for a coroutine, inlined)
        self._frame = frame
        self._running = False
        self._code = frame.code
        self._name = func._name   # (a VM Function's slots: its name properties cost a call each)
        self._qualname = func._qualname
        self._exc_state: Optional[tuple] = None   # the handled exception while suspended (gi_exc_state)
        self._closed = False
        self._hooks_done = False
        self._finalizer: Optional[Callable[[Any], Any]] = None
        # a generator's or coroutine's: the tier 2 step that resumed it last (vm/tier2_generators.py),
        # which compiled code calls directly (it checks the frame is suspended where it resumes from)
        if KEPT_STEPS:
            self._kept_step: Any = None

    def __repr__(self) -> str:
        return '<%s object %s at %#x>' % (self._kind, self._qualname, id(self))

    __name__ = property(lambda self: self._name, lambda self, value: _set_name(self, '_name', value),
                        lambda self: _set_name(self, '_name', None))
    # __qualname__ cannot be given in a class body (type() takes it as the class's own);
    # installed after the class by install_class_attribute

    def wrap_yielded(self, value: Any) -> Any:
        return value

    def _returned(self, value: Any) -> BaseException:
        return StopIteration(value) if value is not None else StopIteration()

    def _yieldfrom(self) -> Any:
        """The iterator this generator is delegating to (suspended at YIELD_FROM), or None (as _PyGen_yf)."""
        frame = self._frame
        if frame is None or self._running or frame.i == 0 or frame.instrs[frame.i][0] != O.YIELD_FROM:
            return None
        return frame.stack[-1]

    def _send(self, value: Any, exc: Optional[BaseException], closing: bool = False,
              resuming: bool = False) -> Any:
        """Resume the frame with a value or an exception (as gen_send_ex); the yielded value.
        `resuming`: the frame goes on from where compiled code left it, resumed and part-run
        (vm/tier2_generators.py: f.i, its value stack written back, the value sent already in
        it; `exc`, if any, raised by its instruction f.i - 1): no value is pushed.

        No local of this frame refers to an exception leaving it (nor to a handled-exception
        triple): a traceback through the frame would keep them alive in a cycle.
        """
        frame = self._frame
        if resuming:
            pass
        elif self._running:
            raise ValueError('%s already executing' % self._kind)
        elif frame is None:
            if self._kind == 'coroutine' and not closing:
                raise RuntimeError('cannot reuse already awaited coroutine')
            if exc is not None:
                try:
                    raise exc
                finally:
                    exc = None
            if self._kind == 'async generator':
                raise StopAsyncIteration
            raise StopIteration
        elif frame.i == 0 and exc is None:
            if value is not None:
                raise TypeError("can't send non-None value to a just-started %s" % self._kind)
        elif exc is None:
            frame.stack.append(value)
        state = self._exc_state
        if state is not None:
            # resumed inside an except block: its exception is handled again (gi_exc_state),
            # and leaving the block shows the caller's (the generator's own state was empty)
            outer: Any = sys.exc_info()
            set_exc_info(*state)
            inherit_caller_state(frame, outer)
        self._running = True
        frame.gen = self
        error = None
        # resumed by host code (next(), send, a for loop in host code): the host patches while
        # it runs (host_patches.enter/leave, inlined for the nested entry: the scope is open)
        here = _thread_depth
        depth = here.depth
        if depth:
            here.depth = depth + 1
        else:
            host_patches.enter()
        try:
            result = run_frame(frame, exc)
        except BaseException as raised:
            error = raised
        finally:
            depth = here.depth - 1
            if depth:
                here.depth = depth
            else:
                host_patches.leave()
        exc = None
        frame.gen = None
        self._running = False
        if error is None and frame.yielded:
            if frame.blocks and in_handler(frame):
                self._exc_state = sys.exc_info()
                if state is not None:
                    set_exc_info(*outer)
                else:
                    restore_state_before_handler(frame)
            else:
                self._exc_state = None
                if state is not None:
                    set_exc_info(*outer)
            return result
        self._frame = None
        self._exc_state = None
        if state is not None:
            set_exc_info(*outer)
        state = outer = frame = None
        if error is None:
            raise self._returned(result)
        try:
            if isinstance(error, StopIteration) or (
                    self._kind == 'async generator' and isinstance(error, StopAsyncIteration)):
                # (its traceback, the RuntimeError's __cause__'s, without this host frame and
                # the loop's it came out of: the generator's entry first, as 3.8's)
                error.__traceback__ = strip_machinery(error.__traceback__)
                raise pep479_error(self._kind, error)
            raise error
        finally:
            error = None

    def _throw(self, args: tuple, close_on_genexit: bool = True) -> Any:
        """as gen_throw: delegate throw(*args) to the sub-iterator of `yield from` (as given),
        else raise the exception inside the frame."""
        _throw_arguments('throw', args)
        yf = self._yieldfrom()
        if yf is not None:
            typ = args[0]
            if close_on_genexit and (isinstance(typ, GeneratorExit) or (
                    isinstance(typ, type) and issubclass(typ, GeneratorExit))):
                self._running = True
                error = None
                try:
                    close_iter(yf)
                except BaseException as raised:
                    error = raised
                self._running = False
                if error is not None:
                    try:
                        return self._send(None, error)
                    finally:
                        error = None
                return self._send(None, normalize_exception(*args))
            throw: Any
            if isinstance(yf, _GeneratorBase):
                throw = yf._throw
                args = (args, close_on_genexit)
            else:
                throw = getattr(yf, 'throw', None)   # a failing lookup propagates (frame untouched)
                if throw is None:
                    return self._send(None, normalize_exception(*args))
            self._running = True
            error = None
            try:
                result = throw(*args)
            except BaseException as raised:
                error = raised
            self._running = False
            yf = None
            if error is None:
                return result
            frame = self._frame
            frame.stack.pop()
            frame.i += 1
            frame = None
            try:
                if isinstance(error, StopIteration):
                    return self._send(error.value, None)
                return self._send(None, error)
            finally:
                error = None
        return self._send(None, normalize_exception(*args))

    def _close(self) -> None:
        """as gen_close: GeneratorExit into the frame; it must not yield again."""
        yf = self._yieldfrom()
        error: Optional[BaseException] = None
        if yf is not None:
            self._running = True
            try:
                close_iter(yf)
            except BaseException as raised:
                error = raised
            self._running = False
        if error is None:
            error = GeneratorExit()
        try:
            self._send(None, error, closing=True)
        except (GeneratorExit, StopIteration):
            return None
        finally:
            error = None
        raise RuntimeError('%s ignored GeneratorExit' % self._kind)

    def __del__(self) -> None:
        """as _PyGen_Finalize: a suspended generator is closed; what goes wrong is unraisable."""
        frame = self._frame
        if frame is None or self._running:
            return
        if self._finalizer is not None and not self._closed:   # an async generator's hook
            try:
                self._finalizer(self)
            except BaseException:
                write_unraisable(self)
            return
        if frame.i == 0:
            if self._kind == 'coroutine':
                warn_unawaited(self)
                return
            if not TRACE_STATE.use_tracing:
                return   # not started: closing shows nothing but a trace function's events
        try:
            self._close()
        except BaseException:
            write_unraisable(self)


def normalize_exception(typ: Any, val: Any = None, tb: Any = None) -> BaseException:
    """The exception throw(typ, val, tb) raises, with 3.8's TypeErrors for bad arguments.

    As PyErr_NormalizeException, a class that fails to instantiate gives the exception its
    instantiation raised (with its own traceback, else `tb`), which is then thrown in its place."""
    if tb is not None and not isinstance(tb, types.TracebackType):
        raise TypeError('throw() third argument must be a traceback object')
    if isinstance(typ, type) and issubclass(typ, BaseException):
        try:
            if isinstance(val, typ):
                exc = val
            elif val is None:
                exc = typ()
            elif isinstance(val, tuple):
                exc = typ(*val)
            else:
                exc = typ(val)
        except BaseException as error:
            exc = error
            if exc.__traceback__ is None:
                exc.__traceback__ = tb
            return exc
    elif isinstance(typ, BaseException):
        if val is not None:
            raise TypeError('instance exception may not have a separate value')
        exc = typ
    else:
        raise TypeError('exceptions must be classes or instances deriving from BaseException, '
                        'not %s' % type(typ).__name__)
    if tb is not None:
        exc.__traceback__ = tb
    return exc


def finalize_generator_of(frame: Any) -> None:
    """Finalize (close, as _PyGen_Finalize) the generator whose suspended frame is `frame`, for
    frame.clear(). A frame points to its generator only while it runs (Frame.gen), so it is
    found among the frame's referrers: a slow search, for a rare call."""
    import gc
    for referrer in gc.get_referrers(frame):
        if isinstance(referrer, _GeneratorBase) and referrer._frame is frame:
            referrer.__del__()
            return


frame_module.finalize_generator_of = finalize_generator_of


def send_after_signal(gen: Any, signum: int) -> Any:
    """gen.send(None) with signal `signum` arriving as it resumes (_testcapi's
    raise_SIGINT_then_send_None, which checks bpo-30039): 3.8 runs the Python-level handler at
    the first instruction of the innermost generator of the `yield from` chain (a frame
    parked at YIELD_FROM does not run pending calls), so an exception from it is raised there,
    as throw() raises one. A handler that is no Python callable (SIG_DFL, SIG_IGN) gets the
    real signal."""
    import signal
    handler = signal.getsignal(signum)
    if not callable(handler):
        signal.raise_signal(signum)
        return gen.send(None)
    innermost = gen
    while True:
        inner = innermost._yieldfrom()
        if not isinstance(inner, _GeneratorBase):
            break
        innermost = inner
    error: Optional[BaseException] = None
    try:
        handler(signum, innermost._frame)
    except BaseException as raised:
        error = raised
    if error is None:
        return gen.send(None)
    try:
        return gen._throw((error,))
    finally:
        error = None


def close_iter(yf: Any) -> None:
    """as gen_close_iter."""
    if isinstance(yf, _GeneratorBase):
        yf._close()
        return
    try:
        close = getattr(yf, 'close', None)
    except BaseException:   # as gen_close_iter: a failing lookup is reported, the close goes on
        write_unraisable(yf)
        return
    if close is not None:
        close()


class _Resumption:
    """send/throw/close of generators, coroutines and coroutine wrappers (gen_send, gen_throw,
    gen_close), resuming `_target()`."""
    __slots__ = ()

    def _target(self) -> Any:
        return self

    def send(self, value: Any = _NOT_GIVEN, /, *extra: Any, **keywords: Any) -> Any:
        if value is _NOT_GIVEN or extra or keywords:
            raise _one_argument('send', value, extra, keywords)
        return self._target()._send(value, None)

    def throw(self, *args: Any) -> Any:
        return self._target()._throw(args)

    def close(self, *args: Any) -> None:
        if args:
            raise _no_arguments('close', args)
        return self._target()._close()


class Generator(_Resumption, _GeneratorBase):
    """A VM generator: the iterator a generator function returns."""
    __slots__ = ()

    def __iter__(self) -> 'Generator':
        return self

    def __next__(self) -> Any:
        return self._send(None, None)

    # isinstance(g, types.GeneratorType) is True (through __class__), as inspect.isgenerator asks
    __class__ = property(lambda self: types.GeneratorType)   # type: ignore[assignment]


class Coroutine(_Resumption, _GeneratorBase):
    """A VM coroutine (async def): awaitable, and runnable by asyncio."""
    __slots__ = ('_origin',)
    _origin: Optional[tuple]   # cr_origin
    _kind = 'coroutine'

    def __await__(self) -> 'CoroutineWrapper':
        return CoroutineWrapper(self)

    # isinstance(c, types.CoroutineType) is True (through __class__), as inspect.iscoroutine
    # and asyncio.iscoroutine ask; C code checking exact types (PyCoro_CheckExact) is unaffected
    __class__ = property(lambda self: types.CoroutineType)   # type: ignore[assignment]
    cr_origin = _member(lambda self: self._origin)


class CoroutineWrapper(_Resumption, _Unpicklable):
    """What a VM coroutine's __await__ returns (3.8's coroutine_wrapper)."""
    __slots__ = ('_coroutine',)

    def __init__(self, coroutine: Coroutine) -> None:
        self._coroutine = coroutine

    def _target(self) -> Any:
        return self._coroutine

    def __iter__(self) -> 'CoroutineWrapper':
        return self

    def __next__(self) -> Any:
        return self._coroutine._send(None, None)


def state_attributes(cls: type, prefix: str, kind: str, running: str, delegate: str, doc: str,
                     suspended: bool = True) -> None:
    """The read-only gi_*/cr_*/ag_* attributes of a generator type: frame, running, code, the
    object delegated to (`delegate`: yieldfrom or await) and, but for async generators, suspended."""
    setattr(cls, prefix + 'frame', _member(lambda self: self._frame))
    setattr(cls, prefix + 'running', _member(lambda self: getattr(self, running)))
    setattr(cls, prefix + 'code', _member(lambda self: self._code))
    setattr(cls, prefix + delegate, _getset(prefix + delegate, kind, lambda self: self._yieldfrom(), doc))
    if suspended:
        setattr(cls, prefix + 'suspended', property(
            lambda self: self._frame is not None and self._frame.i > 0 and not self._running))


def present_as_builtin(cls: type, name: str, doc: Any, method_docs: dict) -> None:
    """Name `cls` and document its methods as CPython's C type `name` (type(g) shows
    <class 'generator'>); a method shared with other classes gets a copy of its own."""
    cls.__name__ = cls.__qualname__ = name
    cls.__module__ = 'builtins'
    cls.__doc__ = doc
    for method, text in method_docs.items():
        function = getattr(cls, method)
        if method not in cls.__dict__:
            function = types.FunctionType(function.__code__, function.__globals__, method,
                                          function.__defaults__, function.__closure__)
            function.__qualname__ = '%s.%s' % (name, method)
            setattr(cls, method, function)
        function.__doc__ = text


_NEXT_DOC = 'Implement next(self).'
_ITER_DOC = 'Implement iter(self).'
AWAIT_DOC = 'Return an iterator to be used in await expression.'
GENERATOR_DOCS = {
    '__iter__': _ITER_DOC, '__next__': _NEXT_DOC,
    'send': "send(arg) -> send 'arg' into generator,\nreturn next yielded value or raise StopIteration.",
    'throw': 'throw(typ[,val[,tb]]) -> raise exception in generator,\n'
             'return next yielded value or raise StopIteration.',
    'close': 'close() -> raise GeneratorExit inside generator.'}
_COROUTINE_DOCS = {
    'send': "send(arg) -> send 'arg' into coroutine,\nreturn next iterated value or raise StopIteration.",
    'throw': 'throw(typ[,val[,tb]]) -> raise exception in coroutine,\n'
             'return next iterated value or raise StopIteration.',
    'close': 'close() -> raise GeneratorExit inside coroutine.'}
state_attributes(Generator, 'gi_', 'generator', '_running', 'yieldfrom',
                 'object being iterated by yield from, or None')
state_attributes(Coroutine, 'cr_', 'coroutine', '_running', 'await', 'object being awaited on, or None')
present_as_builtin(Generator, 'generator', None, GENERATOR_DOCS)
present_as_builtin(Coroutine, 'coroutine', None, dict(_COROUTINE_DOCS, __await__=AWAIT_DOC))
present_as_builtin(CoroutineWrapper, 'coroutine_wrapper',
                   'A wrapper object implementing __await__ for coroutines.',
                   dict(_COROUTINE_DOCS, __iter__=_ITER_DOC, __next__=_NEXT_DOC))
install_class_attribute(_GeneratorBase, '__qualname__', property(
    lambda self: self._qualname, lambda self, value: _set_name(self, '_qualname', value),
    lambda self: _set_name(self, '_qualname', None)))

collections.abc.Generator.register(Generator)
collections.abc.Coroutine.register(Coroutine)
collections.abc.Iterator.register(CoroutineWrapper)
