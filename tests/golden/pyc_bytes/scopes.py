def outer(a, b):
    total = 0
    def inner(c):
        nonlocal total
        total += a + c
        return [total * i for i in range(c) if i % b]
    class Local:
        attr = b
        def method(self):
            return __class__, super().method()
    return inner, Local, {k: v for k, v in zip('ab', 'cd')}, (x for x in ())
async def coro(session, *args, **kwargs):
    async with session as s:
        async for item in s:
            await item
    return [await a async for a in args]
