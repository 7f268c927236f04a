"""Generators and coroutines resumed every way the VM resumes them: by host builtins, by a
VM `for` loop (inline, and from a hot loop that tier 2 compiles), by `await`; what each way
must keep 3.8's: values, tracebacks, PEP 479, gi_running, names, settrace events, f_locals."""
import sys
import traceback


def numbers(n):
    for i in range(n):
        yield i


def squares(source):
    yield from (value * value for value in source)


# 1. host builtins consuming VM generators (each item a resumption from host code)
print(sum(numbers(10)), tuple(numbers(4)), sorted(set(i % 3 for i in numbers(9))))
print(max(numbers(7)), min(squares(numbers(5))), '-'.join(str(i) for i in numbers(5)))
print(list(enumerate(squares(numbers(3)))), dict(zip('abc', numbers(3))))
print(any(i > 3 for i in numbers(10)), all(i < 3 for i in numbers(10)), list(map(abs, numbers(3))))


# 2. an exception from inside a generator that a host builtin drives: 3.8's traceback
def failing(n):
    for i in range(n):
        if i == 2:
            raise ValueError('bad item %d' % i)
        yield i


try:
    tuple(failing(5))
except ValueError:
    traceback.print_exc(file=sys.stdout)


# 3. PEP 479: StopIteration leaving a generator driven by list() or a for loop
def leaking():
    yield 1
    raise StopIteration('leaked')


for consume in (list, lambda g: [x for x in g]):
    try:
        consume(leaking())
    except RuntimeError as error:
        print(type(error).__name__, error, '<-', repr(error.__cause__))


# 4. gi_running and gi_frame seen from inside, while a host builtin and a VM loop drive it
def introspective():
    me = yield
    while True:
        me = yield (me.gi_running, me.gi_frame.f_lineno, type(me.gi_yieldfrom).__name__)


probe = introspective()
next(probe)
print(probe.send(probe), probe.gi_running, probe.gi_frame.f_lineno)


# 5. generator functions of every signature (a plain call binds as a plain function's)
def with_defaults(a, b=2, *, c=3):
    yield a + b + c


def with_star(*args, **kwargs):
    yield len(args), sorted(kwargs)


def with_closure(k):
    def inner(n):
        for i in range(n):
            yield i * k
    return inner


def with_cell(a):
    yield (lambda: a)()


print(list(with_defaults(1)), list(with_defaults(1, 5, c=0)), list(with_star(1, 2, x=3)))
print(list(with_closure(3)(4)), list(with_cell(9)))
try:
    with_defaults()
except TypeError as error:
    print('TypeError:', error)
try:
    numbers(1, 2)
except TypeError as error:
    print('TypeError:', error)
early = numbers(3)
numbers.__name__ = 'renamed'
numbers.__qualname__ = 'Renamed.numbers'
print(early.__name__, early.__qualname__, numbers(1).__name__, numbers(1).__qualname__)


# 6. await: a fresh coroutine, one awaited twice, one awaited while another awaits it
class Pause:
    def __await__(self):
        yield 'pause'


async def leaf(n):
    return n * 2


async def waiter(inner):
    await Pause()
    return await inner


async def reuse():
    first = leaf(1)
    total = await first + await leaf(2)
    try:
        await first
    except RuntimeError as error:
        print('RuntimeError:', error)
    inner = waiter(Pause())
    outer = waiter(inner)
    outer.send(None)   # outer pauses on its own
    outer.send(None)   # outer awaits inner, which pauses
    try:
        await inner
    except RuntimeError as error:
        print('RuntimeError:', error)
    print(type(outer.cr_await).__name__, outer.cr_await is inner)
    outer.close()
    return total


def drive(coroutine):
    try:
        while True:
            print('yielded', coroutine.send(None))
    except StopIteration as stop:
        return stop.value


print(drive(reuse()))


# 7. hot loops over VM generators (tier 2 compiles them: the trace leaves each resumption to
# the loop); the iterator changes kind mid-loop, an exception leaves a generator mid-loop
def hot_consumer(sources):
    total = 0
    for source in sources:
        for value in source:
            total += value
    return total


print(hot_consumer([numbers(3000), list(range(3000)), numbers(2500), iter(range(10))]))


def hot_failing():
    total = 0
    try:
        for value in failing(3000):
            total += value
    except ValueError:
        traceback.print_exc(file=sys.stdout)
    return total


print(hot_failing())


def guarded(n):
    for i in range(n):
        try:
            raise KeyError(i)
        except KeyError:
            yield sys.exc_info()[1]   # suspended in a handler: its exception is its own


def hot_handled():
    last = None
    for error in guarded(3000):
        last = error
        if sys.exc_info()[1] is not None:
            print('leaked handled exception', sys.exc_info())
    return repr(last)


print(hot_handled())


# 8. f_locals of a suspended generator read mid-loop, and settrace switched on while hot
def counting(n):
    step = 0
    for step in range(n):
        yield step


def hot_locals():
    source = counting(3000)
    seen = []
    for value in source:
        if value in (1, 2999):
            seen.append(dict(source.gi_frame.f_locals))
    return seen


print(hot_locals())
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == 'counting':
        events.append((event, frame.f_lineno))
    return tracer


def hot_then_traced():
    total = 0
    for value in counting(3000):
        total += value
        if value == 2995:
            sys.settrace(tracer)
    sys.settrace(None)
    return total


print(hot_then_traced(), events)


# 9. deep recursion through generators that host builtins drive: 3.8's RecursionError
def deep(n):
    yield sum(deep(n + 1))


try:
    list(deep(0))
except RecursionError as error:
    print('RecursionError:', error)
