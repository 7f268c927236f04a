"""Async generators of VM code (as Objects/genobject.c's async_gen, 3.8): asend/athrow
awaitables over the resumption of vm/generators.py's base."""
import collections.abc
import sys
import types
from typing import Any

from .generators import (AWAIT_DOC, GENERATOR_DOCS, _NOT_GIVEN, _GeneratorBase, _Unpicklable,
                         _no_arguments, _one_argument, _throw_arguments, close_iter,
                         normalize_exception, present_as_builtin, state_attributes)
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


class _AsyncGenWrappedValue:
    """A value yielded by an async generator (told apart from values its awaits yield)."""
    __slots__ = ('value',)

    def __init__(self, value: Any) -> None:
        self.value = value


class AsyncGenerator(_GeneratorBase):
    """A VM async generator."""
    __slots__ = ('_running_async',)   # an asend()/athrow() is under way (3.8's ag_running_async)
    _kind = 'async generator'

    def __init__(self, func: Any, frame: Any) -> None:
        _GeneratorBase.__init__(self, func, frame)
        self._running_async = False

    def wrap_yielded(self, value: Any) -> Any:
        return _AsyncGenWrappedValue(value)

    def _returned(self, value: Any) -> BaseException:
        return StopAsyncIteration()

    def _init_hooks(self) -> None:
        if self._hooks_done:
            return
        self._hooks_done = True
        firstiter, finalizer = sys.get_asyncgen_hooks()
        self._finalizer = finalizer
        if firstiter is not None:
            firstiter(self)   # type: ignore[arg-type]  # (a VM async generator stands for one)

    def _unwrap(self, result: Any) -> Any:
        if isinstance(result, _AsyncGenWrappedValue):
            raise StopIteration(result.value)
        return result

    def __aiter__(self) -> 'AsyncGenerator':
        return self

    def __anext__(self) -> 'AsyncGenASend':
        self._init_hooks()
        return AsyncGenASend(self, None)

    def asend(self, value: Any = _NOT_GIVEN, /, *extra: Any, **keywords: Any) -> 'AsyncGenASend':
        if value is _NOT_GIVEN or extra or keywords:
            raise _one_argument('asend', value, extra, keywords)
        self._init_hooks()
        return AsyncGenASend(self, value)

    def athrow(self, *args: Any) -> 'AsyncGenAThrow':
        """(its arguments are checked when it is first awaited, as in 3.8)"""
        self._init_hooks()
        return AsyncGenAThrow(self, args)

    def aclose(self, *args: Any) -> 'AsyncGenAThrow':
        if args:
            raise _no_arguments('aclose', args)
        self._init_hooks()
        return AsyncGenAThrow(self, None)

    # isinstance(a, types.AsyncGeneratorType) is True (through __class__), as inspect.isasyncgen asks
    __class__ = property(lambda self: types.AsyncGeneratorType)   # type: ignore[assignment]


_INIT, _ITER, _CLOSED = 0, 1, 2


def _unwrapped(gen: AsyncGenerator, method: Any, *args: Any) -> Any:
    """as async_gen_unwrap_value around a step: a yielded value ends the await (StopIteration)."""
    try:
        result = method(*args)
    except BaseException as error:
        gen._running_async = False
        if isinstance(error, (StopAsyncIteration, GeneratorExit)):
            gen._closed = True
        raise
    if isinstance(result, _AsyncGenWrappedValue):
        gen._running_async = False
        raise StopIteration(result.value)
    return result


class _AsyncGenAwaitable(_Unpicklable):
    """What the asend() and athrow() awaitables share: each is its own iterator, awaited once."""
    __slots__ = ('_gen', '_state', '_payload')
    _reuse_message = ''

    def __init__(self, gen: 'AsyncGenerator', payload: Any) -> None:
        self._gen = gen
        self._payload = payload   # asend(): the value to send; athrow(): its arguments (aclose(): None)
        self._state = _INIT

    def __await__(self) -> '_AsyncGenAwaitable':
        return self

    def __iter__(self) -> '_AsyncGenAwaitable':
        return self

    def __next__(self) -> Any:
        self._check_reuse()
        return self._resume(self._gen, None)

    def send(self, value: Any = _NOT_GIVEN, /, *extra: Any, **keywords: Any) -> Any:
        """Checks one argument, not awaited before; then the awaitable's step (_resume)."""
        if value is _NOT_GIVEN or extra or keywords:
            raise _one_argument('send', value, extra, keywords)
        self._check_reuse()
        return self._resume(self._gen, value)

    def _resume(self, gen: 'AsyncGenerator', value: Any) -> Any:
        """async_gen_asend_send's or async_gen_athrow_send's step, in the subclasses."""
        raise NotImplementedError

    def _check_reuse(self) -> None:
        if self._state == _CLOSED:
            raise RuntimeError(self._reuse_message)

    def close(self, *args: Any) -> None:
        if args:
            raise _no_arguments('close', args)
        self._state = _CLOSED


class AsyncGenASend(_AsyncGenAwaitable):
    """The awaitable of asend()/__anext__ (3.8's async_generator_asend)."""
    __slots__ = ()
    _reuse_message = 'cannot reuse already awaited __anext__()/asend()'

    def _resume(self, gen: 'AsyncGenerator', value: Any) -> Any:
        """as async_gen_asend_send, after send()'s checks."""
        if self._state == _INIT:
            if gen._running_async:
                raise RuntimeError('anext(): asynchronous generator is already running')
            if value is None:
                value = self._payload
            self._state = _ITER
        gen._running_async = True
        return self._step(gen._send, value, None)

    def throw(self, *args: Any) -> Any:
        """as async_gen_asend_throw."""
        self._check_reuse()
        return self._step(self._gen._throw, args)

    def _step(self, method: Any, *args: Any) -> Any:
        try:
            return _unwrapped(self._gen, method, *args)
        except BaseException:
            self._state = _CLOSED
            raise


class AsyncGenAThrow(_AsyncGenAwaitable):
    """The awaitable of athrow()/aclose() (3.8's async_generator_athrow); aclose() has no arguments."""
    __slots__ = ()
    _reuse_message = 'cannot reuse already awaited aclose()/athrow()'

    def _resume(self, gen: 'AsyncGenerator', value: Any) -> Any:
        """as async_gen_athrow_send, after send()'s checks."""
        if gen._frame is None:
            self._state = _CLOSED
            raise StopIteration
        if self._state == _INIT:
            if gen._running_async:
                self._state = _CLOSED
                raise RuntimeError('%s(): asynchronous generator is already running'
                                   % ('aclose' if self._payload is None else 'athrow'))
            if gen._closed:
                self._state = _CLOSED
                raise StopAsyncIteration
            if value is not None:
                raise RuntimeError("can't send non-None value to a just-started coroutine")
            self._state = _ITER
            gen._running_async = True
            if self._payload is not None:
                # as 3.8: bad arguments leave the generator marked running
                _throw_arguments('athrow', self._payload)
            try:
                if self._payload is not None:
                    return _unwrapped(gen, gen._throw, self._payload, False)
                gen._closed = True
                result = gen._throw((GeneratorExit,), False)
            except BaseException as error:
                self._ended(error)
                raise
            return self._closing(result)
        if self._payload is not None:
            return _unwrapped(gen, gen._send, value, None)
        try:
            result = gen._send(value, None)
        except BaseException as error:
            self._ended(error)
            raise
        return self._closing(result)

    def throw(self, *args: Any) -> Any:
        """as async_gen_athrow_throw."""
        self._check_reuse()
        gen = self._gen
        if self._payload is not None:
            return _unwrapped(gen, gen._throw, args)
        try:
            result = gen._throw(args)
        except BaseException as error:
            self._closed_by(error)
            raise
        return self._closing(result)

    def _closing(self, result: Any) -> Any:
        """aclose(): the generator must not yield a value while closing."""
        if isinstance(result, _AsyncGenWrappedValue):
            self._gen._running_async = False
            self._state = _CLOSED
            raise RuntimeError('async generator ignored GeneratorExit')
        return result

    def _ended(self, error: BaseException) -> None:
        """The step raised (check_error in async_gen_athrow_send): this awaitable is done."""
        self._gen._running_async = False
        self._state = _CLOSED
        self._closed_by(error)

    def _closed_by(self, error: BaseException) -> None:
        """aclose() ends with StopIteration when the generator finished or let GeneratorExit out."""
        if self._payload is None and isinstance(error, (StopAsyncIteration, GeneratorExit)):
            raise StopIteration from None


# type names and docstrings as CPython's, for messages such as "'generator' object is not
# subscriptable" and for help()


state_attributes(AsyncGenerator, 'ag_', 'async_generator', '_running_async', 'await',
                 'object being awaited on, or None', suspended=False)
present_as_builtin(AsyncGenerator, 'async_generator', None, {
    '__aiter__': 'Return an awaitable, that resolves in asynchronous iterator.',
    '__anext__': 'Return a value or raise StopAsyncIteration.',
    'asend': "asend(v) -> send 'v' in generator.",
    'athrow': 'athrow(typ[,val[,tb]]) -> raise exception in generator.',
    'aclose': 'aclose() -> raise GeneratorExit inside generator.'})
present_as_builtin(AsyncGenASend, 'async_generator_asend', None, dict(GENERATOR_DOCS, __await__=AWAIT_DOC))
present_as_builtin(AsyncGenAThrow, 'async_generator_athrow', None, dict(GENERATOR_DOCS, __await__=AWAIT_DOC))

collections.abc.AsyncGenerator.register(AsyncGenerator)
collections.abc.Awaitable.register(AsyncGenASend)
collections.abc.Awaitable.register(AsyncGenAThrow)
