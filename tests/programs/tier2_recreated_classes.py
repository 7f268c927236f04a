"""Classes made again by the same class statement, met by hot code compiled for the first one.

A function makes a class (as a program run twice in one process makes its classes twice); hot
code calls it and adds and subtracts its instances, so tier 2 calls `__init__`, `__add__` and
`__sub__` directly, guarded on the first class. Each later class of the same name with the same
code takes the guard's place; one with a list base (whose `+` falls back to list concatenation
when `__add__` returns NotImplemented), one with a metaclass, one with its own `__new__`, one
whose `__add__` is another function, and a different class of the same name must still behave
as 3.8's.
"""
import sys


class Meta(type):
    calls = 0

    def __call__(cls, *args):
        Meta.calls += 1
        return super().__call__(*args)


def make(base=object, meta=type, own_new=False, other_add=False):
    class V(base, metaclass=meta):
        lines = []

        def __init__(self, x):
            self.x = x

        def __add__(self, o):
            if o.x < 0:
                return NotImplemented
            return V(self.x + o.x)

        def __sub__(self, o):
            if self.x == 1000:
                V.lines.append(sys._getframe(1).f_lineno)
            return V(self.x - o.x)

        if own_new:
            def __new__(cls, x):
                cls.made = getattr(cls, 'made', 0) + 1
                return super().__new__(cls)

        if other_add:
            def __add__(self, o):
                return V(self.x * 10 + o.x)
    return V


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def work(V, n, negative):
    total = 0
    shown = []
    for i in range(n):
        try:
            r = add(V(i), V(-1 if i % negative == 0 else 2))
        except TypeError as exc:
            if len(shown) < 2:
                shown.append(str(exc))
            continue
        if type(r) is not V:
            if len(shown) < 4:
                shown.append(repr(r))
            continue
        total += sub(r, V(3)).x
    return total, shown


for label, kwargs in [('first', {}), ('again', {}), ('list base', {'base': list}), ('again', {}),
                      ('metaclass', {'meta': Meta}), ('own __new__', {'own_new': True}),
                      ('other __add__', {'other_add': True}), ('again', {})]:
    V = make(**kwargs)
    total, shown = work(V, 3000, 700 if label != 'first' else 10 ** 9)
    print(label, total, shown, V.lines, getattr(V, 'made', None))
print('metaclass calls', Meta.calls)


class V:
    def __init__(self, x):
        self.x = -x

    def __add__(self, o):
        return 'a different V'

    def __sub__(self, o):
        return V(o.x)


print(add(V(1), V(2)), sub(V(5), V(6)).x)
