import sys
def counter(n):
    for i in range(n):
        yield i
    return 'ret'
total = 0
for v in counter(5):
    total += v
print(total)
def stopper():
    yield 1
    raise StopIteration('inner')
try:
    for v in stopper():
        print('got', v)
except RuntimeError as e:
    print(e, repr(e.__cause__))
def failing():
    yield 1
    raise KeyError('gen failed')
try:
    for v in failing():
        pass
except KeyError as e:
    import traceback
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def in_handler():
    try:
        raise ValueError('handled in gen')
    except ValueError:
        yield sys.exc_info()[1]
        yield repr(sys.exc_info()[1])
    yield sys.exc_info()
for v in in_handler():
    print('outer sees', sys.exc_info(), 'gen gave', v)
g = counter(10)
for v in g:
    if v == 3:
        break
print(next(g), list(g))
def nested():
    for a in counter(2):
        for b in counter(2):
            yield a, b
print(list(nested()), [x for x in nested()])
def deleg():
    r = yield from counter(3)
    yield r
for v in deleg():
    print('deleg', v)
def with_finally():
    try:
        yield 1
        yield 2
    finally:
        print('gen finally')
for v in with_finally():
    print('wf', v)
for v in with_finally():
    break
print('after break')
def recursive(n):
    if n:
        yield n
        for v in recursive(n - 1):
            yield v
print(list(recursive(5)))
gen_self = None
def running():
    for v in gen_self:
        yield v
gen_self = running()
try:
    next(gen_self)
except ValueError as e:
    print(e)
def uncaught_in_loop():
    yield 1
    return 1 / 0
for v in uncaught_in_loop():
    print('before', v)
