"""A driver in hot VM code resuming coroutines with send(): at tier 2 compiled code's
`coro.send(value)` runs the coroutine's step from where it is suspended (vm/tier2_generators.py's
send_step), a step resumed at an `await` comes round to it again in its loop (`for ...: await x`),
and GET_AWAITABLE of an awaitable that is no fresh coroutine runs in compiled code. Everything
3.8 shows must stay: values sent in and yielded out, StopIteration's value and traceback,
exceptions raised mid-run and their tracebacks, send() errors (a value sent to a just-started
coroutine, a finished one, one already running), the frames seen from inside (f_back, f_lineno,
cr_running), a trace function set mid-run, throw() and close() from the driver, await's
TypeErrors, a coroutine awaited twice, a user class's own send, a generator's send."""
import inspect
import sys
import traceback


class Tick:
    """Suspends the chain once, yielding its tag; the await's value is what is sent back."""

    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        return (yield self.tag)


async def ticker(n):
    total = 0
    for k in range(n):
        got = await Tick(k)
        total += got if got is not None else k
    return total


def drive(coro, replies=None):
    """send() until it returns: what it yielded, its value."""
    seen = []
    reply = None
    try:
        while True:
            seen.append(coro.send(reply))
            reply = None if replies is None else replies(seen[-1])
    except StopIteration as stop:
        return seen[-3:], len(seen), stop.args


for round_ in range(30):   # (hot: the driver's loop compiled, its send()s running the steps)
    plain, doubled = drive(ticker(300)), drive(ticker(200), replies=lambda tag: tag * 2)
    if round_ % 10 == 0:
        print('ticker', plain, doubled)


# 1. StopIteration's traceback and value; an exception raised mid-run, its traceback
async def failing(n, at):
    for k in range(n):
        await Tick(k)
        if k == at:
            raise KeyError('at %d' % k)
    return 'done %d' % n


def show(label, error):
    print(label, type(error).__name__, error)
    for entry in traceback.extract_tb(error.__traceback__):   # (the file's name differs for a .pyc)
        print('   ', entry.name, entry.lineno, entry.line)


coro = failing(100, -1)
try:
    while True:
        coro.send(None)
except StopIteration as stop:
    show('returned', stop)
    print('   value', stop.value, stop.args)
async def returns_none(n):
    for k in range(n):
        await Tick(k)


print('returned None', drive(returns_none(200)), drive(returns_none(100)))
for at in (150, 151):
    coro = failing(200, at)
    try:
        while True:
            coro.send(None)
    except KeyError as error:
        show('raised', error)
    print('   after', coro.cr_frame, inspect.getcoroutinestate(coro))


# 2. send()'s errors, in a loop that has stepped coroutines
async def echo(n):
    for k in range(n):
        await Tick(k)
    return n


coro = echo(300)
for k in range(250):
    coro.send(None)
for label, make in (('just started', lambda: echo(3)), ('finished', None), ('running', None)):
    try:
        if label == 'just started':
            fresh = make()
            try:
                fresh.send(5)
            finally:
                fresh.close()   # (no "never awaited" warning: PyPy would give it at a collection)
        elif label == 'finished':
            done = echo(0)
            try:
                done.send(None)
            except StopIteration:
                pass
            done.send(None)
    except (TypeError, RuntimeError) as error:
        print(label, type(error).__name__, error)


async def sends_itself(box):
    for k in range(100):
        await Tick(k)
        if k == 90:
            try:
                box[0].send(None)
            except ValueError as error:
                print('running', error)
    return 'self'


box = [None]
box[0] = sends_itself(box)
print('sends itself', drive(box[0]))


# 3. the frames seen from inside, while a stepped coroutine runs and once it is suspended
def driver_of_looking(coro):
    seen = None
    try:
        while True:
            seen = coro.send(seen)
    except StopIteration as stop:
        return stop.value


async def looking(n):
    found = []
    for k in range(n):
        frame = sys._getframe(0)
        if k % 100 == 99:
            caller = sys._getframe(1)
            found.append((caller.f_code.co_name, caller.f_lineno, frame.f_back is caller,
                          frame.f_lineno, looker.cr_running, inspect.getcoroutinestate(looker)))
            caller = None
        frame = None
        await Tick(k)
    return found


looker = looking(300)
print('looking', driver_of_looking(looker))
looker = looking(10)
looker.send(None)
print('suspended', looker.cr_frame.f_back, looker.cr_frame.f_lineno, looker.cr_running)
looker.close()


# 4. a trace function set mid-run, throw() and close() from the driver
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == 'traced_helper':
        events.append((event, frame.f_lineno))
    return tracer


def traced_helper(k):
    return k + 1


async def tracing(n):
    total = 0
    for k in range(n):
        await Tick(k)
        if k == 150:
            sys.settrace(tracer)
            total += traced_helper(k)
            sys.settrace(None)
    return total


print('traced', drive(tracing(200)), events)
del events[:]


class TracingTick(Tick):
    def __await__(self):
        if self.tag == 150:
            sys.settrace(tracer)
        return (yield self.tag)


async def traced_by_await(n):
    total = 0
    for k in range(n):
        await TracingTick(k)
        if k in (150, 151):
            total += traced_helper(k)
        if k == 151:
            sys.settrace(None)
    return total


print('traced by __await__', drive(traced_by_await(200)), events)


async def guarded(n):
    try:
        for k in range(n):
            await Tick(k)
    except ValueError as error:
        print('   caught', error)
        return 'thrown'
    finally:
        print('   finally', n)


for n in (300, 301):
    coro = guarded(n)
    for k in range(200):
        coro.send(None)
    if n == 300:
        try:
            coro.throw(ValueError('from the driver'))
        except StopIteration as stop:
            print('throw', stop.value)
    else:
        coro.close()
        print('closed', coro.cr_frame)


# 5. await's errors and a coroutine awaited twice, in hot compiled code
class NotAwaitable:
    pass


made = []


class AwaitReturnsCoroutine:
    def __await__(self):
        made.append(echo(1))   # (closed below: see above)
        return made[-1]


class AwaitReturnsList:
    def __await__(self):
        return [1]


async def awaits(make, n):
    for k in range(n):
        await Tick(k)
    try:
        await make()
    except (TypeError, RuntimeError) as error:
        return type(error).__name__, str(error)


shared = echo(5)


async def awaits_shared():
    await shared


for make in (NotAwaitable, AwaitReturnsCoroutine, AwaitReturnsList, lambda: 5):
    for k in range(3):
        print('await error', drive(awaits(make, 100)))
for coro in made:
    coro.close()
first = awaits_shared()
first.send(None)
print('awaited twice', drive(awaits(lambda: shared, 100)))
first.close()


# 6. a user class's own send, a generator's send, a send bound beforehand
class Mailbox:
    def __init__(self):
        self.items = []

    def send(self, item):
        self.items.append(item)
        return len(self.items)


def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


box = Mailbox()
gen = averager()
gen.send(None)
last = None
for k in range(300):
    box.send(k)
    last = gen.send(k)
coro = ticker(400)
send = coro.send
for k in range(300):
    send(None)
print('others', len(box.items), last, send(7), coro.cr_frame.f_lineno)
coro.close()
