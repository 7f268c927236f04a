def f(a, b): pass
def g(a, b=1, *, k): pass
def p(a, /, b): pass
def v(*a, k1, k2): pass
def z(): pass
tests = [
    lambda: f(1),
    lambda: f(),
    lambda: f(1, 2, 3),
    lambda: f(1, 2, c=3),
    lambda: f(1, a=2),
    lambda: g(1),
    lambda: g(1, 2, 3, k=1),
    lambda: g(),
    lambda: p(a=1, b=2),
    lambda: v(),
    lambda: z(1),
    lambda: f(*1),
    lambda: f(**1),
    lambda: f(1, **{'b': 2}, **{'b': 3}),
    lambda: f(**{1: 2}),
    lambda: g(1, 2, 3, 4),
    lambda: (lambda a, b, c: 0)(1),
]
for t in tests:
    try:
        t()
    except TypeError as e:
        print(e)
