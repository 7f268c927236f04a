"""Coroutines awaited at once, found through the gc module while they run.

At tier 2 `await f(x)` in a hot coroutine may run the callee without making its coroutine object
(vm/tier2_generators.py's await_call); 3.8 has it, and gc.get_referrers(frame) or
gc.get_objects() find it, running, its cr_frame the frame. Looked at that way, it must be there:
running while it runs, suspended when it suspends (cr_await from outside), closed once it returns
or raises, kept alive by the program or not.
"""
import gc
import inspect
import sys
import types
import weakref

seen = {}
KEPT = []


def note(key):
    seen[key] = seen.get(key, 0) + 1


def look(label, keep=False):
    me = sys._getframe(1)
    refs = [r for r in gc.get_referrers(me) if inspect.iscoroutine(r)]
    note((label, me.f_code.co_name, len(refs), tuple(inspect.getcoroutinestate(r) for r in refs),
          tuple(r.cr_frame is me for r in refs), tuple(r.cr_running for r in refs)))
    if keep and refs:
        KEPT.append(refs[0])


@types.coroutine
def pause(value):
    return (yield value)


async def leaf(k):
    if k % 100 == 0:
        look('leaf', keep=k % 300 == 0)
    if k % 100 == 50:
        me = sys._getframe()
        found = [o for o in gc.get_objects() if inspect.iscoroutine(o) and o.cr_frame is me]
        note(('leaf in gc.get_objects', len(found)))
        if k % 300 == 50:
            await pause(k)   # (made while running, then suspended)
    if k == 2777:
        look('leaf before raising', keep=True)
        raise ValueError('leaf %d' % k)
    return k * 2


async def middle(k):
    total = await leaf(k)
    if k % 100 == 1:
        look('middle')
    total += await leaf(k + 1)
    return total


async def top(function, k):
    return await function(k)


def run(coro):
    sent = []
    try:
        while True:
            sent.append(coro.send(None))
    except StopIteration as stop:
        return stop.value, sent


async def plain_leaf(k):
    if k % 20 == 0:
        look('plain leaf')
    return k * 2


async def plain_middle(k):
    total = await plain_leaf(k)
    if k % 20 == 1:
        look('plain middle')
    total += await plain_leaf(k + 1)
    return total


print(sum(run(top(plain_middle, k))[0] for k in range(3000)))
total = 0
for k in range(3000):
    try:
        value, sent = run(top(middle, k))
    except ValueError as error:
        print('raised', error, [inspect.getcoroutinestate(c) for c in KEPT[-1:]])
        continue
    total += value
    if sent:
        note(('suspended once', len(sent)))
print(total)
for key in sorted(seen, key=repr):
    print(key, seen[key])
print('kept', len(KEPT), sorted(set((inspect.getcoroutinestate(c), c.cr_frame, c.cr_await) for c in KEPT)))

# one made while it runs, then suspended: what the awaiting coroutine shows from outside
chain = top(middle, 2750)
print('yielded', chain.send(None))
inner = chain.cr_await
while inner is not None and inspect.iscoroutine(inner):
    print('  awaiting', inner.__qualname__, inspect.getcoroutinestate(inner), inner.cr_frame.f_code.co_name)
    inner = inner.cr_await
print('  innermost', type(inner).__name__)
print('sent', run(chain))
gone = weakref.ref(KEPT[0])
KEPT.clear()
gc.collect()
print('released', gone() is None)
