class CM:
    def __init__(self, name, swallow=False):
        self.name = name; self.swallow = swallow
    def __enter__(self):
        print('enter', self.name)
        return self.name.upper()
    def __exit__(self, typ, val, tb):
        print('exit', self.name, typ.__name__ if typ else None, val)
        return self.swallow
with CM('a') as v:
    print('body', v)
with CM('b', swallow=True):
    raise ValueError('swallowed')
print('after swallow')
try:
    with CM('c'):
        raise KeyError('propagates')
except KeyError as e:
    print('caught', e)
with CM('x') as x, CM('y') as y:
    print(x, y)
def ret_in_with():
    with CM('r'):
        return 'returned'
print(ret_in_with())
for i in range(2):
    with CM('loop%d' % i):
        if i == 0:
            continue
        break
try:
    with 5:
        pass
except AttributeError as e:
    print('AttributeError', e)
import contextlib
@contextlib.contextmanager
def managed():
    print('setup')
    try:
        yield 'res'
    finally:
        print('teardown')
with managed() as r:
    print(r)
