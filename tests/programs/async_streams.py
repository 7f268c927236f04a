"""Async generators, async iterators, async context managers and asyncio.Queue producers."""
import asyncio


class Ticker:
    def __init__(self, limit):
        self.limit = limit
        self.current = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current >= self.limit:
            raise StopAsyncIteration
        await asyncio.sleep(0)
        self.current += 1
        return self.current


class Session:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print('open session', self.name)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print('close session', self.name, exc_type.__name__ if exc_type else 'cleanly')
        return False


async def numbers(limit):
    for n in range(limit):
        await asyncio.sleep(0)
        yield n


async def squares(source):
    async for n in source:
        if n % 2:
            yield n * n


async def producer(queue, name, count):
    for i in range(count):
        await queue.put('%s-%d' % (name, i))
        await asyncio.sleep(0)


async def consumer(queue, seen):
    while True:
        item = await queue.get()
        seen.append(item)
        queue.task_done()


async def main():
    print([n async for n in Ticker(4)])
    print([s async for s in squares(numbers(10))])
    async with Session('a') as session:
        print('inside', session.name)
    try:
        async with Session('b'):
            raise ValueError('inside b')
    except ValueError as exc:
        print('caught', exc)
    queue = asyncio.Queue(maxsize=2)
    seen = []
    consumers = [asyncio.ensure_future(consumer(queue, seen)) for _ in range(2)]
    await asyncio.gather(producer(queue, 'p', 3), producer(queue, 'q', 2))
    await queue.join()
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)
    print(sorted(seen))
    agen = numbers(5)
    print(await agen.__anext__(), await agen.__anext__())
    await agen.aclose()
    result = await asyncio.wait_for(asyncio.sleep(0, result='done'), 1)
    print(result)


asyncio.run(main())
