"""A callee's locals are dead when the line that called it goes on, as in 3.8, where hot
coroutines' steps run at tier 2 (vm/tier2_generators.py; the rest of `await f(x)` in
tier2_awaited_calls.py): a local of a coroutine awaited at once, of a plain function a
coroutine called, and of a coroutine awaited among others in one expression, each checked
after a collection by the caller itself.

(PyPy's JIT keeps such a local alive past its function's return when its machine code for the
function was left at a guard inside a call it reached through a recursive call: the caller goes
on in PyPy's blackhole interpreter while the guard's JIT frame, holding the callee's locals,
lives. Native PyPy running plain Python code does so too, tests/test_pypy_dead_locals.py, so this
program is one of tests/hosts.py's PyPy limits.)"""
import gc
import weakref


class Tracked:
    """A callee's local whose death is checked (after a collection: PyPy frees at collections,
    3.8 at once; a frame that kept it would keep it alive through it)."""
    alive = []

    def __init__(self, tag):
        self.tag = tag
        Tracked.alive.append(weakref.ref(self))


def survivors():
    gc.collect()
    return [ref().tag for ref in Tracked.alive if ref() is not None]


def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as stop:
        return stop.value


async def top(function, k):
    """The coroutine host code drives (the loop runs it): its awaits of a hot `function` run that
    function's step."""
    return await function(k)


# 1. a local of a coroutine awaited at once
async def awaited(k):
    seen = k * 2
    if k % 50 == 49:
        keep = Tracked('awaited %d' % k)
        return seen, keep.tag
    return seen


async def awaiting(k):
    seen = await awaited(k)
    print('   after awaited', k, survivors()) if k % 50 == 49 else None
    return seen


for k in range(350):
    seen = run(top(awaiting, k))
    if k % 50 == 49:
        print('awaited', seen, survivors())


# 2. a local of a plain function a hot coroutine called
def called(k):
    seen = k + 1
    if k % 50 == 49:
        keep = Tracked('called %d' % k)
        return seen, keep.tag
    return seen


async def calling(k):
    seen = called(k)
    print('   after called', k, survivors()) if k % 50 == 49 else None
    return seen


for k in range(350):
    seen = run(top(calling, k))
    if k % 50 == 49:
        print('called', seen, survivors())


# 3. a coroutine's local, awaited among others in one expression
async def small(k):
    return k * k


async def noisy(k):
    local = Tracked('noisy %d' % k) if k % 30 == 2 else k
    return k if local is not None else None


async def several(k):
    first = await small(k) + await small(k + 1)
    second = await noisy(k)
    if k % 30 == 2:
        print('   after noisy', k, survivors())
    return first + second + await small(k + 2) + await noisy(k + 1)


total = 0
for k in range(200):
    total += run(top(several, k))
print('several', total, survivors())
