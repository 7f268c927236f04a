"""Generator states: delegation (gi_yieldfrom/cr_await), handled exceptions, finalization, origins."""
import gc
import inspect
import os
import re
import sys
import types
import warnings
import weakref


def delegate_states():
    def inner():
        print('  inner running, outer.gi_yieldfrom:', outer.gi_yieldfrom)
        yield 'a'
        print('  inner resumed, outer.gi_yieldfrom:', outer.gi_yieldfrom)

    def delegator():
        print('  before, gi_yieldfrom:', outer.gi_yieldfrom)
        yield from inner()
        print('  after, gi_yieldfrom:', outer.gi_yieldfrom)
        yield 'b'

    outer = delegator()
    print('created', outer.gi_yieldfrom)
    print(next(outer), outer.gi_yieldfrom.gi_code.co_name)
    print(next(outer), outer.gi_yieldfrom)
    print(list(outer), outer.gi_yieldfrom)

    @types.coroutine
    def leaf():
        print('  leaf, top.cr_await:', top.cr_await)
        yield 'tick'

    async def middle():
        await leaf()

    async def top_level():
        print('  top, cr_await:', top.cr_await)
        await middle()
        print('  top done, cr_await:', top.cr_await)

    top = top_level()
    print('coroutine', top.cr_await, top.send(None), top.cr_await.cr_await.gi_code.co_name)
    try:
        top.send(None)
    except StopIteration:
        print('finished', top.cr_await)


def handled_exception_states():
    def gen():
        try:
            raise ValueError('inside')
        except ValueError:
            yield sys.exc_info()[0].__name__
        print('  after the handler:', sys.exc_info())
        yield 'done'

    g = gen()
    try:
        raise IndexError('caller')
    except IndexError:
        print('first resume', next(g), sys.exc_info()[0].__name__)
    print('second resume', next(g))

    def reraiser():
        try:
            yield
        except KeyError:
            yield sys.exc_info()[0].__name__

    g = reraiser()
    next(g)
    try:
        raise OSError('outer')
    except OSError:
        print('thrown in', g.throw(KeyError('k')), sys.exc_info()[0].__name__)


def cleanup_exc_state():
    class Payload:
        pass

    class Carrier(Exception):
        def __init__(self, payload):
            self.payload = payload

    def raising_gen(payload):
        try:
            raise Carrier(payload)
        except Carrier:
            yield

    def closing(g):
        g.close()

    def dropping(g):
        g = None

    def finishing(g):
        for _ in g:
            pass

    for action in (closing, dropping, finishing):
        payload = Payload()
        alive = weakref.ref(payload)
        g = raising_gen(payload)
        payload = None
        next(g)
        action(g)
        g = None
        print(action.__name__, 'payload freed:', alive() is None)


def finalization():
    def gen():
        try:
            yield 1
        finally:
            print('  finally ran')

    g = gen()
    next(g)
    del g
    print('after del')

    def stubborn():
        try:
            yield 1
        except GeneratorExit:
            yield 2

    reports = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = lambda report: reports.append(report)
    try:
        g = stubborn()
        next(g)
        name = repr(g)
        del g
        gc.collect()
    finally:
        sys.unraisablehook = old_hook
    for report in reports:
        print('unraisable', report.exc_type.__name__, report.exc_value, repr(report.object) == name,
              report.exc_traceback is not None and report.exc_traceback.tb_lineno)

    async def never():
        pass

    reports = []
    sys.unraisablehook = lambda report: reports.append(report)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('error', RuntimeWarning)
            c = never()
            name = repr(c)
            c = None
            gc.collect()
    finally:
        sys.unraisablehook = old_hook
    for report in reports:
        print('unawaited', report.exc_type.__name__, report.exc_value, repr(report.object) == name)


async def corofn():
    pass


def a1():
    return corofn()  # comment in a1


def a2():
    return a1()  # comment in a2


def origins():
    def show(origin):
        if origin is None:
            return None
        return [(os.path.basename(name), line, function) for name, line, function in origin]

    old = sys.get_coroutine_origin_tracking_depth()
    try:
        for depth in (0, 1, 2, 3):
            sys.set_coroutine_origin_tracking_depth(depth)
            c = a2()
            print(depth, (show(c.cr_origin) or [])[:3])
            c.close()
        try:
            sys.set_coroutine_origin_tracking_depth(-1)
        except ValueError as error:
            print('ValueError', error)
        sys.set_coroutine_origin_tracking_depth(2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always', RuntimeWarning)
            a2()
            gc.collect()
        for warning in caught:
            print(warning.category.__name__, re.sub(r'File "[^"]*[/\\]', 'File "', str(warning.message)))
    finally:
        sys.set_coroutine_origin_tracking_depth(old)


def invalid_anext():
    class F:
        def __aiter__(self):
            return self

        def __anext__(self):
            return self

        def __await__(self):
            1 / 0

    async def main():
        async for _ in F():
            pass

    try:
        main().send(None)
    except TypeError as error:
        print(error, '<-', type(error.__cause__).__name__)


def legacy_coroutines():
    @types.coroutine
    def legacy():
        value = yield 'suspended'
        return value * 2

    async def modern():
        return await legacy()

    gen = legacy()
    print(bool(legacy.__code__.co_flags & 0x100), gen.__class__ is types.GeneratorType,
          inspect.isawaitable(gen), legacy.__name__)
    gen.close()
    coro = modern()
    print(coro.send(None))
    try:
        coro.send(21)
    except StopIteration as stop:
        print('result', stop.value)

    def plain():
        return iter([1])

    print(types.coroutine(plain) is plain, type(types.coroutine(plain)()).__name__)


def error_references():
    class Iterable:
        def __aiter__(self):
            return self

        def __anext__(self):
            return ()

    iterable = Iterable()
    before = sys.getrefcount(iterable)

    async def loop():
        async for _ in iterable:
            pass

    try:
        loop().send(None)
    except TypeError as error:
        cause = error.__cause__
        error = None
    print(type(cause).__name__, sys.getrefcount(iterable) - before)


def finalizer_during_return():
    """A coroutine dropped with its creator's frame warns while the caller resumes."""
    def make_and_drop(label):
        unused = corofn()
        return label

    def drop_generator(label):
        def gen():
            try:
                yield
            finally:
                print('  closing', label)
        g = gen()
        next(g)
        return label

    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        results = [make_and_drop(n) for n in range(3)]
        results.append(drop_generator('x'))
        for value in (x for x in [make_and_drop('g')]):
            results.append(value)
    print(results)


def delegation_errors():
    class Broken:
        def __iter__(self):
            return self

        def __next__(self):
            return 1

        def __getattr__(self, attr):
            1 / 0

    def g():
        yield from Broken()

    for action in ('send', 'throw'):
        gi = g()
        next(gi)
        try:
            gi.send(1) if action == 'send' else gi.throw(AttributeError)
        except ZeroDivisionError:
            print(action, 'ZeroDivisionError; suspended:', gi.gi_frame is not None)
    reports = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = reports.append
    try:
        gi = g()
        next(gi)
        gi.close()
    finally:
        sys.unraisablehook = old_hook
    print('close', [report.exc_type.__name__ for report in reports], gi.gi_frame)

    trace = []

    def over_range():
        try:
            trace.append('start')
            yield from range(10)
        finally:
            trace.append('finish')

    gi = over_range()
    next(gi)
    try:
        gi.throw(ValueError('tomato'))
    except ValueError as error:
        print('thrown', error, trace, gi.gi_frame)


def dropped_with_exception():
    """A frame left by an exception drops its operand stack at once (its values are not kept by
    the traceback): the coroutine being delegated to warns at the yield from line."""
    def delegating():
        yield from corofn()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always', RuntimeWarning)
        try:
            next(delegating())
        except TypeError as error:
            print(error, [(w.category.__name__, w.lineno) for w in caught])


def inline_exception_states():
    """Generators run by for loops and yield from (inside the loop) see 3.8's handled exceptions."""
    def info():
        return repr(sys.exc_info()[1])

    def gen():
        print('  start', info())
        try:
            raise KeyError('g')
        except KeyError:
            yield 1
            print('  resumed in handler', info())
            yield 2
        print('  after handler', info())
        yield 3

    try:
        raise ValueError('caller')
    except ValueError:
        for value in gen():
            print(value, info())
    g = gen()
    try:
        raise ValueError('c1')
    except ValueError:
        for value in g:
            print(value, info())
            break
    for value in g:
        print(value, info())

    def outer():
        try:
            raise OSError('o')
        except OSError:
            yield from gen()
            print('  outer after', info())

    for value in outer():
        print(value, info())


for section in (delegate_states, handled_exception_states, cleanup_exc_state, finalization,
                origins, invalid_anext, legacy_coroutines, error_references, finalizer_during_return,
                delegation_errors, dropped_with_exception, inline_exception_states):
    print('--', section.__name__)
    section()
