"""Tracing switched on and off again, many times, at module level and in functions.

Once no trace or profile function is left, the frames the instrumented loop took over go back
to the loop they came from at the next instruction (and hot loops are compiled again); what the
program sees stays 3.8's: the events while tracing, none after, f_lineno, f_lasti, frames kept
across the switch (a suspended generator, a `with` block, a `try`), exceptions raised at once,
the recursion limit, tracing turned off by the trace function itself.
"""
import sys

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('traced_part', 'gen', 'inner'):
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


def traced_part(k):
    a = k
    b = a + 1
    return b


def hot(n, trace_at=-1):
    s = 0
    for i in range(n):
        s += i * i % 7
        if i == trace_at:
            sys.settrace(tracer)
            traced_part(i)
            sys.settrace(None)
    return s


def where():
    caller = sys._getframe(1)
    return caller.f_code.co_name, caller.f_lineno, caller.f_lasti


def gen(n):
    for k in range(n):
        yield k * 2


class Block:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        print('exit', exc[0].__name__ if exc[0] else None, where())
        return True


def across_the_switch():
    g = gen(6)
    sys.settrace(tracer)
    first = next(g)
    with Block():
        sys.settrace(None)
        print('in with', where())
        second = next(g)
        raise KeyError('after the switch')
    try:
        sys.settrace(tracer)
        third = next(g)
        sys.settrace(None)
        1 / 0
    except ZeroDivisionError as e:
        print('caught', e, where(), e.__traceback__.tb_lineno)
    print(first, second, third, list(g))


def turned_off_by_the_trace_function():
    def once(frame, event, arg):
        if frame.f_code.co_name == 'inner':
            events.append(('inner', event, frame.f_lineno))
            if event == 'line' and frame.f_lineno == inner.__code__.co_firstlineno + 2:
                sys.settrace(None)
        return once

    def inner():
        x = 1
        y = x + 1
        z = y + 1
        return z
    sys.settrace(once)
    print('inner', inner(), where())
    print('after', hot(3000), where())


def recursion_after_tracing(n):
    if n == 0:
        return 0
    return 1 + recursion_after_tracing(n - 1)


def profiled():
    calls = []
    sys.setprofile(lambda frame, event, arg: calls.append((event, frame.f_code.co_name)))
    traced_part(1)
    sys.setprofile(None)
    print('profiled', [c for c in calls if c[1] == 'traced_part'], where())


print(hot(5000), hot(5000, 2500), hot(5000), where())
x = 0
for k in range(3000):
    sys.settrace(tracer)
    x += traced_part(k)
    sys.settrace(None)
    x += traced_part(k)
print(x, where(), len(events))
events.clear()
across_the_switch()
turned_off_by_the_trace_function()
profiled()
sys.settrace(tracer)
sys.settrace(None)
print(recursion_after_tracing(sys.getrecursionlimit() - 50))
try:
    recursion_after_tracing(sys.getrecursionlimit())
except RecursionError as e:
    print('RecursionError', e)
total = 0
for k in range(20000):
    total += k % 13
print(total, where())
for event in events:
    print(event)
