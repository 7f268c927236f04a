"""Resource management with class-based and generator-based context managers."""
import contextlib
import io


class Resource:
    opened = []

    def __init__(self, name, fail_on_exit=False):
        self.name = name
        self.fail_on_exit = fail_on_exit

    def __enter__(self):
        Resource.opened.append(self.name)
        print('open', self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        Resource.opened.remove(self.name)
        print('close', self.name, exc_type.__name__ if exc_type else None)
        if self.fail_on_exit:
            raise RuntimeError('close failed for ' + self.name)
        return exc_type is KeyError


@contextlib.contextmanager
def transaction(log):
    log.append('begin')
    try:
        yield log
    except ValueError as exc:
        log.append('rollback: %s' % exc)
    else:
        log.append('commit')
    finally:
        log.append('end')


with Resource('a') as a, Resource('b') as b:
    print('using', a.name, b.name, Resource.opened)
with Resource('c'):
    raise KeyError('swallowed')
print('after c')
try:
    with Resource('d'):
        1 / 0
except ZeroDivisionError as exc:
    print('escaped:', exc)
try:
    with Resource('e', fail_on_exit=True):
        raise ValueError('inner')
except RuntimeError as exc:
    print('exit error:', exc, '| context:', repr(exc.__context__))
log = []
with transaction(log):
    log.append('work 1')
with transaction(log):
    log.append('work 2')
    raise ValueError('bad data')
print(log)
with contextlib.ExitStack() as stack:
    for name in 'xyz':
        stack.enter_context(Resource(name))
    stack.callback(print, 'callback ran')
    print('stack holds', Resource.opened)
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    print('captured line')
print(repr(buffer.getvalue()))
with contextlib.suppress(IndexError):
    [][1]
print('suppressed', Resource.opened)
