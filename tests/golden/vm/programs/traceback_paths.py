import traceback, sys
def key(v):
    return 1 / v
try:
    sorted([1, 0], key=key)
except ZeroDivisionError:
    print([(f.lineno, f.name) for f in traceback.extract_tb(sys.exc_info()[2])])
def g():
    yield 1
    raise ValueError('gen')
try:
    list(g())
except ValueError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def reraiser():
    try:
        key(0)
    except ZeroDivisionError:
        raise
try:
    reraiser()
except ZeroDivisionError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def fin():
    try:
        key(0)
    finally:
        pass
try:
    fin()
except ZeroDivisionError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def outer():
    return list(map(key, [0]))
try:
    outer()
except ZeroDivisionError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
class C:
    def __repr__(self):
        raise RuntimeError('repr')
try:
    repr(C())
except RuntimeError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
def thrower():
    yield
t = thrower(); next(t)
try:
    t.throw(KeyError('x'))
except KeyError as e:
    print([(f.lineno, f.name) for f in traceback.extract_tb(e.__traceback__)])
print(traceback.format_exc().count('\n') > 0)
def multi_line(a,
               b):
    return (a /
            b)
multi_line(1, 0)
