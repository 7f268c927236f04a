"""A crash reporter: what a traceback's frames tell about where an error happened.

Walks tracebacks the way post-mortem tools do (tb.tb_frame, its f_back, f_locals, f_lineno,
f_code), after the frames have finished and while they still run; builds tracebacks by hand
(types.TracebackType); and reports exceptions nobody can catch (sys.unraisablehook).
"""
import sys
import traceback
import types


def describe(frame):
    if frame is None:
        return 'None'
    return '%s:%d' % (frame.f_code.co_name, frame.f_lineno)


def report(tb):
    """One line per entry: where it is, its frame's caller, and the frame's local names."""
    lines = []
    while tb is not None:
        frame = tb.tb_frame
        names = sorted(name for name in frame.f_locals if not name.startswith('__'))
        lines.append('  %s line %d <- %s %s' % (frame.f_code.co_name, tb.tb_lineno,
                                                describe(frame.f_back), names[:6]))
        tb = tb.tb_next
    return '\n'.join(lines)


# -- frames that finished ------------------------------------------------------------------

def parse_amount(text):
    cents = int(text.replace('.', ''))
    return cents


def load_ledger(rows):
    total = 0
    for row in rows:
        total += parse_amount(row)
    return total


def post_mortem():
    try:
        load_ledger(['1.00', '2.50', 'three'])
    except ValueError as exc:
        tb = exc.__traceback__
    print('finished frames:')
    print(report(tb))
    frames = [entry[0] for entry in traceback.walk_tb(tb)]
    print('walk_tb lines', [line for _, line in traceback.walk_tb(tb)])
    print('innermost f_back is its caller', frames[-1].f_back is frames[-2])
    print('outermost is this frame', frames[0] is sys._getframe())
    print('innermost locals', frames[-1].f_locals)
    print('same frame twice', tb.tb_next.tb_frame is tb.tb_next.tb_frame)


post_mortem()


# -- the frame that is running ---------------------------------------------------------------

def check(value):
    if value < 0:
        raise ArithmeticError('negative: %d' % value)
    return value


def running_frame():
    seen = []
    for value in (3, -1, -2):
        try:
            check(value)
        except ArithmeticError as exc:
            seen.append(exc.__traceback__)
    first, second = seen
    print('running frame is sys._getframe()', first.tb_frame is sys._getframe())
    print('both entries share the frame', first.tb_frame is second.tb_frame)
    print('entry lines', first.tb_lineno, second.tb_lineno, 'frame now at', sys._getframe().f_lineno)
    print('callee frames differ', first.tb_next.tb_frame is not second.tb_next.tb_frame)
    print('callee caller', describe(second.tb_next.tb_frame.f_back))


running_frame()


# -- frames called by builtins, and exceptions built by the runtime ---------------------------------

def sort_key(item):
    return item['priority']


def sort_jobs():
    jobs = [{'priority': 2}, {'name': 'orphan'}]
    try:
        sorted(jobs, key=sort_key)
    except KeyError as exc:
        tb = exc.__traceback__
    key_frame = tb.tb_next.tb_frame
    print('key frame', describe(key_frame), 'called from', describe(key_frame.f_back))
    print('its caller is this frame', key_frame.f_back is sys._getframe())


sort_jobs()


class Unbuildable(Exception):
    def __init__(self):
        raise RuntimeError('cannot build Unbuildable')


def worker():
    yield 'ready'
    yield 'done'


def throw_unbuildable():
    job = worker()
    next(job)
    try:
        job.throw(Unbuildable)
    except RuntimeError as exc:
        print('throw of a class that fails to build:', exc)
        print(report(exc.__traceback__))


throw_unbuildable()


# -- generators ----------------------------------------------------------------------------

def countdown(n):
    while n:
        yield n
        n -= 1
    raise LookupError('liftoff')


def drain():
    try:
        for _ in countdown(2):
            pass
    except LookupError as exc:
        gen_frame = exc.__traceback__.tb_next.tb_frame
        print('finished generator frame', gen_frame.f_code.co_name, 'f_back', gen_frame.f_back,
              'n =', gen_frame.f_locals['n'])


drain()


# -- module and class bodies -------------------------------------------------------------------

try:
    missing_setting
except NameError as exc:
    module_frame = exc.__traceback__.tb_frame
    print('module frame', module_frame.f_code.co_name, module_frame.f_locals is globals(),
          module_frame.f_back)
del module_frame


class Config:
    debug = True
    try:
        level = int('loud')
    except ValueError as exc:
        body = exc.__traceback__.tb_frame
        print('class body frame', body.f_code.co_name,
              sorted(name for name in body.f_locals if not name.startswith('__')))
        del body


# -- tracebacks built by hand ----------------------------------------------------------------

def handmade():
    here = sys._getframe()
    tb = types.TracebackType(None, here, 0, here.f_lineno)
    print('handmade entry', tb.tb_frame is here, tb.tb_lasti, tb.tb_lineno == here.f_lineno)
    outer = types.TracebackType(tb, here.f_back, 0, 1)
    print('handmade chain', outer.tb_next is tb, outer.tb_frame is here.f_back)
    try:
        types.TracebackType(None, 'not a frame', 0, 1)
    except TypeError:
        print('a frame is required')


handmade()


# -- exceptions nobody can catch ---------------------------------------------------------------

class TempFile:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        raise OSError('cannot remove %s' % self.name)


reports = []
sys.unraisablehook = reports.append
scratch = TempFile('scratch.tmp')
del scratch
sys.unraisablehook = sys.__unraisablehook__
unraisable, = reports
print('unraisable object is the function', unraisable.object is TempFile.__del__)
print('unraisable', unraisable.exc_type.__name__, unraisable.exc_value,
      unraisable.exc_traceback.tb_frame.f_code.co_name)


# -- clearing frames --------------------------------------------------------------------------

def compute():
    base = 5
    def scaled():
        factor = base + 2
        return factor / 0
    return scaled()


try:
    compute()
except ZeroDivisionError as exc:
    outer_frame, inner_frame = exc.__traceback__.tb_next.tb_frame, exc.__traceback__.tb_next.tb_next.tb_frame
print('before clear', sorted(outer_frame.f_locals), sorted(inner_frame.f_locals))
outer_frame.clear()
inner_frame.clear()
print('after clear', outer_frame.f_locals, inner_frame.f_locals)

closed = []


def session():
    try:
        try:
            raise ConnectionError('lost')
        except ConnectionError as exc:
            frame = exc.__traceback__.tb_frame
            try:
                frame.clear()
            except RuntimeError as error:
                print('clear while running:', error)
        yield frame
    finally:
        closed.append('session')


running = session()
suspended_frame = next(running)
print('suspended frame is the generator\'s', suspended_frame is running.gi_frame, closed)
suspended_frame.clear()
print('clearing it closed the generator', closed, running.gi_frame)
