"""The opcodes of `yield from`, `await` and `async for` (GET_YIELD_FROM_ITER, YIELD_FROM's step,
GET_AWAITABLE, GET_AITER, GET_ANEXT) and types.coroutine for VM generator functions."""
import types
from typing import Any, Optional, Tuple

from ..compiler import opcodes as O
from ..compiler.code import CO_COROUTINE, CO_GENERATOR, CO_ITERABLE_COROUTINE
from .async_generators import AsyncGenerator
from .generators import _GeneratorBase, Coroutine, Generator
from .tracebacks import strip_machinery
from . import hostbuiltins

hostbuiltins.bind(globals())   # the host's builtins, whatever a program rebinds


def _is_coroutine(value: Any) -> bool:
    """PyCoro_CheckExact or a generator-based coroutine (gen_is_coroutine)."""
    if type(value) is Coroutine or isinstance(value, types.CoroutineType):
        return True
    if isinstance(value, (Generator, types.GeneratorType)):
        return bool(value.gi_code.co_flags & CO_ITERABLE_COROUTINE)   # type: ignore[union-attr]
    return False


_HOST_COROUTINE = types.CoroutineType


def delegate(receiver: Any, value: Any) -> Tuple[bool, Any]:
    """YIELD_FROM's step: (True, result) when the sub-iterator finished, else (False, value to yield)."""
    try:
        if isinstance(receiver, _GeneratorBase):
            return False, receiver._send(value, None)
        if value is None and type(receiver) is not _HOST_COROUTINE:
            return False, next(receiver)
        return False, receiver.send(value)
    except StopIteration as stop:
        return True, stop.value


def get_yield_from_iter(f: Any, stack: list, arg: Any) -> None:
    iterable = stack[-1]
    if type(iterable) is Coroutine or isinstance(iterable, types.CoroutineType):
        if not f.code.co_flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE):
            raise TypeError("cannot 'yield from' a coroutine object in a non-coroutine generator")
    elif not isinstance(iterable, (Generator, types.GeneratorType)):
        stack[-1] = iter(iterable)


def get_awaitable(value: Any, previous_op: int, op_before: int) -> Any:
    """GET_AWAITABLE: the iterator an await drives (as _PyCoro_GetAwaitableIter + format_awaitable_error)."""
    if type(value) is Coroutine:
        frame = value._frame
        if frame is None or frame.i == 0:
            return value   # finished or not started: awaited by no one (await f() is this)
        if value._yieldfrom() is not None:
            raise RuntimeError('coroutine is being awaited already')
        return value
    if _is_coroutine(value):
        iterator = value
    else:
        getter = getattr(type(value), '__await__', None)
        if getter is None:
            if previous_op == O.BEFORE_ASYNC_WITH:
                raise TypeError("'async with' received an object from __aenter__ that does not "
                                "implement __await__: %.100s" % type(value).__name__)
            if previous_op == O.WITH_CLEANUP_START or (
                    previous_op == O.CALL_FUNCTION and op_before == O.WITH_CLEANUP_START):
                raise TypeError("'async with' received an object from __aexit__ that does not "
                                "implement __await__: %.100s" % type(value).__name__)
            raise TypeError("object %.100s can't be used in 'await' expression"
                            % type(value).__name__)
        iterator = getter(value)
        if _is_coroutine(iterator):
            raise TypeError('__await__() returned a coroutine')
        if not hasattr(type(iterator), '__next__'):
            raise TypeError("__await__() returned non-iterator of type '%.100s'"
                            % type(iterator).__name__)
    if type(iterator) is Coroutine and iterator._yieldfrom() is not None:
        raise RuntimeError('coroutine is being awaited already')
    return iterator


def get_aiter(f: Any, stack: list, arg: Any) -> None:
    obj = stack[-1]
    getter = getattr(type(obj), '__aiter__', None)
    if getter is None:
        raise TypeError("'async for' requires an object with __aiter__ method, got %.100s"
                        % type(obj).__name__)
    iterator = getter(obj)
    if getattr(type(iterator), '__anext__', None) is None:
        raise TypeError("'async for' received an object from __aiter__ that does not implement "
                        "__anext__: %.100s" % type(iterator).__name__)
    stack[-1] = iterator


def get_anext(f: Any, stack: list, arg: Any) -> None:
    aiter = stack[-1]
    if type(aiter) is AsyncGenerator or isinstance(aiter, types.AsyncGeneratorType):
        stack.append(aiter.__anext__())
        return
    getter = getattr(type(aiter), '__anext__', None)
    if getter is None:
        raise TypeError("'async for' requires an iterator with __anext__ method, got %.100s"
                        % type(aiter).__name__)
    stack.append(_anext_awaitable(getter(aiter)))


def _anext_awaitable(next_value: Any) -> Any:
    """The awaitable of what __anext__ returned (its own frame: a traceback of the error keeps
    no reference to the loop's stack)."""
    try:
        return get_awaitable(next_value, 0, 0)
    except BaseException as error:   # as _PyErr_FormatFromCause: whatever went wrong
        # the cause's traceback as CPython's: the program's entries only (no VM frames holding
        # the loop's state through f_back)
        error.__traceback__ = strip_machinery(error.__traceback__)
        raise TypeError("'async for' received an invalid object from __anext__: %.100s"
                        % type(next_value).__name__) from error


def call_types_coroutine(f: Any, args: tuple, kwargs: Optional[dict]) -> Any:
    """types.coroutine(func) called by VM code: for a VM generator function it does what it does
    to a host one, which it cannot recognise by its code object: the code gets
    CO_ITERABLE_COROUTINE and the same function comes back (its generators are awaitable)."""
    from .decode import decoded
    from .function import Function
    func = args[0] if len(args) == 1 and not kwargs else None
    if type(func) is Function:
        code = func.__code__
        if code.co_flags & (CO_COROUTINE | CO_ITERABLE_COROUTINE):
            return func
        if code.co_flags & CO_GENERATOR:
            code = code.replace(co_flags=code.co_flags | CO_ITERABLE_COROUTINE)
            func.__code__ = code
            func._dc = decoded(code)
            return func
    return types.coroutine(*args, **(kwargs or {}))


def _register_intercepts() -> None:
    from .hostcalls import INTERCEPTS
    INTERCEPTS[types.coroutine] = call_types_coroutine


_register_intercepts()
