
import math
x = (1, 2.5, -0.0, 3j, 10**30, -(10**30), b'bytes', 'text', 'caf\xe9', "\U0001f600", None, True, ...)
s = frozenset({'a', 'b'})
def f(a, /, b=1, *args, c, d=2, **kw):
    def g():
        return a + b
    return g
class C:
    """doc"""
    def m(self):
        return super().m()
async def co():
    async with x as y:
        await y
