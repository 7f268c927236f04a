"""Loops run once with thousands of items, compiled in the middle of that run.

On PyPy a `for` loop whose iterator has many items left at its first look (a few dozen back
edges in) is compiled there and then (vm/tier2_backedges.py's LONG_RUN), its frame already
holding what the iterations so far left; and host code's calls of an instance's `__call__`
leave a hint that compiled code calls that `__call__`'s body by (tier2_calls.dunder_hint).
What changes under such a loop after it is compiled: an accumulator turning from int to float,
the `__call__` rebound on its class, an instance of a subclass and a class made again (by
type()) at the same site, an exception from `__call__` caught in the loop (its traceback), the caller's locals
read from `__call__`, tracing turned on and off, a loop left by `break` long before its end, a
list appended to while a loop runs over it, a long loop in a generator, and a second run of the
same loop.
"""
import sys
import traceback


class Scale:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        if x == 1777:
            raise ValueError('1777 in __call__')
        if x % 997 == 0:
            caller = sys._getframe(1)
            SEEN.append((caller.f_code.co_name, caller.f_lineno, sorted(caller.f_locals)))
        return self.k * x


class Sub(Scale):
    def __call__(self, x):
        return -x


SEEN = []


def apply(fs, x):
    return fs[x % len(fs)](x)


def rebound(self, x):
    return x + 1000


def remade(k):   # (a class of the same name made by type(), each time another)
    return type('Scale', (), {'k': k, '__call__': lambda self, x: self.k + x})()


def calls(n):
    fs = [Scale(2), Scale(3)]
    total = 0
    failures = []
    for x in range(n):
        if x == 2500:
            fs.append(Sub(1))
        if x == 3000:
            Scale.__call__ = rebound
        if x == 3500:
            fs = [remade(x), remade(-x)]
        if x == 4000:
            total += 0.5   # (an int no more)
        try:
            total += apply(fs, x)
        except ValueError as exc:
            failures.append([(entry.name, entry.lineno, entry.line) for entry in traceback.extract_tb(exc.__traceback__)])
    return total, failures


LINES = []


def tracer(frame, event, arg):
    LINES.append(event[0] + str(frame.f_lineno - START))
    return tracer


START = sys._getframe().f_lineno


def traced(n):
    total = 0
    for x in range(n):
        if x == 3000:   # (this frame's own lines from here: f_trace set on the running frame)
            sys._getframe().f_trace = tracer
            sys.settrace(tracer)
        elif x == 3004:
            sys.settrace(None)
            del sys._getframe().f_trace
        total += x * x % 11
    return total


def stopped(n):
    total = 0
    for x in range(n):
        if x > 4321:
            break
        total += x & 7
    return total, x


def growing(items):
    total = 0
    for x in items:
        if len(items) < 6000:
            items.append(x + 1)
        total += x
    return total, len(items)


def generated(n):
    for x in range(n):
        yield x * 3 % 5


original = Scale.__call__
print(calls(4600))
Scale.__call__ = original
print(calls(4600))
print(traced(4500), LINES)
print(stopped(10 ** 6))
print(growing(list(range(4200))))
print(sum(generated(4500)))
print(len(SEEN), SEEN[:3], SEEN[-3:])
