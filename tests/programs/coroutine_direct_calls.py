"""Calls of generator and coroutine functions with exactly their positional arguments, hot enough
that the loop and tier 2's compiled code make the generator from a directly bound frame (the
CALL_FUNCTION/CALL_METHOD fast way, no make_frame). Everything 3.8 shows must stay: the frame
before the first resumption (f_locals, f_lineno, f_back), cr_origin's frames and lines, the
callee rebound mid-loop to functions that bind differently (defaults, *args, a closure cell, a
method, a class, a host function), a wrong argument count's TypeError, exceptions raised through
awaits and their tracebacks, throw()/close() of a suspended chain, cr_running/cr_frame seen from
inside, and the warning of a coroutine never awaited."""
import gc
import sys
import traceback
import warnings


class Tick:
    def __await__(self):
        got = yield 'tick'
        return got


def drive(coro, replies=()):
    replies = list(replies)
    out = []
    value = None
    try:
        while True:
            out.append(coro.send(value))
            value = replies.pop(0) if replies else None
    except StopIteration as stop:
        return stop.value, out


def show_error(label, error):
    print(label, type(error).__name__, error)
    for entry in traceback.extract_tb(error.__traceback__):
        print('   ', entry.name, entry.lineno, entry.line)


async def leaf(n):
    if n <= 1:
        return n
    return await leaf(n - 1) + await leaf(n - 2)


async def ticking(n, k):
    total = 0
    for i in range(n):
        total += await Tick() or 0
        total += await leaf(i % k)
    return total


def numbers(a, b):
    local = a * 2
    yield a
    yield b
    yield local


def frames_before_start():
    seen = []
    for i in range(400):
        g = numbers(i, i + 1)
        frame = g.gi_frame
        if i % 97 == 0:
            seen.append((sorted(frame.f_locals.items()), frame.f_lineno, frame.f_back is None,
                         frame.f_lasti, g.gi_running, g.gi_code.co_name))
        total = sum(g)
        if total != 4 * i + 1:
            print('wrong sum', i, total)
    for entry in seen:
        print('before start', entry)


async def origin_child(x):
    return x


async def origin_parent(n):
    origins = []
    for i in range(n):
        c = origin_child(i)
        if i % 150 == 0:
            origins.append([(line, name) for _, line, name in c.cr_origin])
        await c
    return origins


def origins():
    sys.set_coroutine_origin_tracking_depth(3)
    try:
        print('origins', drive(origin_parent(450)))
        plain = origin_child(7)
        print('origin of a plain call', [(line, name) for _, line, name in plain.cr_origin])
        print(drive(plain))
    finally:
        sys.set_coroutine_origin_tracking_depth(0)


async def target(a, b):
    return ('plain', a, b)


def make_rebound_targets():
    async def with_default(a, b, c=5):
        return ('default', a, b, c)

    async def star(*args):
        return ('star', args)

    captured = []

    async def cell(a, b):
        def inner():
            return a + b
        captured.append(inner())
        return ('cell', inner())

    class Box:
        async def method(self, a, b):
            return ('method', a, b)

    class Awaitable:
        def __init__(self, a, b):
            self.pair = (a, b)

        def __await__(self):
            yield from ()
            return ('class', self.pair)

    async def host_made(a, b):
        return ('host', a, b)

    return [with_default, star, cell, Box().method, Awaitable,
            lambda a, b: host_made(a, b), target]


async def call_target(i):
    return await target(i, i + 1)


def rebound():
    global target
    original = target
    results = []
    replacements = make_rebound_targets()
    for i in range(700):
        if i % 100 == 99:
            target = replacements[(i // 100) % len(replacements)]
        value, _ = drive(call_target(i))
        if i % 100 in (0, 99):
            results.append(value)
    target = original
    for value in results:
        print('rebound', value)


async def two(a, b):
    return a + b


async def wrong_counts(n):
    caught = []
    for i in range(n):
        await two(i, 1)
        if i % 200 == 199:
            try:
                two(i)
            except TypeError as e:
                caught.append(str(e))
            try:
                two(i, 1, 2)
            except TypeError as e:
                caught.append(str(e))
    return caught


async def failing(n):
    if n == 0:
        raise ValueError('deep')
    return await failing(n - 1)


async def catches(n):
    messages = []
    for i in range(n):
        try:
            await failing(i % 4)
        except ValueError as e:
            if i == n - 1:
                show_error('through awaits', e)
            messages.append(str(e))
    return len(messages)


current = []


async def observed(k):
    me = current[-1]
    state = (me.cr_running, me.cr_frame.f_code.co_name, me.cr_frame.f_lineno)
    got = await Tick()
    return state, got, k


async def observer(n):
    states = []
    for i in range(n):
        c = observed(i)
        current.append(c)
        states.append(await c)
        current.pop()
    return states[::150]


async def guarded(i):
    try:
        await Tick()
    finally:
        if i % 150 == 0 or i == 299:
            print('finally of guarded', i)


async def chain(i):
    return await guarded(i)


def throw_and_close():
    for i in range(300):
        c = chain(i)
        c.send(None)
        if i == 150:
            try:
                c.throw(KeyError('thrown'))
            except KeyError as e:
                show_error('thrown mid-await', e)
        elif i == 299:
            c.close()
            print('closed', c.cr_frame, c.cr_running)
        else:
            try:
                c.send(i)
            except StopIteration:
                pass


def unawaited():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for i in range(300):
            c = two(i, i)
            if i % 100 == 0:
                del c
            else:
                drive(c)
        c = None
        gc.collect()   # (PyPy finalizes the dropped ones only at a collection)
    print('unawaited', [(w.category.__name__, str(w.message)) for w in caught])


class Counter:
    def __init__(self):
        self.count = 0

    async def bump(self, k):
        self.count += k
        if k == 333:
            raise LookupError('bump %d' % k)
        return self.count

    async def bumps(self, n):
        last = None
        for i in range(n):
            try:
                last = await self.bump(i)
            except LookupError as e:
                show_error('method', e)
        return last, self.count


def main():
    print(drive(leaf(16)))
    print(drive(ticking(400, 8))[0])
    frames_before_start()
    origins()
    rebound()
    print('wrong counts', drive(wrong_counts(600)))
    print('caught', drive(catches(400)))
    states, ticks = drive(observer(451), replies=['r'] * 1000)
    print('observed', states, len(ticks))
    throw_and_close()
    print('methods', drive(Counter().bumps(500)))
    unawaited()


main()
