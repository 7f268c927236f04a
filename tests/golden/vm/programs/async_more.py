import asyncio
async def agen():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print('agen caught', e)
        yield 'after throw'
    finally:
        print('agen finally')
async def main():
    g = agen()
    print(await g.__anext__())
    print(await g.athrow(ValueError('boom')))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('exhausted')
    g2 = agen()
    print(await g2.asend(None))
    await g2.aclose()
    async def inner():
        await asyncio.sleep(0)
        raise KeyError('inner')
    try:
        await asyncio.wait_for(inner(), 1)
    except KeyError as e:
        print('wait_for', e)
    q = asyncio.Queue()
    async def producer():
        for i in range(3):
            await q.put(i)
        await q.put(None)
    async def consumer():
        items = []
        while True:
            item = await q.get()
            if item is None:
                return items
            items.append(item)
    _, items = await asyncio.gather(producer(), consumer())
    print(items)
    class Awaitable:
        def __await__(self):
            yield from asyncio.sleep(0).__await__()
            return 'custom'
    print(await Awaitable())
    ev = asyncio.Event()
    async def setter():
        ev.set()
    asyncio.create_task(setter())
    await ev.wait()
    print('event set')
    lock = asyncio.Lock()
    async with lock:
        print('locked', lock.locked())
    async def cancellable():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            print('cancelled')
            raise
    t = asyncio.create_task(cancellable())
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print('task cancelled')
    return 'done'
print(asyncio.run(main()))
async def c1():
    return 1
co = c1()
try:
    co.send(None)
except StopIteration as e:
    print('stop value', e.value)
try:
    co.send(None)
except RuntimeError as e:
    print(e)
class BadAwait:
    def __await__(self):
        return 5
async def bad():
    await BadAwait()
try:
    bad().send(None)
except TypeError as e:
    print(e)
import types
@types.coroutine
def legacy():
    yield
async def uses_legacy():
    await legacy()
    return 'legacy ok'
print(asyncio.run(uses_legacy()))
async def is_coro(): pass
def not_coro(): pass
print(asyncio.iscoroutinefunction(is_coro), asyncio.iscoroutinefunction(not_coro))
