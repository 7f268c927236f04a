"""Calls run by tier 2's compiled bodies: bodies of functions with keyword-only parameters,
*args, **kwargs and closures; arguments bound by a plan kept per call shape (defaults and
keyword defaults changed after a plan was made, every binding error after it); host code's
calls of VM functions (an operator's dunder, a class's __init__, __repr__ through repr(), a
key function) among them, with the recursion depth and message 3.8 gives, tracebacks through
them, and frames seen outside never reused."""
import sys
import traceback


def kwonly(x, y=1, *, scale=2, shift=0):
    return (x + y) * scale + shift


def star(first, *rest, last=None):
    return first, rest, last


def collect(a, b=2, **extra):
    return a + b + len(extra)


def make_adder(k):
    def add(x, y=0, *, scale=1):
        return (x + y + k) * scale
    return add


def hot_calls():
    add = make_adder(3)
    total = 0
    for i in range(3000):
        total += kwonly(i, scale=3)
        total += kwonly(i, 2, shift=i % 5)
        total += kwonly(x=i, y=1, scale=1)
        total += len(star(i, i, i, last=i)[1])
        total += collect(i, extra=1, more=2)
        total += add(i, y=1, scale=2)
    return total


print('hot', hot_calls())


def planned(i):
    return kwonly(i, scale=4)


for i in range(200):
    planned(i)
# the plans stay correct when defaults change after they are made
kwonly.__kwdefaults__ = {'scale': 10, 'shift': 1}
print('kwdefaults changed', kwonly(1), kwonly(1, scale=2))
kwonly.__defaults__ = (100,)
print('defaults changed', kwonly(1), kwonly(1, shift=0))
kwonly.__defaults__ = None
for call in (lambda: kwonly(1), lambda: kwonly(1, 2, 3), lambda: kwonly(1, x=2),
             lambda: kwonly(1, 2, nope=3), lambda: kwonly(y=2)):
    try:
        call()
    except TypeError as exc:
        print('TypeError:', exc)
kwonly.__kwdefaults__ = None
try:
    kwonly(1, 2)
except TypeError as exc:
    print('TypeError:', exc)
kwonly.__kwdefaults__ = {'scale': 1, 'shift': 0}
kwonly.__defaults__ = (1,)


def posonly(a, b, /, c=3):
    return a, b, c


for i in range(100):
    posonly(i, 2, c=i)
try:
    posonly(1, b=2)
except TypeError as exc:
    print('TypeError:', exc)


class Key(str):
    pass


print('str subclass keyword', collect(**{Key('a'): 1, 'q': 2}))
print('many shapes', sum(collect(1, **{'k%d' % n: n}) for n in range(40)))


# host code calling VM functions
class Vec:
    __slots__ = ('x', 'y')

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        if k == 'boom':
            raise ValueError('bad factor')
        return Vec(self.x * k, self.y * k)

    def __repr__(self):
        return 'Vec(%r, %r)' % (self.x, self.y)


def vectors(n):
    v = Vec(0, 0)
    for i in range(n):
        v = v + Vec(i, 1) * 2
    return v


print(vectors(2000), repr(vectors(3)))
print(sorted(range(2000), key=lambda k: -k)[:3], max(range(2000), key=lambda k: k % 7))
try:
    Vec(1, 2) * 'boom'
except ValueError:
    traceback.print_exc(file=sys.stdout)


def who_called():
    return sys._getframe(1).f_code.co_name


class Caller:
    def __eq__(self, other):
        return who_called()


def compare(n):
    seen = None
    for i in range(n):
        seen = Caller() == i
    return seen


print('f_back from a dunder', compare(1000))


# recursion through host code: 3.8's depth and message (no comparison on the way: 3.8 checks
# the depth in a rich comparison too)
class Nest:
    def __init__(self, depth):
        self.inner = Nest(depth - 1) if depth else None


class Loop:
    def __repr__(self):
        return repr(self)


def deep(n):
    return deep(n - 1) if n else n


for i in range(300):
    deep(5)
    Nest(3)
    Vec(i, i)
    repr(Vec(i, i))
for name, make in (('init', lambda: Nest(10000)), ('repr', lambda: repr(Loop())), ('plain', lambda: deep(5000))):
    try:
        make()
    except RecursionError as exc:
        print(name, 'RecursionError:', exc)
sys.setrecursionlimit(120)
depths = []


def probe_depth(n):
    try:
        return probe_depth(n + 1)
    except RecursionError:
        return n


for i in range(5):
    depths.append(probe_depth(0))
print('depths at limit 120', depths)
sys.setrecursionlimit(1000)


# a frame seen outside (sys._getframe) is never handed to another call
def keep():
    return sys._getframe()


frames = [keep() for i in range(300)]
print('distinct frames', len(set(map(id, frames))), frames[-1].f_code.co_name, frames[0].f_lineno)
