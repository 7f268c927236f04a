g1 = 1
def del_global():
    global g1
    del g1
del_global()
try:
    g1
except NameError as e:
    print(e)
try:
    del_global()
except NameError as e:
    print(e)
a = [1, 2, 3]
a[1] += 10
a[-1] **= 2
print(a)
class O: pass
o = O(); o.v = 1
o.v += 5
print(o.v)
d = {'k': [1]}
d['k'] += [2]
print(d)
print({*a, *'xy'} == set(a) | {'x', 'y'}, {**{'a': 1}, **{'b': 2}})
def f(*args, **kw): return args, sorted(kw)
print(f(*a, *a), f(**{'x': 1}, y=2), f(1, *[2], 3, *(4,), k=1, **{'j': 2}))
x = 5
x, y = y, x = 1, 2
print(x, y)
print(a[0:2], a[::-1], a[slice(None, None, 2)])
s = 'abc'
print(f'{s!r:>10}', f'{3.5:{"^"}{8}}', f'{"nested" + "!"}', f'{x}{y}')
del a[0]
del o.v
print(a, hasattr(o, 'v'))
try:
    del o.v
except AttributeError as e:
    print('AttributeError')
t = (1, 2, 3, 4, 5)
first, *middle, last = t
print(first, middle, last)
*init, = t
print(init)
a, b, *c, d2 = range(6)
print(a, b, c, d2)
try:
    p, q = [1]
except ValueError as e:
    print(e)
try:
    p, q = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    p, *q, r = [1]
except ValueError as e:
    print(e)
try:
    p, q = 5
except TypeError as e:
    print(e)
def gen_unpack():
    yield 1
    yield 2
m, n = gen_unpack()
print(m, n)
print(not a, -(-1), +True, ~5)
l = [i for i in range(3)]
st = {i for i in range(3)}
dc = {i: str(i) for i in range(3)}
print(l, st, dc)
print([(i, j) for i in range(2) for j in range(2) if i != j])
v = 0
while v < 3:
    v += 1
    if v == 2:
        continue
print(v)
print(type(None), type(...), type(NotImplemented).__name__)
import sys
from os.path import *
print(join('a', 'b'), 'join' in dir())
class WithClassDeref:
    x = 1
    def m(self):
        return x if False else self.x
print(WithClassDeref().m())
print(chr(65), ord('A'), bin(5), round(2.675, 2), divmod(-7, 2))
print(isinstance(print, type(len)), (lambda: 1).__name__)
print(sorted({3: 1, 1: 2}), list(map(lambda kv: kv[0], {'a': 1}.items())))
class Mat:
    def __init__(self, v): self.v = v
    def __matmul__(self, o): return Mat(self.v * o.v)
    def __imatmul__(self, o):
        self.v += o.v
        return self
m1 = Mat(3) @ Mat(4)
m1 @= Mat(1)
print(m1.v)
def class_free():
    hidden = 'from function'
    class K:
        seen = hidden
        def m(self):
            return hidden
    return K.seen, K().m()
print(class_free())
