"""Loops whose back edge is an `if` comparison's false branch (COMPARE_OP then a backward
POP_JUMP_IF_FALSE, fused and counted at tier 2): the comparison's dunders, exceptions from it
and from its truth value, frames and lines seen from inside it, settrace on mid-loop, and
traces entered from that back edge; everything must stay 3.8's."""
import sys
import traceback


def count_below(items, limit):
    c = 0
    for x in items:
        if x < limit:
            c += 1
    return c


def while_tail(n):
    k = t = 0
    while True:
        k += 1
        t += k
        if k < n:
            continue
        break
    return t


print('count', count_below(range(3000), 1234), count_below([5, 1, 9, 3] * 400, 4))
print('while', while_tail(3000))
print('listcomp', len([x for x in range(3000) if x % 7 < 3]))
print('genexpr', sum(x for x in range(3000) if x > 2990))


class Key:
    """Compared by its dunders: VM code run from the fused comparison."""
    calls = 0

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        Key.calls += 1
        if self.value == 2500:
            raise ValueError('compare %d' % self.value)
        return self.value < other

    def __eq__(self, other):
        return Verdict(self.value % 5 == 0)

    __hash__ = object.__hash__


class Verdict:
    """A comparison's result whose truth value runs VM code (and can raise)."""

    def __init__(self, flag):
        self.flag = flag

    def __bool__(self):
        if self.flag is None:
            raise RuntimeError('no verdict')
        frame = sys._getframe(1)
        lines.append(frame.f_lineno)
        return self.flag


lines = []
keys = [Key(v) for v in range(3000)]
try:
    count_below(keys, 2800)
except ValueError:
    kind, exc, tb = sys.exc_info()
    print('raised', exc, [entry[2] for entry in traceback.extract_tb(tb)], [entry[1] for entry in traceback.extract_tb(tb)])
print('lt calls', Key.calls)


def count_equal(items):
    c = 0
    for x in items:
        if x == 0:
            c += 1
    return c


print('eq', count_equal(keys[:1000]), sorted(set(lines)))
bad = keys[:600] + [Key(None)]
Key.__eq__ = lambda self, other: Verdict(None if self.value is None else False)
try:
    count_equal(bad)
except RuntimeError as exc:
    print('bool raised', exc, exc.__traceback__.tb_next.tb_lineno)


# the locals of the looping frame, read from a comparison mid-loop
def watched(n):
    seen = []
    total = 0
    for i in range(n):
        total += i
        if Probe(i, seen) < 0:
            total -= 1
    return total, seen


class Probe:
    def __init__(self, i, seen):
        self.i = i
        self.seen = seen

    def __lt__(self, other):
        if self.i in (1500, 2999):
            caller = sys._getframe(1)
            self.seen.append((caller.f_code.co_name, caller.f_lineno, caller.f_locals['total']))
        return self.i % 1000 == 0


print('watched', watched(3000))


# settrace switched on in the middle of a hot loop whose back edge is the comparison's
def traced_loop(n):
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == 'traced_loop' and event == 'line' and len(events) < 6:
            events.append(frame.f_lineno)
        return tracer

    c = 0
    for i in range(n):
        if i == n - 4:
            sys.settrace(tracer)
            sys._getframe().f_trace = tracer
        if i % 3 < 2:
            c += 1
    sys.settrace(None)
    return c, events


print('traced', traced_loop(3000))
# and the same loop again, hot after tracing is off
print('again', traced_loop(3000)[0], count_below(range(3000), 17))
