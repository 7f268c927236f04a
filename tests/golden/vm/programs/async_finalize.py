import asyncio
async def agen():
    try:
        for i in range(10):
            yield i
    finally:
        print('agen finally')
async def main():
    async for v in agen():
        if v == 1:
            break
    print('after break')
    await asyncio.sleep(0)
    print('after sleep')
    g = agen()
    await g.__anext__()
    print('leaving main')
asyncio.run(main())
print('done')
async def aw():
    await asyncio.sleep(0)
    return 5
async def twice():
    c = aw()
    t = asyncio.ensure_future(c)
    try:
        await c
    except RuntimeError as e:
        print(e)
    return await t
print(asyncio.run(twice()))
