def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
def g(a, b, /, c, *, d=1):
    return a, b, c, d
print(g(1, 2, c=3), g(1, 2, 3, d=4))
def h(x: int, *, y: 'str' = 'q') -> list:
    """doc of h"""
    return x
print(h.__name__, h.__qualname__, h.__doc__, h.__defaults__, h.__kwdefaults__, sorted(h.__annotations__))
print(h.__module__, h.__code__.co_name, h.__globals__ is globals(), h.__closure__)
def outer():
    v = 1
    def inner():
        nonlocal v
        v += 1
        return v
    return inner
i = outer()
print(i(), i(), i.__qualname__, type(i.__closure__[0]).__name__, i.__closure__[0].cell_contents)
h.attr = 5
print(h.__dict__, h.attr)
lam = lambda x, y=2: x * y
print(lam(3), lam.__name__, sorted(map(lambda s: -s, [3, 1, 2])))
def rec(n):
    return 1 if n <= 1 else n * rec(n - 1)
print(rec(20))
def deco(fn):
    def wrapper(*a, **k):
        return ('wrapped', fn(*a, **k))
    return wrapper
@deco
def decorated(x):
    return x + 1
print(decorated(1))
import functools
@functools.lru_cache(maxsize=None)
def fibc(n):
    return n if n < 2 else fibc(n - 1) + fibc(n - 2)
print(fibc(50))
@functools.wraps(h)
def w(*a): return h(*a)
print(w.__name__, w.__doc__, w.__wrapped__ is h)
p = functools.partial(f, 10, c=20)
print(p(30))
print(sorted([3, 1, 2], key=lambda v: -v), list(filter(lambda v: v % 2, range(6))))
def gen_default(a=[]):
    a.append(1)
    return len(a)
print(gen_default(), gen_default())
