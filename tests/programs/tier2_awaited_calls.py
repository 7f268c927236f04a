"""`await f(x)` in hot coroutines: at tier 2 a step's call of a coroutine function awaited at once
runs the callee's step directly (vm/tier2_generators.py's await_call), the coroutine object made
only when it suspends or leaves the rest to a loop. Everything 3.8 shows must stay: values, the
order of side effects (a callee's locals dead when the awaiting line goes on, in
tier2_awaited_callee_locals.py), callees that suspend sometimes (cr_await, cr_frame,
cr_running, cr_origin, names, inspect's state), raise
(tracebacks, PEP 479), catch inside, run a `with` block, read their caller's frame
(f_lineno, f_back; not its f_lasti: the VM's is the LOAD_CONST's there at every tier, 3.8's the
YIELD_FROM's), are thrown into or closed while suspended, set a trace function or
origin tracking mid-run; the awaited name rebound to an awaitable class, a plain function, a
function with a default, a generator-based coroutine, a wrong argument count, and back."""
import inspect
import sys
import types


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


async def top(function, k):
    """The coroutine host code drives (the loop runs it): its awaits of a hot `function` run that
    function's step, whose own `await f(x)` is the call under test."""
    return await function(k)


def drive(function, k, replies=()):
    return run(top(function, k), replies)


def show_error(label, error):
    print(label, type(error).__name__, error)
    entry = error.__traceback__
    while entry is not None:   # (the file's name differs for a .pyc)
        print('   ', entry.tb_frame.f_code.co_name, entry.tb_lineno)
        entry = entry.tb_next


# 1. a callee that suspends sometimes, values sent back through the awaiting step
async def leaf(k):
    if k % 7 == 3:
        got = await Suspend(k)
        return k + (got or 0)
    return k * 2


async def middle(k):
    total = await leaf(k)
    total += await leaf(k + 1)
    return total


async def outer(n):
    total = 0
    for k in range(n):
        total += await middle(k)
    return total


for round_ in range(3):
    print('values', run(outer(200), replies=[100, 200, 300]))
for k in range(120):   # (hot: the loop's awaits of middle run its step)
    drive(middle, k)
print('middle', [drive(middle, k) for k in range(8)])
for k in range(120):   # (middle resumed often at an await whose callee suspended: a step from there)
    resumed = drive(middle, 3, replies=[k])
print('resumed', resumed)


# 2. the suspended callee, made where it first shows, seen from outside
def describe_await(coro):
    inner = coro.cr_await
    while inner is not None and type(inner).__name__ == 'coroutine':
        print('   awaiting', inner.__qualname__, inner.cr_running, inner.cr_frame.f_code.co_name,
              inner.cr_frame.f_lasti, inner.cr_frame.f_lineno, inner.cr_origin,
              inspect.getcoroutinestate(inner), inner.cr_frame.f_back)
        inner = inner.cr_await
    print('   innermost', type(inner).__name__)


chain = top(middle, 3)
print('yielded', chain.send(None))
describe_await(chain)
print('sent', run(chain, replies=[5]))
print('reuse', end=' ')
try:
    chain.send(None)
except RuntimeError as error:
    print(error)


# 3. exceptions out of the callee: tracebacks through both frames, and caught inside it
async def raising(k):
    if k == 150:
        raise KeyError('raised %d' % k)
    if k == 151:
        raise StopIteration('pep 479')
    return k


async def catching(k):
    try:
        return 1 // (k - 152)
    except ZeroDivisionError as error:
        return 'caught %s' % error


async def awaits_raising(k):
    value = await raising(k)
    return value if k < 100 else (value, await catching(k))


for k in range(153):
    try:
        value = drive(awaits_raising, k)
    except KeyError as error:
        show_error('key', error)
    except RuntimeError as error:
        show_error('pep479', error)
        print('   cause', repr(error.__cause__))
    else:
        if k >= 150:
            print('value', value)


# 4. the caller's frame seen from the callee (the callee's locals dying before the caller goes on:
# tier2_awaited_callee_locals.py)
async def looks_back(k):
    here = sys._getframe(0)
    caller = sys._getframe(1)
    seen = (caller.f_code.co_name, caller.f_lineno, here.f_back is caller,
            here.f_code.co_name, here.f_lasti)
    here = caller = None
    if k % 50 == 49:
        return seen, 'local %d' % k
    return seen


async def looking(k):
    seen = await looks_back(k)
    print('   after', k) if k % 50 == 49 else None
    return seen


for k in range(150):
    seen = drive(looking, k)
    if k % 50 == 49:
        print('looked', seen)


# the frames of finished callees kept by the program: each its own call's (a frame nothing saw
# is reused by the next await of its function, one seen never is)
kept = []


async def keeps(k):
    square = k * k
    if k % 30 == 0:
        kept.append(sys._getframe(0))
    return square


async def catches(k):
    try:
        raise ValueError(k)
    except ValueError as error:
        if k % 30 == 1:
            kept.append(error.__traceback__.tb_frame)
    return k


async def plain_local(k):
    local = [k] if k % 30 == 2 else k
    return k if local is not None else None


async def keeping(k):
    first = await keeps(k) + await catches(k)
    second = await plain_local(k)
    if k % 30 == 2:
        print('   after plain', k)
    return first + second + await keeps(k + 1) + await plain_local(k + 1)


for k in range(150):
    drive(keeping, k)
print('kept', [(frame.f_code.co_name, frame.f_locals) for frame in kept])
print('   distinct', len(kept), len(set(id(frame) for frame in kept)))


# 5. a `with` block in the callee (its step leaves the rest to a loop), throw() and close()
class Block:
    def __init__(self, tag):
        self.tag = tag

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print('   exit', self.tag, exc[0].__name__ if exc[0] else None)
        return False


async def in_block(k):
    with Block(k) if k % 40 == 0 else Block(-1):
        if k % 40 == 0:
            await Suspend('in block %d' % k)
        return k


async def awaits_block(k):
    return await in_block(k)


async def guarded(k):
    try:
        got = await Suspend('guard %d' % k)
    except ValueError as error:
        return 'thrown %s' % error
    finally:
        print('   finally', k)
    return got


async def awaits_guarded(k):
    return await guarded(k)


count = 0
for k in range(81):
    if k % 40 == 0:
        print('block', drive(awaits_block, k))
    else:
        count += drive(awaits_block, k)[0] == k
print('blocks', count)
for k in range(100):
    if k % 33 == 0:
        coro = top(awaits_guarded, k)
        print('guard', coro.send(None))
        try:
            coro.throw(ValueError('v%d' % k))
        except StopIteration as stop:
            print('   value', stop.value)
        coro = top(awaits_guarded, k + 1000)
        coro.send(None)
        coro.close()
        print('   closed', coro.cr_frame)
    else:
        drive(awaits_guarded, k, replies=[k])


# 6. a trace function and origin tracking set by the callee mid-run
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('sets_trace', 'awaits_tracing', 'traced_helper'):
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


def traced_helper(k):
    k += 1
    return k


async def sets_trace(k):
    if k == 90:
        sys.settrace(tracer)
        value = traced_helper(k)
        sys.settrace(None)
        return value
    if k == 91:
        sys.set_coroutine_origin_tracking_depth(2)
        got = await Suspend('tracking')
        sys.set_coroutine_origin_tracking_depth(0)
        return got
    if k == 93:
        return await Suspend('origin')
    return k


async def awaits_tracing(k):
    value = await sets_trace(k)
    return value


for k in range(90):
    drive(awaits_tracing, k)
print('traced', drive(awaits_tracing, 90), events)
coro = top(awaits_tracing, 91)
print('tracking', coro.send(None), coro.cr_await.cr_await.cr_origin, coro.cr_await.cr_origin)
print('   then', run(coro))
sys.set_coroutine_origin_tracking_depth(1)
coro = top(awaits_tracing, 92)
print('origin', coro.cr_origin[0][2], run(coro))
coro = top(awaits_tracing, 93)
print('origin', coro.send(None), [entry[1:] for entry in coro.cr_await.cr_await.cr_origin])
print('   then', run(coro))
sys.set_coroutine_origin_tracking_depth(0)


# 7. the awaited name rebound mid-loop: an awaitable class, a plain function returning a
# coroutine, a coroutine function with a default, a generator-based coroutine, a wrong count
async def target(k):
    return k


class Awaitable:
    def __init__(self, k):
        self.k = k

    def __await__(self):
        return (yield 'awaitable %d' % self.k) or self.k


def plain(k):
    return original(k * 10)


async def with_default(k, extra=5):
    return k + extra


@types.coroutine
def generator_based(k):
    got = yield 'generator %d' % k
    return got or k


async def two(a, b):
    return a + b


async def awaits_target(k):
    return await target(k)


original = target
rebindings = {120: Awaitable, 130: plain, 140: with_default, 150: generator_based, 160: two, 170: original}
for k in range(300):
    target = rebindings.get(k, target)
    try:
        value = drive(awaits_target, k)
    except TypeError as error:
        value = str(error)
    if 118 <= k <= 172 and k % 10 in (0, 1, 9):
        print('rebound', k, value)
