x = 'global'
def read_global():
    return x
def write_global():
    global x
    x = 'changed'
print(read_global()); write_global(); print(x)
def unbound():
    print(y)
    y = 1
try:
    unbound()
except UnboundLocalError as e:
    print(e)
def free():
    def inner():
        return z
    try:
        inner()
    except NameError as e:
        print(e)
    z = 1
free()
try:
    undefined
except NameError as e:
    print(e)
class C:
    a = 1
    b = [a for _ in range(2)] if False else None
    def m(self):
        return a
try:
    C().m()
except NameError as e:
    print(e)
def cls_in_func():
    v = 'closure'
    class K:
        v = 'class'
        def get(self):
            return v
        w = v
    return K().get(), K.w
print(cls_in_func())
def classderef():
    v = 1
    class K:
        print(v)
        v = 2
        print(v)
    return K
classderef()
print(sorted(k for k in locals().keys() if not k.startswith('__'))[:3])
def loc(a, b=2):
    c = 3
    return sorted(locals().items())
print(loc(1))
print(vars().get('x'), globals()['x'], 'loc' in dir())
def dl():
    q = 1
    del q
    try:
        q
    except UnboundLocalError as e:
        print(e)
dl()
exec('ex_var = 5')
print(ex_var, eval('ex_var + 1'))
ns = {}
exec('a = 1\nb = a + 1', ns)
print(ns['b'])
def exec_in_func():
    d = {}
    exec('r = 42', globals(), d)
    return d['r']
print(exec_in_func())
del x
try:
    x
except NameError as e:
    print(e)
