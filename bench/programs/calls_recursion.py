"""Function-call heavy: recursive fib, closures, keyword arguments and bound methods."""
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def make_adder(k):
    def add(x, y=0, *, scale=1):
        return (x + y + k) * scale
    return add


class Acc:
    def __init__(self):
        self.total = 0

    def add(self, value):
        self.total += value
        return self


n = int(sys.argv[1]) if len(sys.argv) > 1 else 28
print(fib(n))
adder = make_adder(3)
acc = Acc()
for i in range(100000):
    acc.add(adder(i, y=1, scale=2))
print(acc.total)
