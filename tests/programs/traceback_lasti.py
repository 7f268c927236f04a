"""tb_lasti of every entry of a traceback (3.8: the offset of the instruction its frame ran, the
one that raised or the call it was in), with tb_lineno and the frame's f_lasti, for errors raised
at many kinds of instruction: plain raises and calls, the pairs of instructions the VM fuses (a
comparison's truth test at its jump, `o.attr`, `o.attr = v`, `for x in it`, two loads), generators
(thrown into before their start, delegating), `with` and `finally`, hot loops compiled at tier 2
(raising out, and caught inside), an entry made by TracebackType(); then what a traceback walker
built on tb_lasti sees (the instruction's opcode) and the formatted traceback."""
import sys
import traceback
import types

N = 2500


def entries(error):
    out = []
    tb = error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        op = code.co_code[tb.tb_lasti] if tb.tb_lasti >= 0 else None
        out.append((code.co_name, tb.tb_lineno - code.co_firstlineno, tb.tb_lasti, op,
                    tb.tb_frame.f_lasti))
        tb = tb.tb_next
    return out


def show(title, function, *args):
    try:
        function(*args)
    except BaseException as error:
        print(title, type(error).__name__)
        for entry in entries(error):
            print('   ', entry)
    else:
        print(title, 'no error')


class Truth:
    def __bool__(self):
        raise ValueError('truth')


class Compared:
    def __init__(self, fail=False):
        self.fail = fail

    def __lt__(self, other):
        if self.fail:
            raise KeyError('compare')
        return Truth()


class Holder:
    __slots__ = ('x',)


class Items:
    def __iter__(self):
        return self

    def __next__(self):
        raise LookupError('next')


def plain():
    x = 1
    raise RuntimeError('plain')


def caller():
    y = 2
    return plain() + y


def truth_test(a, b):
    if a < b:
        return 1
    return 2


def attribute(o):
    return o.missing


def store_attribute(o):
    o.other = 1


def iterate(it):
    for x in it:
        pass


def second_load(flag):
    a = 1
    if flag:
        b = 2
    return a + b


def store_then_load(flag):
    if flag:
        b = 2
    a = 1; c = b
    return a + c


def generator():
    yield 1
    raise OSError('in generator')


def consume():
    total = 0
    for value in generator():
        total += value
    return total


def delegate():
    yield from generator()


def delegating():
    return list(delegate())


def thrown_before_start():
    g = generator()
    g.throw(EOFError('thrown'))


def thrown_at_yield():
    g = generator()
    next(g)
    g.throw(EOFError('thrown'))


class Manager:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        raise IndexError('exit')


def with_exit():
    with Manager():
        x = 1


def finally_reraise():
    try:
        raise NameError('finally')
    finally:
        x = 2


def hot_raise(n):
    total = 0
    for k in range(n):
        total += k
        if k == n - 1:
            total += [][k]
    return total


def hot_caught(n):
    seen = set()
    for k in range(n):
        try:
            if k % 7 == 0:
                raise TypeError(k)
            total = {}[k]
        except (TypeError, KeyError) as error:
            seen.add(tuple(entries(error)))
    return sorted(seen)


def hot_truth(n):
    seen = set()
    a, b = Compared(), Compared()
    for k in range(n):
        try:
            if a < b:
                pass
        except ValueError as error:
            seen.add(tuple(entries(error)))
    return sorted(seen)


def made_entry():
    tb = types.TracebackType(None, sys._getframe(), 4, 7)
    return tb.tb_lasti, tb.tb_lineno, tb.tb_frame is sys._getframe()


show('plain', caller)
show('truth test', truth_test, Compared(), Compared())
show('comparison', truth_test, Compared(True), Compared())
show('attribute', attribute, Holder())
show('store attribute', store_attribute, Holder())
show('iterate', iterate, Items())
show('second load', second_load, False)
show('store then load', store_then_load, False)
show('generator', consume)
show('delegating', delegating)
show('thrown before start', thrown_before_start)
show('thrown at yield', thrown_at_yield)
show('with exit', with_exit)
show('finally', finally_reraise)
show('hot raise', hot_raise, N)
print('hot caught', hot_caught(N))
print('hot truth', hot_truth(N))
for _ in range(N):
    try:
        truth_test(Compared(), Compared())
    except ValueError:
        pass
show('truth test, hot function', truth_test, Compared(), Compared())
for _ in range(N):
    try:
        finally_reraise()
    except NameError:
        pass
show('finally, hot function', finally_reraise)
for _ in range(N):
    try:
        second_load(False)
    except UnboundLocalError:
        pass
show('second load, hot function', second_load, False)
print('made entry', made_entry())
try:
    caller()
except RuntimeError:
    print(traceback.format_exc())
try:
    truth_test(Compared(), Compared())
except ValueError:
    print([(frame.f_code.co_name, line) for frame, line in traceback.walk_tb(sys.exc_info()[2])])
    traceback.print_exc(file=sys.stdout)
