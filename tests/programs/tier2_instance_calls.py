"""Calls of instances whose class's `__call__` is a VM function, from hot functions.

Once host code has run such a `__call__` for a call site's function (an instance call goes
through the type's call), compiled code calls the `__call__`'s body itself, guarded on the
instance's class and its `__call__`. What can change under the site: `__call__` rebound on the
class (another function, one with a default, a generator function), an instance attribute named
`__call__` (never looked at by 3.8), a subclass instance, `__class__` assigned, a plain function
or builtin at the same site, the class made again (same name), `self` kept in a cell by a
comprehension, an exception in `__call__` (its traceback), the caller's line and locals seen
from `__call__`, and recursion to the limit through instance calls.
"""
import sys
import traceback


class Scale:
    def __init__(self, k):
        self.k = k

    def __call__(self, x):
        if x == -1:
            raise ValueError('minus one in __call__')
        if x % 400 == 0:
            caller = sys._getframe(1)
            SEEN.append((caller.f_code.co_name, caller.f_lineno, sorted(caller.f_locals)))
        return self.k * x


class Cells:
    def __init__(self, items):
        self.items = items

    def __call__(self, n):
        return sum([self.items[i % len(self.items)] for i in range(n)])


class Sub(Scale):
    pass


SEEN = []


def apply(fs, x):
    return fs[x % len(fs)](x)


def hot(fs, n):
    total = 0
    for x in range(n):
        total += apply(fs, x)
    return total


def with_default(self, x, y=5):
    return x + y


def as_generator(self, x):
    yield x


def countdown(self, n):
    return 0 if n == 0 else self(n - 1) + 1


results = []
fs = [Scale(2), Scale(3), Cells([1, 2, 3])]
results.append(hot(fs, 3000))
fs.append(Sub(4))
fs.append(abs)
fs.append(lambda x: -x)
results.append(hot(fs, 3000))
odd = Scale(7)
odd.__call__ = lambda x: 'instance attribute'
results.append(hot([odd], 500))
moved = Scale(9)
moved.__class__ = Sub
results.append(hot([moved, Scale(1)], 500))
Scale.__call__ = with_default
results.append(hot([Scale(1)], 500))
Scale.__call__ = as_generator
results.append(sum(next(apply([Scale(1)], x)) for x in range(300)))
del Scale.__call__
try:
    apply([Scale(1)], 3)
except TypeError as exc:
    results.append(str(exc))
Scale.__call__ = Sub.__mro__[1].__dict__.get('__call__', countdown)
results.append(apply([Scale(1)], 50))
for depth in (200, 2000):   # (not ~900: 3.8 counts slot_tp_call as a level, the VM does not)
    try:
        results.append(apply([Scale(1)], depth))
    except RecursionError as exc:
        results.append(('RecursionError', str(exc)))
Scale.__call__ = lambda self, x: self.k * x


def remade(k):
    class Scale:
        def __init__(self, k):
            self.k = k

        def __call__(self, x):
            return self.k + x
    return Scale(k)


for round in range(3):
    results.append(hot([remade(round)], 600))

raising = Scale(1)
del Scale.__call__


class Raising:
    def __call__(self, x):
        if x == -1:
            raise ValueError('minus one in __call__')
        return x


for x in range(200):
    apply([Raising()], x)
try:
    apply([Raising()], -1)
except ValueError as exc:
    results.append([(entry.name, entry.lineno, entry.line) for entry in traceback.extract_tb(exc.__traceback__)])
print(results)
print(len(SEEN), sorted(set(map(repr, SEEN))))
