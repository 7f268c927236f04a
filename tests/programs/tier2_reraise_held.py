"""A finally block's or a with's re-raise to the next handler of the same hot loop's trace (tier 2
keeps the handled exception across it when nothing is dropped between them): what sys.exc_info()
shows in the finally, in __exit__, in the handler and after it, also while an outer exception is
being handled; a generator dropped by the unwinding, whose finally reads sys.exc_info() (the state
restored first, as 3.8's); the tracebacks and __context__ of what the handlers catch."""
import sys
import traceback


class Missing(Exception):
    pass


def shown(info):
    """The handled exception's type, and which one it is when it is the outer one."""
    value = info[1]
    if value is None:
        return 'None' if info[0] is None and info[2] is None else 'broken %r' % (info,)
    if type(value) is not info[0] or value.__traceback__ is not info[2]:
        return 'broken %r' % (info,)
    return type(value).__name__ + (' outer' if value.args == ('outer',) else '')


class Guard:
    def __init__(self, seen):
        self.seen = seen

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        self.seen.add('exit ' + shown(sys.exc_info()) + ' ' + (kind.__name__ if kind else '-'))
        return False


class StarGuard(Guard):
    def __exit__(self, *exc):
        self.seen.add('star exit ' + shown(sys.exc_info()))
        return False


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise Missing(key)


def with_in_try(seen, n, guard=Guard):
    """A with re-raising to the except clause around it (the shape that once set a class as the
    handled exception when an outer exception was being handled)."""
    for i in range(n):
        try:
            with guard(seen):
                if i % 3:
                    raise ValueError(i)
        except ValueError:
            seen.add('caught ' + shown(sys.exc_info()))
            if i == n - 1:
                traceback.print_exc(file=sys.stdout)
        seen.add('after ' + shown(sys.exc_info()))


def finally_with_except(seen, n):
    table = {i: i for i in range(0, n, 3)}
    cleaned = missing = 0
    for i in range(n):
        try:
            with StarGuard(seen):
                try:
                    cleaned += lookup(table, i) & 1
                finally:
                    seen.add('finally ' + shown(sys.exc_info()))
                    cleaned += 1
        except Missing as error:
            missing += 1
            seen.add('missing ' + shown(sys.exc_info()) + ' ' + type(error.__context__).__name__)
            if i == n - 1:
                traceback.print_exc(file=sys.stdout)
        seen.add('after ' + shown(sys.exc_info()))
    return cleaned, missing


class Numbers:
    """An iterator whose finalizer reads sys.exc_info()."""
    def __init__(self, seen):
        self.seen = seen
        self.left = 2

    def __iter__(self):
        return self

    def __next__(self):
        self.left -= 1
        if self.left < 0:
            raise StopIteration
        return self.left

    def __del__(self):
        self.seen.add('iterator freed ' + shown(sys.exc_info()))


def dropped_between(seen, n):
    """The finally's block sits above the for loop's iterator, which the unwinding to the outer
    handler drops: its finalizer sees the state already restored."""
    for i in range(n):
        try:
            for j in Numbers(seen):
                try:
                    if i % 2:
                        raise ValueError(i)
                finally:
                    seen.add('inner finally ' + shown(sys.exc_info()))
        except ValueError:
            seen.add('caught ' + shown(sys.exc_info()))
        seen.add('after ' + shown(sys.exc_info()))


KEPT = ValueError('kept')


def raise_kept(i):
    raise KEPT   # (the same object every time: its traceback grows by this frame's entry)


def raise_class(i):
    if i % 2:
        raise Missing
    raise 42   # TypeError


def raise_from(i):
    try:
        return {}[i]
    except KeyError as error:
        raise Missing(i) from error if i % 2 else None


def raise_handled(i):
    try:
        raise KeyError(i)
    except KeyError as error:
        raise error   # (no context chained to itself)


def host_made_error():
    """An exception raised and caught by host code (its traceback: the worker's `run` only)."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(int, 'x').exception()


HOST_ERROR = host_made_error()
HOST_TB = HOST_ERROR.__traceback__


def raise_host_made(i):
    HOST_ERROR.__traceback__ = HOST_TB
    raise HOST_ERROR   # (the host's entry kept under this frame's)


def bodies_raising_out(seen, n):
    """Compiled bodies raising out of the function (no block of theirs takes it)."""
    try:
        raise KeyError('outer')
    except KeyError:
        for i in range(n):
            for function in (raise_kept, raise_class, raise_from, raise_handled, raise_host_made):
                try:
                    function(i)
                except Exception as error:
                    seen.add('%s %s context %s cause %s suppress %s depth %d' % (
                        function.__name__, type(error).__name__, type(error.__context__).__name__,
                        type(error.__cause__).__name__, error.__suppress_context__,
                        min(len(traceback.extract_tb(error.__traceback__)), 3)))
                    seen.add('names ' + ' '.join(entry.name for entry in traceback.extract_tb(error.__traceback__)))
                    if i == n - 1 and function is not raise_host_made:   # (a host file's line)
                        traceback.print_exc(file=sys.stdout)
                    KEPT.__traceback__ = None
    return 'done'


def run(label, work, *args):
    seen = set()
    result = work(seen, *args)
    print(label, result)
    for line in sorted(seen):
        print('   ', line)


for n in (50, 3000):
    run('with_in_try', with_in_try, n)
    run('star', with_in_try, n, StarGuard)
    run('finally_with_except', finally_with_except, n)
    run('dropped_between', dropped_between, n)
    run('bodies_raising_out', bodies_raising_out, n)
    try:
        raise KeyError('outer')
    except KeyError:
        run('outer with_in_try', with_in_try, n)
        run('outer star', with_in_try, n, StarGuard)
        run('outer finally_with_except', finally_with_except, n)
        run('outer dropped_between', dropped_between, n)
        print('still handled', shown(sys.exc_info()))
    print('none handled', shown(sys.exc_info()))
