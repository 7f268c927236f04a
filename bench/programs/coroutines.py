"""pyperformance's coroutines: recursive Fibonacci through `async def` and `await`, driven by send()."""
import sys


class Yielder:
    """An awaitable that suspends the whole coroutine chain once."""

    def __await__(self):
        yield 'tick'


async def fibonacci(n):
    if n <= 1:
        return n
    return await fibonacci(n - 1) + await fibonacci(n - 2)


async def with_ticks(n):
    total = 0
    for i in range(n):
        await Yielder()
        total += await fibonacci(i % 10)
    return total


def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as stop:
        return stop.value, ticks


def main(n):
    print(run(fibonacci(n)))
    print(run(with_ticks(5000)))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 24)
