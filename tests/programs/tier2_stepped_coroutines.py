"""Coroutines awaiting coroutines, hot enough that at tier 2 the loop's YIELD_FROM runs the awaited
coroutine's compiled step (vm/tier2_generators.py's delegated) and steps await steps. Everything
3.8 shows must stay: values, the order of side effects, exceptions raised deep in the chain and
their tracebacks, values sent in and yielded out through every level (a generator-based
awaitable), throw() and close() of a suspended chain, cr_running/cr_await/cr_frame seen from
inside and outside, awaiting a finished coroutine, try/finally around an await, and recursion
past the host's nesting bound."""
import sys
import traceback


class Suspend:
    """Suspends the whole chain once: yields its tag out, and returns what is sent back in."""

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        received = yield self.tag
        return received


def run(coro, replies=()):
    """Drive `coro` with send(): the values it yields out, and its result."""
    replies = list(replies)
    yielded = []
    value = None
    try:
        while True:
            yielded.append(coro.send(value))
            value = replies.pop(0) if replies else None
    except StopIteration as stop:
        return stop.value, yielded


def show_error(label, error):
    print(label, type(error).__name__, error)
    for entry in traceback.extract_tb(error.__traceback__):   # (the file's name differs for a .pyc)
        print('   ', entry.name, entry.lineno, entry.line)


# 1. recursive awaits: steps awaiting steps
async def fib(n):
    if n <= 1:
        return n
    return await fib(n - 1) + await fib(n - 2)


print('fib', run(fib(18)))


# 2. an exception raised deep in the chain, once the steps are warm
async def failing(n, at):
    if n == at:
        raise KeyError('deep %d' % n)
    if n == 0:
        return 0
    return 1 + await failing(n - 1, at)


print('warm', [run(failing(12, -1))[0] for _ in range(30)][-1])
try:
    run(failing(12, 3))
except KeyError as error:
    show_error('failing:', error)


# 3. values sent in and yielded out through the chain (Suspend at the bottom)
async def ticking(n):
    total = 0
    for i in range(n):
        total += await leaf(i)
    return total


async def leaf(i):
    if i % 7 == 0:
        got = await Suspend('tick %d' % i)
        return got if got is not None else -1
    return i


result, ticks = run(ticking(3000), replies=[1000 * k for k in range(1, 500)])
print('ticking', result, len(ticks), ticks[:3], ticks[-1])


# 4. state seen from inside and outside: cr_running, cr_await, the frame's caller
outer_coro = None


async def introspect(depth):
    if depth == 0:
        frame = sys._getframe()
        if outer_coro is not None:
            print('inside: back', frame.f_back.f_code.co_name, frame.f_back.f_lineno,
                  'running', outer_coro.cr_running, 'awaiting', outer_coro.cr_await)
        await Suspend('deepest')
        return 'bottom'
    return await introspect(depth - 1)


for _ in range(60):
    run(introspect(3), replies=[None])
outer_coro = introspect(3)
print('outer first', outer_coro.send(None), outer_coro.cr_await.__qualname__, outer_coro.cr_running)
try:
    outer_coro.send('back in')
except StopIteration as stop:
    print('outer result', stop.value, outer_coro.cr_frame, outer_coro.cr_await)


# 5. throw() and close() into a suspended chain; try/finally around the await
log = []


async def guarded(depth):
    try:
        if depth == 0:
            return await Suspend('guarded')
        return await guarded(depth - 1)
    finally:
        log.append('finally %d' % depth)


for _ in range(60):
    run(guarded(4))
del log[:]
coro = guarded(4)
print('guarded first', coro.send(None))
try:
    coro.throw(ValueError('thrown in'))
except ValueError as error:
    show_error('thrown:', error)
print('log', log)
del log[:]
coro = guarded(4)
coro.send(None)
coro.close()
print('closed', log, coro.cr_frame)


# 6. awaiting a finished coroutine, and a coroutine awaiting itself
async def answer():
    return 42


async def await_twice():
    inner = answer()
    first = await inner
    try:
        await inner
    except RuntimeError as error:
        return first, str(error)


print('twice', [run(await_twice())[0] for _ in range(60)][-1])


# 7. recursion past the host's nesting bound (tier2_calls.MAX_CALL_DEPTH compiled frames)
async def deep(n):
    if n == 0:
        return 0
    return 1 + await deep(n - 1)


print('deep', [run(deep(d))[0] for d in (10, 45, 200, 800)])
