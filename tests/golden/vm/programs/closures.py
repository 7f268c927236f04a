def make_adders():
    return [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in make_adders()])
def late():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]
print(late())
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    def get():
        return count
    return inc, get
inc, get = counter()
inc(); inc()
print(get())
def cell_arg(x):
    def inner():
        return x
    x += 1
    return inner()
print(cell_arg(1))
def deep_closure():
    a = 1
    def l1():
        b = 2
        def l2():
            return a + b
        return l2
    return l1()()
print(deep_closure())
def delete_cell():
    v = 1
    def g(): return v
    del v
    try:
        g()
    except NameError as e:
        print(e)
delete_cell()
class X:
    def method(self):
        def helper():
            return __class__.__name__
        return helper()
    def sup(self):
        return super().__repr__ is not None
print(X().method(), X().sup())
