"""Binary operators on instances of classes whose dunders are VM functions, from hot code.

A hot loop (a tier-2 trace) or a hot function (a compiled body) subtracts, adds, multiplies...
instances of one class whose `__sub__` (`__add__`, ...) is a VM function: once host code has
called that dunder from there, compiled code calls its body directly. What can change under the
site: the dunder rebound (to another function, a lambda, back), a subclass operand with a
reflected `__rsub__` (tried first in 3.8), a NotImplemented return (3.8's TypeError, or the
right operand's reflected dunder), a list subclass whose `+` falls back to list concatenation,
an exception in the dunder (tracebacks), recursion to the limit through `-`, the caller's line,
f_lasti and locals seen from the dunder, and tracing turned on from the dunder.
"""
import sys
import traceback
from collections import Counter


def entries(exc):
    return [(entry.name, entry.lineno, entry.line) for entry in traceback.extract_tb(exc.__traceback__)]


class V:
    seen = Counter()

    def __init__(self, x):
        self.x = x

    def __sub__(self, o):
        caller = sys._getframe(1)
        if self.x % 500 == 0:
            V.seen[caller.f_code.co_name, caller.f_lineno, caller.f_lasti, caller.f_locals.get('k')] += 1
        return V(self.x - o.x)

    def __add__(self, o):
        return V(self.x + o.x)

    def __mul__(self, o):
        if o.x == 7:
            raise ValueError('seven in __mul__')
        return V(self.x * o.x)

    def __truediv__(self, o):
        if o.x == 0:
            return NotImplemented
        return V(self.x / o.x)

    def __mod__(self, o):
        return V(self.x % (o.x or 1))

    def __floordiv__(self, o):
        return V(self.x // (o.x or 1))

    def __xor__(self, o):
        return V(self.x ^ o.x)


ONE = V(1)


def loop(n):
    total = 0
    for k in range(n):
        a, b = V(k), V(2)
        total += (a - ONE).x + (a + b).x + (a * b).x + (a % b).x + (a // b).x + (a ^ b).x
        total += (a / b).x
    return total


def one(a, b):
    return ((a - b) + b).x


def in_a_body(n):
    total = 0
    for k in range(n):
        total += one(V(k), ONE)
    return total


print('loop', loop(3000))
print('body', in_a_body(3000))
for key in sorted(V.seen):
    print('seen', key, V.seen[key])


# the dunder rebound mid-loop: another function, a lambda, back
def sub_other(self, o):
    return V(self.x - 2 * o.x)


def rebinding(n):
    total = 0
    for k in range(n):
        if k == n // 4:
            V.__sub__ = sub_other
        elif k == n // 2:
            V.__sub__ = lambda self, o: V(-1)
        elif k == 3 * n // 4:
            V.__sub__ = original
        total += (V(k) - ONE).x
    return total


original = V.__sub__
print('rebinding', rebinding(4000))
V.__sub__ = original


# a subclass operand with __rsub__: 3.8 tries the right operand's first; NotImplemented
class W(V):
    def __rsub__(self, o):
        return V(1000)


class R:
    def __init__(self, x):
        self.x = x

    def __rtruediv__(self, o):
        return V(-5)


def mixed(n):
    total = 0
    errors = Counter()
    for k in range(n):
        right = W(k) if k % 7 == 0 else V(k)
        total += (V(k) - right).x
        try:
            total += (V(k) / V(k % 3)).x
        except TypeError as exc:
            errors[str(exc)] += 1
        if k % 11 == 0:
            total += (V(k) / R(0)).x
            total += (V(k) / R(1)).x
    return total, sorted(errors.items())


print('mixed', mixed(3000))


# a list subclass: `+` returning NotImplemented (3.8 tries no sequence concatenation then)
class L(list):
    def __add__(self, o):
        if len(o) == 1:
            return NotImplemented
        return L([len(self) + len(o)])


def lists(n):
    total = 0
    for k in range(n):
        total += len(L([k]) + L([1, 2]))
        try:
            total += len(L([k, k]) + L([3]))
        except TypeError as exc:
            if k % 1000 == 0:
                print('lists', k, exc, entries(exc))
    return total


print('lists', lists(3000))


# an exception in the dunder: its traceback
def raising(n):
    total = 0
    for k in range(n):
        try:
            total += (V(k) * V(k % 8)).x
        except ValueError as exc:
            if k % 400 == 7:
                print('raised', k, exc, entries(exc))
    return total


print('raising', raising(3000))


# recursion to the limit through `-`
class Deep:
    def __init__(self, n):
        self.n = n

    def __sub__(self, o):
        if self.n == 0:
            return 0
        return (Deep(self.n - 1) - o) + 1


def deep(n):
    total = 0
    for k in range(n):
        total += Deep(k % 5) - Deep(0)
    return total


print('deep', deep(3000))
sys.setrecursionlimit(200)
for start in (100, 1000):
    try:
        print('deep', start, Deep(start) - Deep(0))
    except RecursionError as exc:
        print('recursion', start, exc, len(entries(exc)))
sys.setrecursionlimit(1000)


# the recursion limit met below a hot site (a trace, then a body): the depth reached and the message
def one_deep(m):
    return Deep(m) - Deep(0)


def limits(n):
    reached = []
    for k in range(n):
        m = 10000 if k == n - 1 else k % 3
        if k == n - 1:
            sys.setrecursionlimit(150)
        try:
            reached.append(Deep(m) - Deep(0))
        except RecursionError as exc:
            reached.append(('loop', str(exc), len(entries(exc))))
        try:
            reached.append(one_deep(m))
        except RecursionError as exc:
            reached.append(('body', str(exc), len(entries(exc))))
    sys.setrecursionlimit(1000)
    return reached[-4:]


print('limits', limits(3000))


# tracing turned on from the dunder
events = []


def tracer(frame, event, arg):
    if event != 'line':
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


class T:
    def __init__(self, x):
        self.x = x

    def __sub__(self, o):
        if self.x == 2500:
            sys.settrace(tracer)
        return T(self.x - o.x)


def tracing(n):
    total = 0
    operands = [T(k) for k in range(n)]   # (tier 1's inline class calls miss a trace function set from host-called code)
    one = T(1)
    for k in range(n):
        total += (operands[k] - one).x
        if k == 2502:
            sys.settrace(None)
    return total


print('tracing', tracing(3000))
print('events', len(events), events[:8])
