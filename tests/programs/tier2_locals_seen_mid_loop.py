"""Hot loops (traced by tier 2) whose locals are looked at, or changed, from outside the loop's
own code while it runs: through sys._getframe(1).f_locals in a function the loop calls, in an
operator method and in a user iterator being unpacked, through locals() in the loop, through a
traceback's frame after an exception raised mid-loop, by a tracer switched on mid-loop (which
reads and writes f_locals: 3.8 copies a tracer's writes back into the frame), through a
generator suspended mid-loop, and after a `del` of a local mid-loop (UnboundLocalError).
Each must see the values 3.8 has at that moment, whether the loop keeps them elsewhere or not."""
import sys

N = 4000
AT = 3000


def peek(names):
    """The caller's locals named `names`, read through its frame."""
    caller = sys._getframe(1).f_locals
    return tuple(caller.get(name, '<unbound>') for name in names)


def called_reads_caller():
    seen = []
    total = 0
    for i in range(N):
        a, b = i, i * 2
        total += a + b
        if i % 1000 == 999:
            seen.append(peek(('i', 'a', 'b', 'total')))
    return total, seen


def locals_in_loop():
    seen = []
    last = None
    for i in range(N):
        x = i * 3
        y = x - i
        if i in (17, AT, N - 1):
            snapshot = locals()
            seen.append(sorted((k, v) for k, v in snapshot.items() if k not in ('seen', 'snapshot')))
        last = y
    return last, seen


class Loud:
    """A number whose `+` reads its caller's locals (an operator can run user code)."""

    def __init__(self, value):
        self.value = value

    def __add__(self, other):
        seen = sys._getframe(1).f_locals
        if seen.get('k') == AT:
            print('  __add__ sees k=%r acc=%r' % (seen['k'], seen['acc']))
        return self.value + other


def operator_reads_caller():
    acc = 0
    loud = Loud(1)
    for k in range(N):
        acc = (loud if k == AT else 1) + acc
    return acc


class Pair:
    """An iterable of two items whose iteration reads the unpacking frame's locals."""

    def __iter__(self):
        seen = sys._getframe(1).f_locals
        print('  iter sees j=%r p=%r q=%r' % (seen['j'], seen.get('p'), seen.get('q')))
        yield 7
        yield 8


def unpack_reads_caller():
    pair = Pair()
    total = 0
    for j in range(N):
        p, q = (j, j + 1) if j != AT else pair
        total += p * q
    return total


def raises_mid_loop():
    total = 0
    for i in range(N):
        d = AT - i
        q = i // 7
        total += 1000 // d
    return total


def traceback_sees():
    try:
        raises_mid_loop()
    except ZeroDivisionError as exc:
        frame = exc.__traceback__.tb_next.tb_frame
        print('  traceback frame %s: %s' % (frame.f_code.co_name, sorted(frame.f_locals.items())))


events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == 'traced_mid_loop' and event == 'line' and len(events) < 6:
        events.append((frame.f_lineno - traced_mid_loop.__code__.co_firstlineno,
                       frame.f_locals.get('i'), frame.f_locals.get('s')))
        if frame.f_locals.get('s') is not None and len(events) == 3:
            frame.f_locals['s'] = -1000000   # reaches the frame when the tracer returns (3.8)
    return tracer


def switch_on():
    sys._getframe(1).f_trace = tracer   # (the loop's frame began untraced: no 'call' event)
    sys.settrace(tracer)


def traced_mid_loop():
    s = 0
    for i in range(N):
        s += i
        if i == AT:
            switch_on()
        if len(events) >= 6:
            sys.settrace(None)
    return s


def generator_mid_loop():
    total = 0
    for i in range(N):
        total += i
        if i == AT:
            yield total


def deleted_mid_loop():
    total = 0
    for i in range(N):
        w = i + 1
        total += w
        if i == AT:
            del w
            return total + w
    return total


def main():
    total, seen = called_reads_caller()
    print('called function reads caller:', total, seen)
    last, seen = locals_in_loop()
    print('locals() in the loop:', last)
    for row in seen:
        print('  ', row)
    print('operator method reads caller:')
    print('  ', operator_reads_caller())
    print('unpacked iterator reads caller:')
    print('  ', unpack_reads_caller())
    print('exception mid-loop:')
    traceback_sees()
    s = traced_mid_loop()
    sys.settrace(None)
    print('tracer switched on mid-loop:', s)
    for row in events:
        print('  ', row)
    gen = generator_mid_loop()
    print('generator suspended mid-loop:', next(gen), sorted(gen.gi_frame.f_locals.items()))
    gen.close()
    try:
        deleted_mid_loop()
    except UnboundLocalError as exc:
        print('del mid-loop:', exc)


main()
