"""A hot function, run by tier 2 as a compiled body, turns tracing or profiling on from inside.

3.8 starts reporting at once: the frame that called sys.settrace gets no 'call' event (its
activation began untraced, and its f_trace is None unless set by hand), every later call is
reported, and so is each call the caller makes after the hot function returns. The calls come
from the plain loop (a loop that runs too few times to be traced itself), from a loop's trace,
and through a second compiled body; then the same with sys.setprofile."""
import sys

events = []


def tracer(frame, event, arg):
    events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer if frame.f_code.co_name == 'leaf' else None


def other():
    return 1


def leaf(x):
    y = x * 2
    return y


def switch(x, at):
    if x == at:
        sys.settrace(tracer)
        other()
    elif x == at + 3:
        sys._getframe().f_trace = tracer   # (a local trace function set by hand: its lines)
    y = leaf(x) + 1
    return x


def inner(x, at):
    return switch(x, at) + 1


def main(n, at, f):
    t = 0
    for i in range(n):
        t += f(i, at)
    other()
    sys.settrace(None)
    return t


for n, at, f in ((1530, 1520, switch), (6000, 5500, switch), (6000, 5990, inner), (1500, 1400, inner)):
    events.clear()
    print(main(n, at, f), len(events), events[:12], events[-6:])

calls = []


def profiler(frame, event, arg):
    calls.append((event, frame.f_code.co_name))


def profiled_switch(x):
    if x == 4000:
        sys.setprofile(profiler)
    return leaf(x)


def profiled_main():
    t = 0
    for i in range(4100):
        t += profiled_switch(i)
    sys.setprofile(None)
    return t


print(profiled_main(), len(calls), calls[:6], calls[-4:])
