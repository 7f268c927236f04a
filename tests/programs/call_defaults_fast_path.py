"""Positional calls that leave parameters to their defaults (the VM's fast path fills them from
__defaults__): which defaults fill which parameters, defaults rebound or removed between calls,
mutable defaults, methods, frames seen from inside, tracebacks, a hot loop and recursion."""
import sys


def three(a, b=10, c=20, d=30):
    return a, b, c, d


def bucket(item, into=[]):
    into.append(item)
    return len(into)


class Box:
    def __init__(self, size=3, label='box'):
        self.size = size
        self.label = label

    def grow(self, by=1, times=2):
        self.size += by * times
        return self.size


def seen(x, y=5):
    return sorted(sys._getframe().f_locals.items()), sys._getframe(1).f_code.co_name


def kept(x, y=[5]):
    return sys._getframe()   # a frame seen outside its call: never reused for the next call


def failing(x, y=0):
    return x / y


def depth(n, step=1):
    return 0 if n <= 0 else 1 + depth(n - step)


print(three(1), three(1, 2), three(1, 2, 3), three(1, 2, 3, 4))
print([bucket(k) for k in range(4)], bucket(9, []), bucket.__defaults__[0])
box = Box()
print(box.size, box.label, box.grow(), box.grow(5), box.grow(1, 1), Box(7).label)
print(seen(1), seen(2, 3))
first = kept(1)
second = kept(2, [6])
print(sorted(first.f_locals.items()), sorted(second.f_locals.items()), first is second,
      first.f_lineno, first.f_back is None)

# defaults rebound between calls of one call site: each call reads the current ones
for defaults in [(100, 200, 300), (7, 8, 9), (1,), None, ('x', 'y')]:
    three.__defaults__ = defaults
    for call in (lambda: three(0), lambda: three(0, 1), lambda: three(0, 1, 2)):
        try:
            print(defaults, call())
        except TypeError as exc:
            print(defaults, 'TypeError:', exc)
three.__defaults__ = (10, 20, 30)

# a default raised on: the traceback shows the callee's line and its caller's
try:
    failing(1)
except ZeroDivisionError as exc:
    tb = exc.__traceback__
    lines = []
    while tb is not None:
        lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    print('ZeroDivisionError:', exc, lines)

# a hot loop (warm tiers: quickened sites, compiled traces), defaults changed in the middle
total = 0
for i in range(60000):
    a, b, c, d = three(i)
    total += a + b + c + d + box.grow() - box.grow(0)
    if i == 30000:
        three.__defaults__ = (1, 2, 3)
print(total, box.size)

# recursion through defaulted calls counts against the limit as any call
print(depth(200))
limit = sys.getrecursionlimit()
sys.setrecursionlimit(120)
try:
    depth(1000)
except RecursionError as exc:
    print('RecursionError:', exc)
sys.setrecursionlimit(limit)
print(depth(300, 3))
