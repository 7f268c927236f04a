"""Generator-heavy pipeline: nested generators, yield from, generator expressions."""
import sys


def numbers(n):
    for i in range(n):
        yield i


def evens(source):
    for value in source:
        if value % 2 == 0:
            yield value


def squares(source):
    yield from (value * value for value in source)


def windows(source, size):
    window = []
    for value in source:
        window.append(value)
        if len(window) == size:
            yield sum(window)
            window.pop(0)


def tree(depth):
    if depth:
        yield from tree(depth - 1)
        yield depth
        yield from tree(depth - 1)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 500000
print(sum(windows(squares(evens(numbers(n))), 4)) % 1000003)
print(sum(tree(13)))
print(max(x for x in (y * 3 % 17 for y in range(n))))
