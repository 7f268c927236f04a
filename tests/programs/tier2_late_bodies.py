"""Functions the loop has called often before any loop around them is compiled, then called from
compiled code: on PyPy their bodies are compiled only then (the loop's counts compile only bodies it
may run), mid-loop; elsewhere the loop's counts compiled them already. What the program sees stays
3.8's: instances of a class made again and of a subclass, an attribute turned float and one
deleted under the body, an exception out of the body caught in the loop and its traceback, the
caller's f_locals and f_lineno read from the body, a trace function switched on mid-loop."""
import sys
import traceback


def make_point():
    class Point:
        def __init__(self, x, y):
            self.x = x
            self.y = y

        def norm1(self):
            return abs(self.x) + abs(self.y)
    return Point


def weigh(p, k):
    if p.x == -7:
        raise ValueError('bad point %d' % k)
    return p.norm1() * k + getattr(p, 'z', 0)


def peek(p):
    caller = sys._getframe(1)
    return '%s %d %s' % (caller.f_code.co_name, caller.f_lineno, sorted(caller.f_locals)[:3])


calls = []


def tracer(frame, event, arg):
    if event == 'call':
        calls.append(frame.f_code.co_name)
    return None


def warm(Point, n):
    total = 0
    i = 0
    while i < n:   # (short loops' runs: the loop's calls only, nothing compiled around them)
        total += weigh(Point(i, -i), 1)
        i += 1
    return total


def long_run(Point, items, seen):
    total = 0
    for k in items:   # (one long run: compiled in it, its calls then compiled code's)
        p = Point(k % 13 - 6, k % 5) if k % 7 else Sub(k, 1)
        if k == 3000:
            p.x = 0.5
        if k == 3100:
            p.z = 2
            del p.z
        if k == 3200:
            p.x = -7
        if k == 3300:
            seen.append(peek(p))
        if k == 3400:
            sys.settrace(tracer)
        try:
            total += weigh(p, k % 3)
        except ValueError as exc:
            seen.append('%s at %s' % (exc, traceback.extract_tb(exc.__traceback__)[-1][2]))
    sys.settrace(None)
    return total


Point = make_point()


class Sub(Point):
    def norm1(self):
        return 2 * (self.x + self.y)


for round_ in range(3):
    print(sum(warm(Point, 150) for _ in range(8)))
    seen = []
    print(long_run(Point, range(5000), seen))
    print(seen, len(calls), sorted(set(calls)))
    calls.clear()
    Point = make_point()   # (a class made again: the next round's instances)
