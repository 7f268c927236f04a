"""Attributes a program sets on its functions win over computed ones (__signature__, coroutine markers)."""
import asyncio
import functools
import inspect
import types


def f(a, b=1, *args, c, **kw):
    pass


print(inspect.signature(f))
f.__signature__ = inspect.Signature([inspect.Parameter('z', inspect.Parameter.POSITIONAL_ONLY)])
print(inspect.signature(f))
del f.__signature__
print(inspect.signature(f))
try:
    del f.__signature__
except AttributeError as error:
    print('AttributeError', error)
print(inspect.signature(functools.partial(f, 1)))


MARKER = object()   # as asyncio.coroutines._is_coroutine, which asyncio.locks sets this way


class Lock:
    @types.coroutine
    def __iter__(self):
        yield
        return 'acquired'

    __iter__._is_coroutine = MARKER


async def native():
    pass


def plain():
    pass


print(asyncio.iscoroutinefunction(native), asyncio.iscoroutinefunction(plain),
      Lock.__iter__._is_coroutine is MARKER, inspect.iscoroutinefunction(native))


async def main():
    return await Lock().__iter__()


print(asyncio.run(main()))
