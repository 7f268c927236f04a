def f(data):
    total = [y := v * 2 for v in data if (z := v)]
    g = (a for a in data for b in a if b)
    s = {k: v for k, v in data}
    return y, z, total, g, s, {e for e in data}
async def co(it):
    return [x async for x in it], [await x for x in it]
