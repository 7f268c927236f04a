import sys, traceback
def leaf(n):
    total = 0
    for i in range(n):
        got = yield i
        if got:
            total += got
    return total
def middle(n):
    r = yield from leaf(n)
    yield 'middle got %r' % (r,)
    return r * 2
def top(n):
    r = yield from middle(n)
    return 'top %r' % (r,)
print(list(top(3)))
g = top(3)
print(next(g), g.send(10), g.send(5), g.send(1))
try:
    next(g)
except StopIteration as e:
    print('stop', e.value)
def tree(d):
    if d:
        yield from tree(d - 1)
        yield d
        yield from tree(d - 1)
print(sum(tree(8)), list(tree(3)))
def raiser():
    yield 1
    raise KeyError('deep')
def mid2():
    yield from raiser()
def top2():
    try:
        yield from mid2()
    except KeyError as e:
        yield 'caught ' + str(e)
print(list(top2()))
def uncaught_top():
    yield from mid2()
try:
    for v in uncaught_top():
        pass
except KeyError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def stop_leaf():
    yield 1
    raise StopIteration('x')
def stop_mid():
    yield from stop_leaf()
try:
    list(stop_mid())
except RuntimeError as e:
    print(e, type(e.__cause__).__name__)
g = top(5)
next(g)
try:
    g.throw(ValueError('thrown'))
except ValueError as e:
    print('throw propagated', e, [(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def closing_leaf():
    try:
        yield 1
        yield 2
    finally:
        print('leaf closed')
def closing_top():
    yield from closing_leaf()
c = closing_top()
next(c)
c.close()
def catch_in_leaf():
    while True:
        try:
            yield
        except ValueError:
            print('leaf caught')
def catch_top():
    yield from catch_in_leaf()
ct = catch_top(); next(ct); ct.throw(ValueError); ct.close()
def handler_yield():
    try:
        raise IndexError('in handler')
    except IndexError:
        yield from leaf(2)
        yield repr(sys.exc_info()[1])
for v in handler_yield():
    print(v, sys.exc_info()[0])
def deleg_iter():
    yield from [1, 2]
    yield from (x * 2 for x in range(2))
    yield from iter('ab')
print(list(deleg_iter()))
def send_to_fresh():
    yield from leaf(1)
s = send_to_fresh()
try:
    s.send(5)
except TypeError as e:
    print(e)
def running_self():
    yield from rs
rs = running_self()
try:
    next(rs)
except ValueError as e:
    print(e)
print(sum(x for x in tree(5)))
