def gen():
    x = yield 1
    print('got', x)
    y = yield 2
    print('got', y)
    return 'result'
g = gen()
print(next(g), g.send('a'))
try:
    g.send('b')
except StopIteration as e:
    print('stop', e.value)
def sub():
    r = yield 'a'
    yield r
    return 'subresult'
def delegator():
    v = yield from sub()
    print('sub returned', v)
    yield from [10, 20]
d = delegator()
print(next(d), d.send('sent'), next(d), next(d), next(d, 'end'))
def closing():
    try:
        yield 1
        yield 2
    finally:
        print('closed')
c = closing(); next(c); c.close()
print(list(closing()))
def bad():
    raise StopIteration
    yield
try:
    next(bad())
except RuntimeError as e:
    print(e, type(e.__cause__).__name__)
def thrower():
    while True:
        try:
            yield
        except KeyError as e:
            print('caught in gen', e)
t = thrower(); next(t); t.throw(KeyError, 'k'); t.throw(KeyError('j'))
try:
    t.throw(ValueError('v'))
except ValueError as e:
    print('propagated', e)
def inner():
    try:
        yield 1
    except GeneratorExit:
        print('inner exit')
        raise
def outer():
    yield from inner()
o = outer(); next(o); o.close()
def inner2():
    try:
        yield 1
    except ValueError as e:
        return 'inner caught ' + str(e)
def outer2():
    r = yield from inner2()
    yield r
o2 = outer2(); next(o2); print(o2.throw(ValueError('x')))
print(sum(x * x for x in range(10)), list(zip(gen_a := (i for i in range(3)), 'abc')))
def ignore_exit():
    try:
        yield 1
    except GeneratorExit:
        yield 2
ie = ignore_exit(); next(ie)
try:
    ie.close()
except RuntimeError as e:
    print(e)
try:
    gen().send(1)
except TypeError as e:
    print(e)
g2 = gen(); next(g2)
print(g2.gi_running, g2.gi_frame is not None, g2.__name__, g2.__qualname__)
def running():
    yield rg.send(None)
rg = running()
try:
    next(rg)
except ValueError as e:
    print(e)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
import itertools
print(list(itertools.islice(fib(), 10)))
def exc_state():
    try:
        raise KeyError('inside')
    except KeyError:
        yield 1
        import sys
        print('resumed', repr(sys.exc_info()[1]))
es = exc_state(); next(es)
import sys
print('outside', sys.exc_info())
next(es, None)
