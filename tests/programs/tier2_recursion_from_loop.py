"""Recursion entered from the tier-1 loop, no hot loop around it: a function's calls of itself run
its compiled body (on PyPy too where the body reads no attribute), and what the program sees
stays 3.8's: exceptions escaping mid-recursion and caught at other levels, frames read from the
bottom (f_back, f_lineno, f_locals), the recursion limit's error at 3.8's depth, a trace
function switched on and off mid-recursion."""
import traceback
from sys import _getframe, getrecursionlimit, setrecursionlimit, settrace


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def describe(frame):
    shown = []
    while frame is not None and len(shown) < 16:
        names = frame.f_locals
        shown.append('%s@%d n=%s' % (frame.f_code.co_name, frame.f_lineno, names.get('n')))
        frame = frame.f_back
    return shown


def down(n, stop, seen):
    seen[0] = n
    if n == stop:
        raise LookupError(n)
    if n == 0:
        if stop == -2:
            seen[1] = describe(_getframe())
        return 0
    if n % 10 == 5:
        return caught(n, stop, seen)
    return down(n - 1, stop, seen) + 1


def caught(n, stop, seen):
    try:
        return down(n - 1, stop, seen) + 1
    except LookupError as exc:
        if n - exc.args[0] > 7:
            raise
        return 1000 + n


EVENTS = []


def tracer(frame, event, arg):
    EVENTS.append('%s %s@%d' % (event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def traced(n, on, off):
    if n == on:
        settrace(tracer)
    if n == off:
        settrace(None)
    if n == 0:
        return 0
    return traced(n - 1, on, off) + n


def main():
    total = printed = 0
    for k in range(1, 400):
        total += fib(k % 12) + traced(k % 9, -1, -1)
        seen = [None, None]
        try:
            total += down(k % 30, (k * 7) % 40 - 5, seen)
        except LookupError as exc:
            total += 10000 * exc.args[0] + seen[0]
            printed += 1
            if printed % 40 == 1:
                print(k, ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)), end='')
    print('total', total)

    seen = [None, None]
    print('frames', down(12, -2, seen), seen[1])

    print('traced', traced(12, 8, 3))
    print(len(EVENTS), EVENTS[:12], EVENTS[-6:])

    limit = getrecursionlimit()
    setrecursionlimit(90)
    seen = [None, None]
    try:
        down(500, -1, seen)
    except RecursionError as exc:
        print('limit', exc, seen[0])
    finally:
        setrecursionlimit(limit)
    print('after', fib(15), down(40, 33, [None, None]))


main()
