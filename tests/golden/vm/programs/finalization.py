class X:
    def __init__(self, n): self.n = n
    def __del__(self): print('del', self.n)
def use(o): return o.n
a = X(1)
a.attr = 5
del a
print('after del a')
b = X(2)
use(b)
del b
print('after del b')
def f():
    c = X(3)
    c.q = 1
    del c
    print('after del c')
f()
for i in range(2):
    d = X(10 + i)
print('loop done')
d = None
print('end')
