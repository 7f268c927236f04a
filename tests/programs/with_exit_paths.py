"""`with` blocks whose __enter__/__exit__ are the program's own methods, on every way out:
tracebacks through several frames, chaining, exc_info inside __exit__ and nested handlers,
exceptions from __enter__ and __exit__, suppression, generators thrown into inside a with,
recursion limits reached inside __enter__, and the call events a tracer sees."""
import sys
import traceback


def where(frame):
    return '%s:%d' % (frame.f_code.co_name, frame.f_lineno)


def handled():
    kind, value, _ = sys.exc_info()
    return 'none' if kind is None else '%s(%s)' % (kind.__name__, value)


def show(exc):
    """The exception, its chain and its traceback entries (function and line), innermost last."""
    parts = []
    while exc is not None:
        entries = traceback.extract_tb(exc.__traceback__)
        parts.append('%s(%s) at [%s]%s' % (
            type(exc).__name__, exc, ', '.join('%s:%d' % (e.name, e.lineno) for e in entries),
            ' cause' if exc.__cause__ is not None else
            ' suppressed' if exc.__suppress_context__ else ''))
        exc = exc.__cause__ if exc.__cause__ is not None else (
            None if exc.__suppress_context__ else exc.__context__)
    return ' <- '.join(parts)


class Tracked:
    """A manager reporting what it sees: the caller's line, the handled exception, its arguments."""
    log = []

    def __init__(self, name, suppress=False, fail_enter=False, fail_exit=False):
        self.name = name
        self.suppress = suppress
        self.fail_enter = fail_enter
        self.fail_exit = fail_exit

    def __enter__(self):
        caller = sys._getframe(1)
        Tracked.log.append('enter %s from %s handled=%s' % (self.name, where(caller), handled()))
        if self.fail_enter:
            raise LookupError('enter ' + self.name)
        return self

    def __exit__(self, kind, value, tb):
        caller = sys._getframe(1)
        Tracked.log.append('exit %s from %s with %s handled=%s tb=%s' % (
            self.name, where(caller), kind and kind.__name__, handled(),
            tb and (tb.tb_frame.f_code.co_name, tb.tb_lineno)))
        if self.fail_exit:
            raise RuntimeError('exit ' + self.name)
        return self.suppress


class StarExit:
    def __enter__(self):
        return 'star'

    def __exit__(self, *exc):
        Tracked.log.append('star exit %d args, first %s' % (len(exc), exc[0] and exc[0].__name__))
        return False


class GeneratorExit_:
    """__exit__ and __enter__ that are generator functions: each call makes a generator (truthy)."""
    def __enter__(self):
        yield 1

    def __exit__(self, *exc):
        yield 2


def deep(n):
    if n == 0:
        return {}['missing']
    with Tracked('deep%d' % n):
        try:
            return deep(n - 1)
        finally:
            Tracked.log.append('finally deep%d handled=%s' % (n, handled()))


def run(label, function, *args):
    Tracked.log.clear()
    try:
        result = function(*args)
    except Exception as exc:
        print('%s raised %s' % (label, show(exc)))
    else:
        print('%s returned %r' % (label, result))
    for line in Tracked.log:
        print('   ', line)
    print('    after: handled=%s' % handled())


def plain():
    with Tracked('a') as a, Tracked('b') as b:
        return a.name + b.name


def through_frames():
    return deep(3)


def converted():
    try:
        deep(1)
    except KeyError as exc:
        raise ValueError('converted') from exc


def hidden():
    try:
        deep(1)
    except KeyError:
        raise ValueError('hidden') from None


def exit_replaces():
    with Tracked('outer'):
        with Tracked('inner', fail_exit=True):
            raise TypeError('body')


def exit_suppresses():
    for n in range(3):
        with Tracked('s%d' % n, suppress=n % 2 == 0):
            if n:
                raise IndexError(n)
    return 'done'


def enter_fails():
    with Tracked('first'):
        with Tracked('never', fail_enter=True):
            Tracked.log.append('body ran')


def nested_handlers():
    try:
        raise KeyError('outer')
    except KeyError:
        with Tracked('in handler'):
            try:
                raise ValueError('inner')
            except ValueError:
                Tracked.log.append('inner handler: ' + handled())
            Tracked.log.append('back in outer: ' + handled())
        Tracked.log.append('after with: ' + handled())
    return handled()


def star_and_generators():
    with StarExit() as s:
        Tracked.log.append('body ' + s)
    manager = GeneratorExit_()
    with manager as g:
        Tracked.log.append('entered %s' % type(g).__name__)
        raise ArithmeticError('swallowed by a generator')
    return 'suppressed'


def reraised_in_finally():
    try:
        with Tracked('r'):
            try:
                raise OSError('first')
            finally:
                Tracked.log.append('finally handled=' + handled())
    except OSError:
        try:
            raise
        except OSError as again:
            return show(again)


def worker():
    with Tracked('gen'):
        try:
            yield 1
            yield 2
        except ZeroDivisionError as exc:
            Tracked.log.append('generator caught %s handled=%s' % (exc, handled()))
            yield 3
    yield 4


def thrown():
    gen = worker()
    out = [next(gen)]
    out.append(gen.throw(ZeroDivisionError('thrown')))
    out.append(next(gen))
    gen2 = worker()
    next(gen2)
    try:
        gen2.throw(KeyError('escapes'))
    except KeyError as exc:
        out.append(show(exc))
    return out


class Depth:
    def __init__(self):
        self.reached = 0

    def __enter__(self):
        self.reached += 1
        return self

    def __exit__(self, *exc):
        return False


def recurse(manager, n):
    with manager:
        return recurse(manager, n + 1)


def recursion():
    sys.setrecursionlimit(80)
    manager = Depth()
    try:
        recurse(manager, 0)
    except RecursionError as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        result = (manager.reached, frames[-1].name, len(frames))
    finally:
        sys.setrecursionlimit(1000)
    return result


def traced():
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name in ('__enter__', '__exit__', 'traced_body'):
            events.append('%s %s:%d%s' % (event, frame.f_code.co_name, frame.f_lineno,
                                          ' ' + type(arg[1]).__name__ if event == 'exception' else ''))
        return tracer

    def traced_body():
        with Tracked('t1'):
            pass
        try:
            with Tracked('t2'):
                raise KeyError('traced')
        except KeyError:
            pass

    sys.settrace(tracer)
    try:
        traced_body()
    finally:
        sys.settrace(None)
    return events


def profiled():
    events = []

    def profiler(frame, event, arg):
        if event.startswith('c_'):
            events.append('%s %s' % (event, arg.__name__))
        elif frame.f_code.co_name in ('__enter__', '__exit__'):
            events.append('%s %s' % (event, frame.f_code.co_name))

    class Quiet:
        def __enter__(self):
            return len('entered')

        def __exit__(self, kind, value, tb):
            return sys.exc_info()[0] is not None

    import threading
    lock = threading.Lock()
    sys.setprofile(profiler)
    try:
        with Quiet():
            with lock:
                pass
    finally:
        sys.setprofile(None)
    return events


class Made:
    """An __init__ that turns tracing on part way through a hot loop of instantiations."""
    def __init__(self, k):
        if k == 70:
            sys.settrace(lambda *a: None)
        self.k = k


def made_in_loop():
    made = []
    for k in range(90):
        made.append(Made(k))
    sys.settrace(None)
    return [type(m).__name__ for m in made[68:73]]


def hot_loop(n):
    """The with/try shapes of bench/programs/exceptions_flow.py, many times (tiers warm up)."""
    table = {i: i for i in range(0, n, 3)}
    seen = []
    count = 0
    for i in range(n):
        try:
            with Depth() as d:
                try:
                    count += table[i]
                finally:
                    count += d.reached
        except KeyError as exc:
            if i in (1, n - 1):
                seen.append(show(exc))
            count -= 1
    return count, seen


run('made_in_loop', made_in_loop)   # (first: before any tracer has run)
run('plain', plain)
run('through_frames', through_frames)
run('converted', converted)
run('hidden', hidden)
run('exit_replaces', exit_replaces)
run('exit_suppresses', exit_suppresses)
run('enter_fails', enter_fails)
run('nested_handlers', nested_handlers)
run('star_and_generators', star_and_generators)
run('reraised_in_finally', reraised_in_finally)
run('thrown', thrown)
run('recursion', recursion)
run('traced', traced)
run('profiled', profiled)
run('hot_loop', hot_loop, 3000)
with Tracked('uncaught'):
    deep(2)
