"""Host code's calls of VM functions from hot code: what the callee sees of its caller.

An operator's dunder, a class's __init__ (type's call), a key function, __eq__ and __hash__ from
a dict: each is called by host code that a hot loop (a tier-2 trace) or a hot function (a
compiled body) called. The callee looks at its caller (sys._getframe(1).f_lineno and f_lasti,
warnings' stacklevel, inspect.stack, tracebacks) at several lines of it; classes change how
they are called mid-loop (__init__ rebound, a metaclass's __call__, an overridden __new__).
"""
import inspect
import sys
import traceback
import warnings
from collections import Counter

seen = Counter()


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        caller = sys._getframe(1)
        seen['add', caller.f_lineno, caller.f_lasti] += 1
        return Vec(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        caller = sys._getframe(1)
        seen['mul', caller.f_lineno, caller.f_code.co_name] += 1
        return Vec(self.x * k, self.y * k)

    def __eq__(self, other):
        seen['eq', sys._getframe(1).f_lineno] += 1
        return self.x == other.x and self.y == other.y

    def __hash__(self):
        seen['hash', sys._getframe(1).f_lineno] += 1
        return hash((self.x, self.y))

    def __lt__(self, other):
        if other.x == 'boom':
            raise ValueError('cannot order %r' % (self.x,))
        return self.x < other.x


def lines_in_a_loop(n):
    total = Vec(0, 0)
    step = Vec(1, 2)
    for k in range(n):
        total = total + step
        doubled = step * 2
        total = total + doubled
        if k % 7 == 0:
            total = (total
                     + step)
    return total


def one_sum(a, b):
    c = a + b
    return c * 1


def lines_in_a_body(n):
    total = Vec(0, 0)
    for k in range(n):
        total = one_sum(total, Vec(k, 1))
    return total


v = lines_in_a_loop(3000)
print('loop', v.x, v.y)
v = lines_in_a_body(3000)
print('body', v.x, v.y)
for key in sorted(seen, key=repr):
    print(key, seen[key])
seen.clear()


# __eq__ and __hash__ from dict code, at the caller's lines
def dict_work(n):
    table = {}
    for k in range(n):
        table[Vec(k % 50, 0)] = k
        found = Vec(k % 50, 0) in table
    return len(table), found


print('dict', dict_work(2000))
for key in sorted(seen, key=repr):
    print(key, seen[key])
seen.clear()


# warnings with stacklevel=2 from __init__ run by a class call in a hot loop
class Noisy:
    def __init__(self, k):
        self.k = k
        if k % 500 == 499:
            warnings.warn('noisy %d' % k, stacklevel=2)


def make_noisy(n):
    made = []
    for k in range(n):
        made.append(Noisy(k))
        if k % 3 == 0:
            made.append(
                Noisy(k))
    return len(made)


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    print('noisy', make_noisy(3000))
for warning in caught:
    print('warned', warning.lineno, warning.message)


# inspect.stack() from a dunder: every caller's line
class Probe:
    def __init__(self, k):
        self.k = k

    def __sub__(self, other):
        if self.k % 1000 == 999:
            print('stack', [(info.function, info.lineno) for info in inspect.stack()[:3]])
        return Probe(self.k - other.k)


def probe_loop(n):
    one = Probe(1)
    for k in range(n):
        x = Probe(k + 1)
        y = x - one
    return y.k


print('probe', probe_loop(3000))


# an exception raised in a dunder, caught by the hot caller, its traceback formatted
def entries(exc):
    return [(entry.name, entry.lineno, entry.line) for entry in traceback.extract_tb(exc.__traceback__)]


class Picky:
    def __init__(self, k):
        self.k = k

    def __truediv__(self, other):
        if other.k == 0:
            raise ZeroDivisionError('picky %d' % self.k)
        return Picky(self.k // other.k)


def divide_all(n):
    caught = []
    one = Picky(1)
    zero = Picky(0)
    for k in range(n):
        value = Picky(k) / one
        if k % 1000 == 0:
            try:
                value = Picky(k) / zero
            except ZeroDivisionError as exc:
                caught.append((str(exc), entries(exc)))
    return caught


for message, lines in divide_all(3000):
    print('caught', message, lines)


# a traceback through sorted(key=VM function), raised after the key is hot
def key_of(item):
    if item == -1:
        raise KeyError('no key for %r' % item)
    return -item


def sort_many(n):
    out = 0
    for k in range(n):
        out += sorted([k, 3, 1, 2], key=key_of)[0]
    try:
        sorted([1, 2, -1], key=key_of)
    except KeyError as exc:
        print('KeyError', exc, entries(exc))
    try:
        sorted([Vec(1, 0), Vec(2, 0), Vec('boom', 0)])
    except (ValueError, TypeError) as exc:
        print(type(exc).__name__, exc)
    return out


print('sorted', sort_many(2000))


# a class whose __init__ is rebound mid-loop
class Rebound:
    def __init__(self, k):
        self.k = k


def first_init(self, k):
    self.k = ('first', k)


def second_init(self, k, extra=5):
    self.k = ('second', k, extra)


def build_rebound(n):
    kinds = Counter()
    for k in range(n):
        if k == n // 3:
            Rebound.__init__ = first_init
        elif k == 2 * n // 3:
            Rebound.__init__ = second_init
        kinds[Rebound(k).k[0] if type(Rebound(k).k) is tuple else 'plain'] += 1
    return sorted(kinds.items())


print('rebound', build_rebound(3000))


# a metaclass with __call__, and a class whose __new__ is overridden
class Counting(type):
    calls = 0

    def __call__(cls, *args):
        Counting.calls += 1
        return super().__call__(*args)


class Metered(metaclass=Counting):
    def __init__(self, k):
        self.k = k


class Shared:
    cache = {}

    def __new__(cls, k):
        key = k % 10
        if key not in cls.cache:
            cls.cache[key] = super().__new__(cls)
        return cls.cache[key]

    def __init__(self, k):
        self.k = k


class NotNone:
    def __init__(self, k):
        if k == 2999:
            return k


def build_special(n):
    total = 0
    for k in range(n):
        total += Metered(k).k + Shared(k).k
    try:
        for k in range(n):
            NotNone(k)
    except TypeError as exc:
        print('TypeError', exc, k)
    return total, Counting.calls, len(Shared.cache)


print('special', build_special(3000))


# __init__ recursing through class calls till the limit
class Chain:
    def __init__(self, k):
        self.next = Chain(k - 1) if k else None


def chains(n):
    for k in range(n):
        Chain(60)
    sys.setrecursionlimit(100)
    try:
        Chain(60)
    except RecursionError as exc:
        print('RecursionError', exc)
    finally:
        sys.setrecursionlimit(1000)
    return n


print('chains', chains(200))
