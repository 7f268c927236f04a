"""A generator or coroutine whose resumption fails at the recursion limit is finished, as 3.8's
gen_send_ex leaves it: no 'coroutine ... was never awaited' warning when it is collected."""
import asyncio
import sys


async def down(n):
    return await down(n + 1)


async def main():
    try:
        await down(0)
    except RecursionError as error:
        print('coroutine chain:', type(error).__name__)

asyncio.run(main())


def nested(n):
    yield n
    yield from nested(n + 1)


gen = nested(0)
try:
    for value in gen:
        pass
except RecursionError as error:
    print('generator chain:', type(error).__name__, value > 100)
print('exhausted afterwards:', list(gen))


async def leaf():
    return 7


async def caller(n):
    if n:
        return await caller(n - 1)
    return await leaf()

sys.setrecursionlimit(120)
try:
    asyncio.run(caller(500))
except RecursionError as error:
    print('await too deep:', type(error).__name__)
sys.setrecursionlimit(1000)
print('end')
