"""Hot call sites whose callee changes kind from one iteration to the next. A tier-2 trace writes
a call's body with its branches meeting again (the host-call tail after the tests of the
callee's kind written once, a VM function's fast way skipping it): every way of CALL_FUNCTION,
CALL_METHOD, CALL_FUNCTION_KW and CALL_FUNCTION_EX taken in turn at one site, the value and
the stack after each, exceptions from each way (tracebacks, the caller's line), objects freed
as soon as in 3.8 (a weak reference after gc.collect()), a callee that sets a trace
function, and the caller's frame as the callee sees it. Then `and` / `or` values, whose two ways
meet again after them too."""
import functools
import gc
import sys
import traceback
import weakref


def plain(a):
    return a + 1


def with_default(a, b=10):
    return a * b


def gen(a):
    yield a
    yield -a


class Box:
    def __init__(self, a):
        self.a = a

    def method(self, a):
        return self.a - a

    @staticmethod
    def static(a):
        return a * 3

    @classmethod
    def klass(cls, a):
        return cls.__name__, a

    def __repr__(self):
        return 'Box(%r)' % (self.a,)


def result_of(value):
    if type(value).__name__ == 'generator':
        return list(value)
    return value


# 1. one CALL_FUNCTION site, callees of every kind in turn
def kinds(n):
    box = Box(7)
    callees = [plain, with_default, gen, Box, abs, box.method, Box.static, Box.klass,
               functools.partial(with_default, b=2), str, type, hex]
    out = []
    for i in range(n):
        callee = callees[i % len(callees)]
        value = callee(i)
        out.append(result_of(value) if i % 97 == 0 or i < 24 else 0)
    return [repr(v) if isinstance(v, (Box, type)) else v for v in out if v != 0]


print('kinds', kinds(3000))


# 2. one CALL_METHOD site: a method, a function in the instance's dict, a static method, a
# builtin's method, a bound method stored as an attribute
class Holder:
    def __init__(self):
        self.items = []

    def add(self, a):
        self.items.append(a)
        return len(self.items)


def methods(n):
    holder = Holder()
    other = Holder()
    other.add = lambda a: -a
    third = Holder()
    third.add = holder.add
    objects = [holder, other, third, [], Box(1)]
    total = 0
    for i in range(n):
        obj = objects[i % len(objects)]
        if type(obj) is list:
            obj.append(i)
            total += len(obj)
        elif type(obj) is Box:
            total += obj.method(i) + obj.static(i)
        else:
            total += obj.add(i)
    return total, len(holder.items), len(objects[3])


print('methods', methods(3000))


# 3. keywords and star-arguments at sites whose callee changes kind
def keywords(n):
    klass = Box.klass
    callees = [with_default, functools.partial(with_default), klass, dict]
    out = 0
    seen = []
    for i in range(n):
        callee = callees[i % len(callees)]
        if callee is dict:
            value = callee(b=i, a=i)
        elif callee is klass:
            value = callee(a=i)
        else:
            value = callee(i, b=3)
        args = (i,) if i % 2 else (i, 5)
        other = with_default(*args) if i % 3 else plain(*args[:1])
        if type(value) is int:
            out += value + other
        elif i < 12:
            seen.append(value)
    return out, seen


print('keywords', keywords(3000))


# 4. exceptions raised on each way of the call, caught in the loop, and one not caught
def failing(a):
    if a % 5 == 0:
        raise ValueError('vm %d' % a)
    return a


def raising(n):
    callees = [failing, int, Box(2).method, functools.partial(failing)]
    caught = []
    for i in range(n):
        callee = callees[i % len(callees)]
        try:
            callee('x' if callee is int and i % 10 == 1 else i) if callee is not failing else callee(i)
        except (ValueError, TypeError) as error:
            if len(caught) < 10:
                caught.append((i, type(error).__name__, str(error),
                               error.__traceback__.tb_lineno, error.__traceback__.tb_next is not None))
    return caught


print('raising', raising(2000))


def uncaught(n):
    callees = [plain, abs, failing]
    total = 0
    for i in range(n):
        total += callees[i % 3](i + 1)
    return total


try:
    uncaught(3000)
except ValueError:
    traceback.print_exc(file=sys.stdout)


# 5. temporaries freed when 3.8 frees them: an argument of each kind of call, unreachable
# once the call is over (gc.collect(), a host call, finds it gone: on every host), unless the
# callee kept it
class Loud:
    def __init__(self, n):
        self.n = n


def take(x):
    return x.n


def lifetimes(n):
    keeper = Holder()
    callees = [take, lambda x, y=1: x.n + y, id, keeper.add]
    marks = []
    collect = gc.collect   # (a plain call of a builtin: no call's leftovers of its own)
    for i in range(n):
        obj = Loud(i)
        ref = weakref.ref(obj)
        callee = callees[i % len(callees)]
        value = callee(obj)
        obj = None
        if i < 12 or i % 250 < 4:
            collect()
            marks.append((i, ref() is not None, value if callee is not id else 'id'))
    return marks, len(keeper.items)


print('lifetimes', lifetimes(2000))


# 6. the caller's frame seen from callees of each kind (its line and its locals)
def where(tag):
    caller = sys._getframe(1)
    return tag, caller.f_lineno, sorted(k for k in caller.f_locals if len(k) == 1)


def frames(n):
    callees = [where, lambda tag: where(tag), Box.klass]   # (not a host partial: PyPy's has a frame)
    out = []
    for i in range(n):
        f = callees[i % 3]
        value = f(i)
        if i % 400 < 3:
            out.append(value)
    return out


print('frames', frames(2000))


# 7. a trace function set by a callee reached on the host-call way, in the middle of a hot loop
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('traced_loop', 'plain') and len(events) < 16:
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


def switch_on(a):
    sys.settrace(tracer)
    return a


def traced_loop(n):
    callees = [plain, abs, functools.partial(switch_on)]
    total = 0
    for i in range(n):
        callee = callees[0] if i != n - 5 else callees[2]
        total += callee(i)
        total += callees[1](-i)
    return total


print('traced', traced_loop(3000))
sys.settrace(None)
print('events', events)


# 8. `and` / `or` values, whose ways meet again after them (the code after written once): in a
# loop and in hot functions compiled whole, chained, as call arguments (values on the stack
# across the meeting point), a __bool__ that raises or counts, and a local bound on one way
class Flag:
    calls = 0

    def __init__(self, n):
        self.n = n

    def __bool__(self):
        Flag.calls += 1
        if self.n == 1999:
            raise RuntimeError('bool of %d' % self.n)
        return self.n % 3 != 0


def pick(a, b, c):
    first = a and b
    second = b or c
    third = a and b and c or -1
    return first, second, third, (a or b) and (c or a)


def values(n):
    total = []
    flags = 0
    for i in range(n):
        x = i % 4 and i % 6 or i % 5
        w = i % 3 and i % 5
        v = i % 7 or -i
        y = max(i % 2 or 7, i % 3 and 9, (i % 11 or 0) and i)
        flag = Flag(i)
        try:
            z = flag and 'yes' or 'no'
        except RuntimeError as error:
            z = str(error)
        if i % 5 and (bound := i):
            flags += bound
        total.append((x, y, z, w, v, pick(i % 3, i % 4, i % 5)))
    return total[:6], total[-3:], flags, Flag.calls


print('values', values(2000))
