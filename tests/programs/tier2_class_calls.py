"""Class calls from hot code whose __init__ runs as a compiled body: what can change under them.

A hot loop (a tier-2 trace) or a hot function (a compiled body) calls a class whose __init__ is a
VM function (tier 1 calls such a class inline). The class is then changed under the call site:
its __init__ replaced (by a function with defaults, with another name), __new__ added, another
class or a subclass called at the same site, a metaclass with __call__. __init__ returns a
value, raises, recurses to the limit, reads its caller's line and locals, and turns tracing on.
"""
import sys
import traceback
from collections import Counter


def entries(exc):
    return [(entry.name, entry.lineno, entry.line) for entry in traceback.extract_tb(exc.__traceback__)]


# the caller's line, f_lasti and locals, seen from __init__ (a loop's trace, then a body)
class Where:
    seen = Counter()

    def __init__(self, k, tag='loop'):
        caller = sys._getframe(1)
        if k % 500 == 0:
            Where.seen[tag, caller.f_code.co_name, caller.f_lineno, caller.f_lasti,
                       caller.f_locals.get('k')] += 1
        self.k = k


def where_in_a_loop(n):
    total = 0
    for k in range(n):
        total += Where(k).k
        if k % 3 == 0:
            total += Where(
                k, 'split').k
    return total


def one_where(k):
    w = Where(k, 'body')
    return w.k


def where_in_a_body(n):
    total = 0
    for k in range(n):
        total += one_where(k)
    return total


print('where', where_in_a_loop(3000), where_in_a_body(3000))
for key in sorted(Where.seen, key=repr):
    print(key, Where.seen[key])


# __init__ replaced mid-loop: by one with a default, by one with another name, by the first again
class Point:
    def __init__(self, x, y):
        self.v = ('plain', x, y)


def with_default(self, x, y, z=7):
    self.v = ('default', x, y, z)


def renamed(self, x, y):
    self.v = ('renamed', x, y, sys._getframe(1).f_code.co_name)


plain_init = Point.__init__


def points(n):
    kinds = Counter()
    for k in range(n):
        if k == n // 4:
            Point.__init__ = with_default
        elif k == n // 2:
            Point.__init__ = renamed
        elif k == 3 * n // 4:
            Point.__init__ = plain_init
        kinds[Point(k, 1).v[0]] += 1
    return sorted(kinds.items())


print('points', points(4000))


# __new__ added to the class mid-loop, then taken away
class Made:
    def __init__(self, k):
        self.k = k


def made_new(cls, k):
    obj = object.__new__(cls)
    obj.made = True
    return obj


def plain_new(cls, k):
    return object.__new__(cls)


def making(n):
    kinds = Counter()
    for k in range(n):
        if k == n // 3:
            Made.__new__ = made_new
        elif k == 2 * n // 3:
            Made.__new__ = plain_new   # (not `del`: 3.8's type then keeps a slot_tp_new, PyPy's does not)
        try:
            kinds[getattr(Made(k), 'made', False)] += 1
        except TypeError as exc:
            kinds[str(exc)] += 1
    return sorted(kinds.items(), key=repr)


print('making', making(3000))


# one site calling a base class, its subclass (inherited __init__, then its own) and a function
class Base:
    def __init__(self, k):
        self.k = k
        self.kind = type(self).__name__


class Derived(Base):
    pass


class Own(Base):
    def __init__(self, k):
        super().__init__(k * 2)
        self.extra = k


def a_function(k):
    return Base(k)


def mixed(n):
    kinds = Counter()
    makers = [Base] * 5 + [Derived, Own, a_function]
    for k in range(n):
        maker = makers[k % 8] if k > n // 2 else Base
        obj = maker(k)
        kinds[obj.kind, obj.k % 2] += 1
        if k == 3 * n // 4:
            Base.__init__ = lambda self, k: setattr(self, 'kind', 'lambda') or setattr(self, 'k', -k)
    return sorted(kinds.items())


print('mixed', mixed(4000))


# a metaclass with __call__, at a site that called a plain class before
class Counting(type):
    calls = 0

    def __call__(cls, *args):
        Counting.calls += 1
        return super().__call__(*args)


class Plain:
    def __init__(self, k):
        self.k = k


class Metered(metaclass=Counting):
    def __init__(self, k):
        self.k = -k


def metered(n):
    total = 0
    cls = Plain
    for k in range(n):
        if k == n // 2:
            cls = Metered
        total += cls(k).k
    return total, Counting.calls


print('metered', metered(3000))


# __init__ returning a value, and raising, from hot code; the traceback of each
class Returns:
    def __init__(self, k):
        if k == 2500:
            return [k]


class Raises:
    def __init__(self, k, limit):
        self.k = k
        if k >= limit:
            raise ValueError('too big: %d' % k)


def returning(n):
    try:
        for k in range(n):
            Returns(k)
    except TypeError as exc:
        print('TypeError', exc, k, entries(exc))


def raising(n):
    caught = 0
    for k in range(n):
        try:
            Raises(k, n - 3)
        except ValueError as exc:
            caught += 1
            last = entries(exc)
    print('raised', caught, last)


returning(3000)
raising(3000)


# the same classes called from code that is not hot (tier 1's loop runs it), their __init__
# compiled by now: its value checked, its exception's traceback, its caller's line
def cold_calls(values, limit):
    made = []
    for k in values:
        made.append(Raises(k, limit))
        made.append(Where(k,
                          'cold'))
        Returns(k)
    return len(made)


for values, limit in (([1, 2, 3, 4, 500, 5], 100), ([1, 2, 3, 4, 2500, 5], 3000), ([1, 2, 3, 4, 5, 6], 4)):
    try:
        print('cold', cold_calls(values, limit))
    except (TypeError, ValueError) as exc:
        print('cold', type(exc).__name__, exc, entries(exc))
for key in sorted(Where.seen, key=repr):
    if key[0] == 'cold':
        print(key, Where.seen[key])


# an exception class whose __init__ (with a __class__ cell: super()) is a VM function
class Failure(Exception):
    def __init__(self, k, why='no reason'):
        super().__init__(k, why)
        self.k = k


def failures(n):
    made = [Failure(k) for k in range(n)]
    try:
        raise Failure(n, 'last')
    except Failure as exc:
        return len(made), exc.args, sum(f.k for f in made)


print('failures', failures(3000))


# __init__ with *args, keyword-only parameters and a closure over self
class Flexible:
    def __init__(self, *args, scale=3):
        self.total = sum(args) * scale
        self.get = lambda: self.total


def flexible(n):
    total = 0
    for k in range(n):
        total += Flexible(k, 1).get() + Flexible(k).get()
    return total


print('flexible', flexible(3000))


# class calls at every depth up to the limit: which level fails (3.8's type_call, then the
# frame of __init__) tells the message and the depth reached; started deep in the stack by
# calls of a function that is not hot (compiled bodies nest a bounded number of host frames)
deepest = [0]


class Leaf:
    def __init__(self, k):
        self.k = k


def descend(k, stop):
    if stop - k:
        deepest[0] = k
        Leaf(k)
        descend(k + 1, stop)


class Nest:
    def __init__(self, k, stop):
        deepest[0] = k
        self.inner = Nest(k + 1, stop) if stop - k else None   # (no `<`: 3.8 counts a level in it)


def cold_descend(k, stop):
    # (never hot: tier 1's loop runs it, calling Leaf's compiled __init__)
    if stop - k:
        deepest[0] = k
        Leaf(k)
        cold_descend(k + 1, stop)


def pad(k, start):
    if k:
        return pad(k - 1, start)
    return start(0, 10 ** 6)


for _ in range(300):
    descend(0, 20)
    Nest(0, 20)
for limit in (80, 81, 82, 83):
    sys.setrecursionlimit(limit)
    for start in (descend, Nest, cold_descend):
        for depth in (0, 60):
            try:
                pad(depth, start)
            except RecursionError as exc:
                print('RecursionError', limit, start.__name__, depth, deepest[0], exc)
sys.setrecursionlimit(1000)


# tracing turned on by an __init__ that a hot loop called, then off again
events = []


def tracer(frame, event, arg):
    if len(events) < 12:
        events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


class Switch:
    def __init__(self, k):
        self.k = k
        if k == 2000:
            sys.settrace(tracer)
        elif k == 2002:
            sys.settrace(None)


def switching(n):
    total = 0
    for k in range(n):
        total += Switch(k).k
    return total


print('switching', switching(3000))
for event in events:
    print('event', event)
