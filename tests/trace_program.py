"""A small program for tests/test_tool_clis.py: profilers and trace run it in the VM."""


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


class Counter:
    def __init__(self):
        self.items = []

    def add(self, value):
        self.items.append(value)
        return len(self.items)


def squares(limit):
    for k in range(limit):
        yield k * k


def main():
    counter = Counter()
    for value in squares(4):
        counter.add(value)
    print(fib(8), sorted(counter.items, key=abs), max(counter.items))


main()
