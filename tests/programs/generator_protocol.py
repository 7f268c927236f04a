"""The generator, coroutine and async generator protocols: types, names, copying, awaitables."""
import collections.abc
import copy
import inspect
import pickle
import types


def outcome(action, *args):
    """What calling action(*args) did: ('value', result) or (exception name, message)."""
    try:
        return ('value', action(*args))
    except BaseException as error:
        return (type(error).__name__, str(error))


def numbers():
    yield 1
    yield 2


async def answer():
    return 42


async def ticker():
    yield 'tick'
    yield 'tock'


def check_types():
    gen, coro, agen = numbers(), answer(), ticker()
    print('classes', gen.__class__ is types.GeneratorType, coro.__class__ is types.CoroutineType,
          agen.__class__ is types.AsyncGeneratorType)
    print('isinstance', isinstance(gen, types.GeneratorType), isinstance(coro, types.CoroutineType),
          isinstance(agen, types.AsyncGeneratorType))
    print('abc', isinstance(gen, collections.abc.Generator), isinstance(coro, collections.abc.Coroutine),
          isinstance(agen, collections.abc.AsyncGenerator))
    print('types', type(gen), type(coro), type(agen), type(coro.__await__()), type(agen.asend(None)))
    print('inspect', inspect.isgenerator(gen), inspect.iscoroutine(coro), inspect.isasyncgen(agen),
          inspect.isawaitable(coro))
    coro.close()


def check_names():
    for obj in (numbers(), answer(), ticker()):
        print(obj.__name__, obj.__qualname__)
        obj.__name__ = 'renamed'
        obj.__qualname__ = 'Outer.renamed'
        print(obj.__name__, obj.__qualname__)
        print(outcome(setattr, obj, '__name__', 1), outcome(setattr, obj, '__qualname__', None))
        print(outcome(delattr, obj, '__name__'), outcome(delattr, obj, '__qualname__'))
        if hasattr(obj, 'close'):
            obj.close()


def check_copying():
    agen = ticker()
    coro = answer()
    for obj in (numbers(), coro, agen, coro.__await__(), agen.asend(None), agen.athrow(ValueError),
                agen.aclose()):
        print(type(obj).__name__, outcome(copy.copy, obj), outcome(copy.deepcopy, obj),
              outcome(pickle.dumps, obj))
    coro.close()


def drive(awaitable, value=None):
    """One step of an awaitable: what it yielded, or how it ended."""
    try:
        return ('yielded', awaitable.send(value))
    except StopIteration as stop:
        return ('StopIteration', stop.value)
    except BaseException as error:
        return (type(error).__name__, str(error))


def check_awaitables_once():
    agen = ticker()
    step = agen.__anext__()
    print('anext', drive(step), drive(step), outcome(step.throw, ValueError))
    closed = agen.asend(None)
    closed.close()
    print('closed asend', drive(closed))
    close = agen.aclose()
    print('aclose', drive(close), drive(close), outcome(close.throw, ValueError))
    again = agen.aclose()
    print('aclose again', drive(again), drive(again))
    agen = ticker()
    throw = agen.athrow(KeyError('k'))
    print('athrow unstarted', drive(throw), drive(throw))
    agen = ticker()
    print(drive(agen.__anext__()))
    throw = agen.athrow(KeyError('k'))
    throw.close()
    print('athrow closed', drive(throw))
    agen = ticker()
    for _ in range(3):
        step = agen.__anext__()
        print('exhausting', drive(step), drive(step))


def check_attributes():
    gen, coro, agen = numbers(), answer(), ticker()
    for obj, names in ((gen, ('gi_running', 'gi_frame', 'gi_code', 'gi_yieldfrom')),
                       (coro, ('cr_running', 'cr_frame', 'cr_code', 'cr_origin', 'cr_await')),
                       (agen, ('ag_running', 'ag_frame', 'ag_code', 'ag_await'))):
        for name in names:
            print(name, outcome(setattr, obj, name, 42), outcome(delattr, obj, name))
    print(gen.__next__.__doc__)
    print(gen.send.__doc__)
    print(coro.throw.__doc__)
    print(agen.asend.__doc__, '|', agen.__anext__.__doc__)
    print(type(gen).gi_yieldfrom.__doc__, '|', type(coro).cr_await.__doc__)
    print(coro.__await__().__doc__, gen.__doc__, agen.__doc__)
    coro.close()


@types.coroutine
def sleep0():
    yield 'sleeping'


async def awaiting_ticker():
    await sleep0()
    yield 1
    await sleep0()
    yield 2


async def stubborn():
    try:
        yield 1
    finally:
        yield 2


async def catcher():
    try:
        yield 1
    except ValueError:
        await sleep0()
        yield 'caught'


def check_running_async():
    agen = awaiting_ticker()
    first = agen.__anext__()
    print(drive(first), agen.ag_running)
    print('concurrent anext', drive(agen.__anext__()))
    print(drive(first), agen.ag_running)
    print('athrow', drive(agen.athrow(ValueError)))
    agen = awaiting_ticker()
    print(drive(agen.asend(None)))
    print('concurrent aclose', drive(agen.aclose()))
    print('concurrent athrow', drive(agen.athrow(KeyError)))
    agen = stubborn()
    print(drive(agen.__anext__()))
    close = agen.aclose()
    print('ignored exit', drive(close), drive(close), agen.ag_running)
    agen = catcher()
    print(drive(agen.__anext__()))
    throw = agen.athrow(ValueError)
    print('caught', drive(throw), agen.ag_running, drive(throw), agen.ag_running, drive(throw))
    print('finished', drive(agen.asend(None), 5))
    agen = catcher()
    print('non-None first', drive(agen.__anext__(), 7), drive(agen.asend('x')))


class Delegate:
    """An iterator with throw() and close(), as `yield from` delegates them."""

    def __iter__(self):
        return self

    def __next__(self):
        return 1

    def throw(self, *args):
        print('  delegate throw', args)
        raise args[0]

    def close(self):
        print('  delegate close')


def delegator(iterator):
    return (yield from iterator)


def check_arguments():
    gen, coro, agen = numbers(), answer(), ticker()
    for obj in (gen, coro, coro.__await__(), agen.asend(None), agen.athrow(ValueError)):
        print(type(obj).__name__, outcome(obj.send), outcome(obj.send, 1, 2), outcome(obj.throw),
              outcome(obj.throw, 1, 2, 3, 4), outcome(obj.close, 1), outcome(lambda: obj.send(value=1)))
    print(outcome(agen.asend), outcome(agen.asend, 1, 2), outcome(agen.aclose, 1))
    print(outcome(agen.athrow().send, None), outcome(agen.athrow(1, 2, 3, 4).send, None))
    coro.close()
    for throw_args in ((KeyError,), (KeyError, KeyError('k')), (KeyError, None, None), (GeneratorExit,)):
        gen = delegator(Delegate())
        next(gen)
        print(outcome(gen.throw, *throw_args))
    gen = delegator(Delegate())
    next(gen)
    print(outcome(gen.close))


check_types()
check_arguments()
check_attributes()
check_names()
check_copying()
check_awaitables_once()
check_running_async()
