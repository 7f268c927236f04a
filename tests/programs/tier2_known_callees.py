"""Calls of a global that is a plain VM function when their code is compiled (`fib(n - 1)`).

Compiled code guards such a call on that function and its code, and runs the function's body
with no other test. Attacked here: the global rebound mid-loop and mid-recursion (to another VM
function, a builtin, a class, a closure, a generator function, a function of two parameters),
the function's __code__ and __defaults__ replaced, the global deleted, the recursion limit
reached through guarded calls, settrace switched on mid-recursion, the callee's frame kept
(sys._getframe) and its caller's line read, and an exception raised in the callee, with its
traceback."""
import sys
import traceback


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def step(v):
    return v * 3 % 7


def loop(n):
    total = 0
    for v in range(n):
        total += step(v)
    return total


print('fib', fib(18), fib(18))
print('loop', loop(5000), loop(5000))


# 1. the global rebound mid-loop
def other(v):
    return -v


def gen(v):
    yield v


def rebind_loop(n):
    global step
    total = 0
    saved = step
    for v in range(n):
        if v == n // 4:
            step = other
        elif v == n // 3:
            step = abs
        elif v == n // 2:
            step = int
        elif v == 2 * n // 3:
            step = (lambda k: lambda v: v + k)(5)
        elif v == 3 * n // 4:
            step = saved
        total += step(v)
    return total


print('rebound loop', rebind_loop(6000), rebind_loop(6000))


def two(a, b):
    return a + b


def rebound_wrongly(replacement):
    global step
    saved = step
    step = replacement
    try:
        print(loop(10))
    except TypeError as exc:
        print('TypeError:', exc)
    finally:
        step = saved


rebound_wrongly(two)
rebound_wrongly(gen)
rebound_wrongly(lambda v, w=2: v * w)


# 2. rebound mid-recursion
calls = [0]


def down(n):
    global down
    if n == 0:
        return 0
    calls[0] += 1
    if calls[0] == 3000:
        down = down_other
    return 1 + down(n - 1)


def down_other(n):
    return 100 if n == 0 else 2 + down_other(n - 1)


first_down = down
print('down', [first_down(25) for _ in range(200)][-12:])


# 3. __code__ and __defaults__ replaced mid-loop
def mul(v):
    return v * 2


def add_one(v):
    return v + 1


def with_default(v, w=3):
    return v + w


def code_loop(n):
    total = 0
    for v in range(n):
        if v == n // 2:
            mul.__code__ = add_one.__code__
        total += mul(v)
    return total


print('code replaced', code_loop(6000))
mul.__code__ = with_default.__code__
try:
    code_loop(6000)
except TypeError as exc:
    print('TypeError:', exc)
mul.__defaults__ = (10,)
print('defaults given', code_loop(6000))


# 4. the global deleted mid-loop
def vanish(v):
    return v


def gone_loop(n):
    global vanish
    total = 0
    for v in range(n):
        if v == n - 5:
            del vanish
        total += vanish(v)
    return total


try:
    gone_loop(5000)
except NameError:
    traceback.print_exc()


# 5. the recursion limit reached through guarded calls
reached = [0]


def deep(n, stop):
    reached[0] = n
    return deep(n + 1, stop) if n - stop else n   # (no comparison: 3.8 counts its C level)


print('deep', sum(deep(0, 20) for _ in range(300)))
try:
    deep(0, 10 ** 6)
except RecursionError as exc:
    print('RecursionError:', exc, reached[0])
    traceback.print_exc(limit=-4)


# 7. the callee's frame kept, its caller's line read
kept = []


def where(v):
    if v % 1000 == 0:
        kept.append(sys._getframe())
    return sys._getframe(1).f_lineno, sys._getframe(1).f_lasti, sys._getframe(1).f_code.co_name


def two_lines(v):
    first = where(v)
    return first, where(v + 1)


def lines_loop(n):
    seen = set()
    for v in range(n):
        seen.add(where(v))
        if v % 2:
            seen.add(where(-v))
        seen.update(two_lines(v))
    return sorted(seen)


print('lines', lines_loop(5000), [frame.f_locals for frame in kept][-3:])


# 8. an exception raised in the callee
def fails(v):
    if v == 4000:
        raise ValueError(v)
    return v


def fails_loop(n):
    total = 0
    for v in range(n):
        total += fails(v)
    return total


try:
    fails_loop(5000)
except ValueError:
    traceback.print_exc()


# 9. keyword calls and defaults laid out by the call site: another closure of the same code,
# __defaults__ and __kwdefaults__ replaced or changed in place, defaults removed, a function
# with cells
def make_adder(k):
    def add(x, y=0, *, scale=1):
        return (x + y + k) * scale
    return add


adder = make_adder(3)


def with_defaults(a, b=2, c=3):
    return a * b + c


def with_cells(a, b=1):
    return (lambda: a + b)()


def kw_loop(n):
    global adder
    total = 0
    for v in range(n):
        if v == n // 2:
            adder = make_adder(7)
        elif v == 2 * n // 3:
            with_defaults.__defaults__ = (5, 6)
        elif v == 3 * n // 4:
            adder.__kwdefaults__['scale'] = 4
        elif v == 4 * n // 5:
            adder.__defaults__ = (100,)
        total += adder(v, y=1, scale=2) + adder(v, scale=3) + adder(v) + with_defaults(v)
        total += with_defaults(v, c=1) + with_defaults(b=v, a=1) + with_cells(v) + with_cells(b=v, a=2)
    return total


print('kw', kw_loop(6000))
with_defaults.__defaults__ = None
try:
    kw_loop(100)
except TypeError as exc:
    print('TypeError:', exc)


# 11. method calls (the function LOAD_METHOD finds) and callees held in locals: the method
# rebound on the class, shadowed by an instance attribute, a subclass's instance, a method
# with defaults, a staticmethod put in its place; a local callee changed between calls
class Counter:
    def __init__(self):
        self.total = 0

    def add(self, value, scale=1):
        self.total += value * scale
        return self


class Doubled(Counter):
    def add(self, value, scale=2):
        self.total += value * scale
        return self


def double_add(self, value, scale=1):
    self.total += 2 * value * scale
    return self


shadow = Counter()


def method_loop(n, counter):
    for v in range(n):
        if v == n // 3:
            Counter.add = double_add
        elif v == n // 2:
            counter.add = lambda value, scale=1: shadow
        elif v == 2 * n // 3:
            del counter.add
            counter = Doubled()
        elif v == 3 * n // 4:
            Doubled.add = staticmethod(lambda value, scale=5: shadow)
        counter.add(v).add(v, 3)
    return counter.total, shadow.total


original_add, doubled_add = Counter.add, Doubled.add
print('methods', method_loop(6000, Counter()))
Counter.add, Doubled.add = original_add, doubled_add
print('methods again', method_loop(6000, Counter()))


def local_loop(n, callee):
    total = 0
    for v in range(n):
        total += callee(v)
    return total


print('locals', local_loop(5000, step), local_loop(5000, other), local_loop(5000, abs), local_loop(5000, mul))


# 10. settrace switched on mid-recursion (last: the module frame goes on in the traced loop)
events = []
switch = [False]


def tracer(frame, event, arg):
    if frame.f_code.co_name == 'traced_fib':
        events.append((event, frame.f_lineno))
    return tracer


def traced_fib(n):
    if n == 3 and switch[0]:
        switch[0] = False
        sys.settrace(tracer)
    return n if n < 2 else traced_fib(n - 1) + traced_fib(n - 2)


print('traced', [traced_fib(15) for _ in range(5)])
switch[0] = True
print('traced', traced_fib(12))
sys.settrace(None)
print(len(events), events[:12], events[-6:])
