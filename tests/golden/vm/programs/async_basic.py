import asyncio
async def work(n):
    await asyncio.sleep(0)
    return n * 2
async def main():
    r = await work(1)
    rs = await asyncio.gather(work(2), work(3))
    t = asyncio.ensure_future(work(4))
    print(r, rs, await t)
    return 'main done'
print(asyncio.run(main()))
class ACM:
    async def __aenter__(self):
        print('aenter')
        return 'acm'
    async def __aexit__(self, *a):
        print('aexit', a[0])
        return False
async def agen(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
class AIter:
    def __init__(self): self.i = 0
    def __aiter__(self): return self
    async def __anext__(self):
        self.i += 1
        if self.i > 2:
            raise StopAsyncIteration
        return self.i
async def main2():
    async with ACM() as v:
        print(v)
    async for x in agen(3):
        print('agen', x)
    async for y in AIter():
        print('aiter', y)
    print([z async for z in agen(2)])
    print([await work(w) for w in range(2)])
    g = agen(5)
    print(await g.__anext__(), await g.asend(None))
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print('closed agen')
asyncio.run(main2())
async def fails():
    raise ValueError('async fail')
async def main3():
    try:
        await fails()
    except ValueError as e:
        print('caught', e)
    try:
        await 5
    except TypeError as e:
        print(e)
    try:
        async with 5:
            pass
    except AttributeError as e:
        print('AttributeError', e)
    try:
        async for q in 5:
            pass
    except TypeError as e:
        print(e)
asyncio.run(main3())
async def coro(): return 1
c = coro()
print(type(c).__name__ == 'coroutine' or 'vm', c.__qualname__)
c.close()
