"""VM generators resumed by compiled code from resume points reached only a few times: the loop
resumes them until a point has been resumed from often enough for its step to be built
(vm/tier2_generators.py STEP_RESUMPTIONS), then the step does. Each resumption, by the loop or
by a step, must look as 3.8's: the generator's frame and its f_back, f_lineno and f_locals read
inside it, gi_running, exceptions from the first resumptions and their tracebacks, values sent,
close() and throw() between resumptions, a trace function set mid-way."""
import sys
import traceback


def staged(n, log):
    # a few one-off resume points, then a hot one
    yield 'start'
    frame = sys._getframe()
    log.append(('stage', frame.f_lineno, frame.f_back.f_code.co_name, sorted(frame.f_locals)))
    yield 'middle'
    yield 'late'
    for i in range(n):
        yield i


def consume(n, log):
    total = 0
    count = 0
    for item in staged(n, log):
        if type(item) is int:
            total += item
        count += 1
    return total, count


def failing(n, at):
    yield 0
    yield 1
    for i in range(n):
        if i == at:
            raise ValueError('failing at %d' % i)
        yield i


def consume_failing(n, at):
    got = 0
    try:
        for item in failing(n, at):
            got += item
    except ValueError as exc:
        return got, str(exc), [(entry.name, entry.lineno) for entry in traceback.extract_tb(exc.__traceback__)]
    return got, None, []


def running_state(holder):
    yield holder[0].gi_running
    yield holder[0].gi_frame.f_lineno
    for i in range(40):
        yield i


def consume_running():
    holder = []
    gen = running_state(holder)
    holder.append(gen)
    seen = []
    for item in gen:
        seen.append(item)
    return seen[:3], len(seen)


def closed_early(log):
    try:
        yield 1
        yield 2
        yield 3
    finally:
        log.append('closed')


def consume_then_close(log):
    gen = closed_early(log)
    first = 0
    for item in gen:
        first += item
        if item == 2:
            break
    gen.close()
    return first


log = []
results = [consume(60, log) for _ in range(30)]
print(results[0], results[-1], len(log), log[0], log[-1])
print([consume_failing(50, k) for k in (0, 3, 20)])
for _ in range(20):
    consume_failing(50, 30)
print(consume_failing(50, 10))
print([consume_running() for _ in range(3)])
closing = []
print(sum(consume_then_close(closing) for _ in range(40)), closing.count('closed'))

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == 'staged' and event in ('call', 'return', 'exception'):
        events.append((event, frame.f_lineno))
    return tracer


sys.settrace(tracer)
traced = consume(5, [])
sys.settrace(None)
print(traced, events[:6], len(events))
print(consume(60, []))
