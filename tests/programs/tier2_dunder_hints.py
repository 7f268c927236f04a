"""Binary operator dunders that host code calls from hot VM code, other than through the operator.

Compiled code learns which class's dunder an operator site calls from host code's calls of that
dunder made while the site's function runs (tier2_calls' hint; on PyPy without running the
dunder's body from there), then guards on that class. Here the hints come from elsewhere too:
`map(operator.sub, ...)` and `map(V.__sub__, ...)` called from a function whose own
`-` subtracts ints, a function whose one `-` site sees instances, then ints, then a subclass,
then instances of a second class of the same name; the dunder raising (its traceback), returning
NotImplemented, and reading its caller's line.
"""
import operator
import sys
import traceback


class V:
    def __init__(self, x):
        self.x = x

    def __sub__(self, o):
        if self.x == -7:
            raise ValueError('minus seven in __sub__')
        if o.x == 13:
            return NotImplemented
        caller = sys._getframe(1)
        if self.x % 250 == 0:
            LINES.append((caller.f_code.co_name, caller.f_lineno))
        return V(self.x - o.x)

    def __add__(self, o):
        return V(self.x + o.x)


class W(V):
    def __rsub__(self, o):
        return V(1000 + o.x - self.x)


LINES = []


def reduced(items, k):
    total = sum(v.x for v in map(operator.sub, items[1:], items[:-1]))
    return total - k   # (ints here: the hint names V)


def mapped(xs, ys, k):
    return sum(v.x for v in map(V.__sub__, xs, ys)) - k


def one_site(a, b):
    return a - b


def run(n):
    items = [V(i) for i in range(5)]
    xs, ys = [V(i) for i in range(4)], [V(2 * i) for i in range(4)]
    total = 0
    for k in range(n):
        total += reduced(items, k) + mapped(xs, ys, k)
        total += one_site(V(k), V(3)).x
        total += one_site(k, 3)
        total += one_site(V(k), W(k % 5)).x
        if k % 100 == 0:
            try:
                one_site(V(-7), V(1))
            except ValueError as exc:
                total += len(traceback.extract_tb(exc.__traceback__))
            try:
                one_site(V(k), V(13))
            except TypeError as exc:
                total += len(str(exc))
    return total


def fresh_class():
    class V2:
        def __init__(self, x):
            self.x = x

        def __sub__(self, o):
            return V2(self.x - o.x + 1)
    return V2


print(run(600))
for round in range(3):
    K = fresh_class()
    print(round, sum(one_site(K(i), K(2)).x for i in range(400)))
    print(round, sum(one_site(V(i), V(2)).x for i in range(400)))
print(len(LINES), sorted(set(LINES)))
