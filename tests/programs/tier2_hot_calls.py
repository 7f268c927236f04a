"""Hot functions called from loops and from each other (tier 2 runs them as compiled bodies once
they have been called a thousand times): what they do after that must stay 3.8's."""
import sys
import traceback


# 1. an exception raised in the middle of a hot callee two calls deep: caught by the loop's
# caller, its traceback and the locals of each of its frames
def inner(x, k):
    if k == 2500:
        return x // (k - k)
    return x + k % 7


def middle(x, k):
    y = inner(x, k) * 2
    return y - 1


def loop_until_failure(n):
    total = 0
    for k in range(n):
        total += middle(k, k)
    return total


try:
    loop_until_failure(3000)
except ZeroDivisionError:
    kind, exc, tb = sys.exc_info()
    print('raised in a hot callee:', kind.__name__, exc)
    for entry in traceback.extract_tb(tb):
        print('  line', entry.lineno, entry.name, entry.line)
    tb = tb.tb_next
    while tb is not None:
        print('  locals of', tb.tb_frame.f_code.co_name, sorted(tb.tb_frame.f_locals.items()))
        tb = tb.tb_next


# 2. handled inside the callee, and one handled by the caller with chaining set in the callee
def checked(k):
    try:
        if k % 1000 == 999:
            raise KeyError(k)
        return k
    except KeyError:
        return -1


def chained(k):
    try:
        return {}[k]
    except KeyError:
        if k % 700 == 0:
            raise ValueError('no %d' % k)
        return 0


def handled(n):
    total = errors = 0
    for k in range(1, n):
        total += checked(k)
        try:
            total += chained(k)
        except ValueError as error:
            errors += 1
            last = (str(error), type(error.__context__).__name__, error.__context__.args)
    return total, errors, last


print('handled', handled(3000))


# 3. recursion: a hot recursive function, then one past the recursion limit
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def down(n):
    return 1 + down(n - 1) if n else 0   # (no comparison: 3.8 names one in its message)


print('fib', [fib(k) for k in range(18)])
limit = sys.getrecursionlimit()
sys.setrecursionlimit(120)
depths = []
for k in range(0, 300, 7):
    try:
        depths.append(down(k))
    except RecursionError as error:
        depths.append((k, str(error), len(traceback.extract_tb(error.__traceback__))))
sys.setrecursionlimit(limit)
print('down', depths[:10], depths[-3:])


# 4. the called function rebound, its __code__ replaced and a method replaced on the class,
# all while hot
def scale(v):
    return v * 2


def scale_more(v):
    return v * 3


def offset(v):
    return v + 1


class Point:
    def __init__(self, x):
        self.x = x

    def moved(self, d):
        return self.x + d


def rebinding(n):
    global scale
    p = Point(5)
    out = []
    for k in range(n):
        out.append(scale(k) + offset(k) + p.moved(k))
        if k == 1500:
            scale = scale_more
        if k == 2000:
            offset.__code__ = scale_more.__code__
        if k == 2500:
            Point.moved = lambda self, d: -d
    return sum(out), out[1499:1502], out[1999:2002], out[2499:2502]


print('rebinding', rebinding(3000))


# 5. the caller's frame seen from a hot callee: f_locals, f_lineno, f_back, sys._getframe
def peek(k):
    if k % 1000 == 0:
        caller = sys._getframe(1)
        # (not `seen`, which holds these tuples: hosts print such cycles differently)
        shown = sorted((name, value) for name, value in caller.f_locals.items() if name != 'seen')
        return (caller.f_code.co_name, caller.f_lineno, shown,
                sys._getframe(0).f_back is caller, caller.f_back.f_code.co_name)
    return None


def peeking(n):
    seen = []
    total = 0
    for k in range(n):
        total += k
        found = peek(k)
        if found:
            seen.append(found)
    return seen


for entry in peeking(3001):
    print('peek', entry)


# 6. sys.settrace switched on while the callees are hot, and off again
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('traced_add', 'traced_loop'):
        events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def traced_add(a, b):
    c = a + b
    return c


def traced_loop(n):
    total = 0
    for k in range(n):
        if k == 2000:
            sys.settrace(tracer)
        if k == 2002:
            sys.settrace(None)
        total = traced_add(total, k)
    return total


print('traced', traced_loop(2500), events)


# 7. generators: a hot callee that makes one, and a generator suspended in a loop that calls a
# hot callee between its yields
def squares(n):
    for k in range(n):
        yield k * k


def first_two(n):
    it = squares(n)
    return next(it) + next(it) + n


def weigh(v):
    return v * 3 + 1


def weighed(values):
    for v in values:
        yield weigh(v)


def consuming(n):
    total = sum(first_two(k + 2) for k in range(n))
    gen = weighed(range(n))
    part = [next(gen) for _ in range(n // 2)]
    rest = list(gen)
    return total, sum(part), sum(rest), len(rest)


print('generators', consuming(3000))


# 8. at last, an exception from a hot callee that nothing catches: 3.8's report on stderr
def last_step(k):
    if k == 1800:
        raise LookupError('step %d' % k)
    return k


def last_loop(n):
    for k in range(n):
        last_step(k)


last_loop(2000)
