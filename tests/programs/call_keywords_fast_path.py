"""Keyword calls of VM functions (the VM binds them from the stack by a plan kept for the call's
names tuple): which value goes where, one function called from sites with other names or other
positional counts, defaults and keyword-only defaults rebound, closures and cells, *args, the
errors, frames seen from inside, a hot loop."""
import sys


def point(x, y=0, *, z=1, label='p'):
    return x, y, z, label


def make_scaler(k):
    def scale(value, *, by=1, shift=0):
        return value * by * k + shift
    return scale


def captured(a, b=2, *, c=3):
    def inner():
        return a + b + c
    return inner()


def starred(first, *rest, sep='-'):
    return sep.join(str(item) for item in (first,) + rest)


def where(a, *, b):
    return sorted(sys._getframe().f_locals.items()), sys._getframe(1).f_code.co_name, sys._getframe(1).f_lineno


def collect(**options):
    return sorted(options.items())


def numbers(n, *, step=1):
    yield from range(0, n, step)


class Shape:
    def area(self, *, scale=1):
        return 6 * scale


scale = make_scaler(10)
print(point(1, y=2), point(1, z=5), point(x=3), point(1, 2, label='q', z=0), point(y=7, x=8))
print(scale(2, by=3), scale(2, shift=1, by=2), scale(value=4), captured(1, c=10), captured(a=5, b=6))
print(starred(1, sep='+'), starred(1, 2, 3, sep='/'), starred(first=0))
print(where(1, b=2), where(a=3, b=4)[0])
print(collect(a=1, b=2), list(numbers(7, step=3)), Shape().area(scale=2))

# one function, many sites: other names, other orders, other positional counts, in turn
for round_ in range(3):
    print(point(round_, y=1), point(round_, z=2), point(round_, 1, z=2), point(x=round_, z=3, y=4),
          point(round_, label='r', y=5))

# defaults and keyword-only defaults rebound between calls of one site
for kwdefaults, defaults in [({'z': 7, 'label': 'k'}, (9,)), ({'label': 'only'}, None), (None, (1,))]:
    point.__kwdefaults__ = kwdefaults
    point.__defaults__ = defaults
    for call in (lambda: point(1, label='x'), lambda: point(1, z=2), lambda: point(x=1, y=2, z=3)):
        try:
            print(kwdefaults, defaults, call())
        except TypeError as exc:
            print(kwdefaults, defaults, 'TypeError:', exc)
point.__kwdefaults__ = {'z': 1, 'label': 'p'}
point.__defaults__ = (0,)

calls = [
    lambda: point(1, w=2),
    lambda: point(1, x=2),
    lambda: point(y=1),
    lambda: scale(1, 2),
    lambda: where(1, c=2),
    lambda: where(b=1),
    lambda: (lambda a, /, b: (a, b))(a=1, b=2),
    lambda: (lambda a, /, b: (a, b))(1, b=2),
]
for call in calls:
    try:
        print('ok', call())
    except TypeError as exc:
        print('TypeError:', exc)

# a hot loop (warm tiers), the keyword-only default rebound in the middle
total = 0
for i in range(60000):
    x, y, z, label = point(i, z=2)
    total += x + y + z + scale(i, by=2) + len(point(i, y=1, label='long')[3])
    if i == 30000:
        point.__kwdefaults__ = {'z': 1, 'label': 'pp'}
print(total)
