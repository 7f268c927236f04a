"""VM generators iterated by hot `for` loops: at tier 2 the loop's trace takes each item from the
generator's compiled step (vm/tier2_generators.py), the generator's code from where it was
suspended to its next yield run as a call. Everything 3.8 shows must stay: the items and the
order of side effects, an exception raised in the generator after some items and its traceback
through both frames, PEP 479, the generator's state seen from inside (gi_running, gi_frame's
line, f_back) and after (gi_frame, f_lasti when suspended), yields inside try/finally and
except blocks, a generator abandoned mid-way then resumed by next() and closed, one that
returns a value, recursion through nested generators, a trace function set by the generator in
the middle of a loop, and generators whose step changes resume points (several yields)."""
import sys
import traceback

N = 3000


def show_error(label, error):
    print(label, type(error).__name__, error)
    for entry in traceback.extract_tb(error.__traceback__):   # (the file's name differs for a .pyc)
        print('   ', entry.name, entry.lineno, entry.line)


# 1. the plain case: range inside, a `for` outside, several yields per iteration
def numbers(n):
    for i in range(n):
        yield i


def pairs(n):
    for i in range(n):
        yield i
        yield -i


def total_of(gen):
    total = 0
    for value in gen:
        total += value
    return total


print('numbers', total_of(numbers(N)), total_of(pairs(N)))


# 2. filtering generators chained, each the consumer of the next (steps calling steps)
def evens(source):
    for value in source:
        if value % 2 == 0:
            yield value


def scaled(source, k):
    for value in source:
        yield value * k


print('chained', total_of(scaled(evens(numbers(N)), 3)))


# 3. an exception raised in the generator after some items: its traceback through both frames
def failing(n, at):
    for i in range(n):
        if i == at:
            return 1 // (i - i)   # line: ZeroDivisionError
        yield i


def consume_failing(n, at):
    seen = 0
    for value in failing(n, at):
        seen += 1
    return seen


for at in (2500, 2999):
    try:
        consume_failing(N, at)
    except ZeroDivisionError as error:
        show_error('failing at %d:' % at, error)


# 4. PEP 479: StopIteration raised inside the generator becomes RuntimeError
def leaking(n):
    for i in range(n):
        if i == n - 5:
            next(iter(()))
        yield i


try:
    total_of(leaking(N))
except RuntimeError as error:
    print('pep 479:', error, type(error.__cause__).__name__)


# 5. state seen from inside: gi_running, the frame's line and f_back, sys._getframe
def introspective(n):
    me = yield 'started'
    for i in range(n):
        if i == n - 3:
            frame = sys._getframe()
            print('inside: running', me.gi_running, 'line', frame.f_lineno,
                  'back', frame.f_back.f_code.co_name, 'back line', frame.f_back.f_lineno)
        yield i


def drive_introspective():
    gen = introspective(N)
    next(gen)
    gen.send(gen)   # its first item, 0
    count = 0
    for value in gen:
        count += 1
    print('after: frame', gen.gi_frame, 'running', gen.gi_running, 'count', count)


drive_introspective()


# 6. abandoned mid-way (break), then resumed by host next(), then closed: finally blocks run once
def guarded(n, log):
    try:
        for i in range(n):
            yield i
    finally:
        log.append('finally at %d' % i)


def take_some(gen, count):
    taken = 0
    for value in gen:
        taken += 1
        if taken == count:
            break
    return taken


log = []
gen = guarded(N, log)
print('taken', take_some(gen, 2500), 'lasti', gen.gi_frame.f_lasti, 'next', next(gen))
gen.close()
print('log', log, 'frame', gen.gi_frame)


# 7. yields inside an except block: the handled exception travels with the generator
def handling(n):
    for i in range(n):
        try:
            if i % 1000 == 999:
                raise KeyError(i)
        except KeyError:
            yield ('handled', sys.exc_info()[1].args[0])
        else:
            yield i


def consume_handling(n):
    seen = []
    total = 0
    for value in handling(n):
        if type(value) is tuple:
            seen.append((value, sys.exc_info()[0]))
        else:
            total += value
    return total, seen


print('handling', consume_handling(N))


# 8. a generator's return value is dropped by `for`; yield from a stepped generator keeps it
def returning(n):
    for i in range(n):
        yield i
    return 'done %d' % n


def delegating(n):
    result = yield from returning(n)
    yield result


print('returning', total_of(returning(N)), list(delegating(3))[-1])
count = 0
for value in delegating(N):
    count += 1
print('delegated items', count, value)


# 9. recursion: nested generators, each the step of its consumer, past the host's nesting bound
def nested(depth, n):
    if depth == 0:
        for i in range(n):
            yield i
    else:
        for value in nested(depth - 1, n):
            yield value + 1


for depth in (3, 40):
    print('nested', depth, total_of(nested(depth, 100)), total_of(nested(depth, 100)))


def deep(depth):
    for value in deep(depth + 1):
        yield value
    yield depth


try:
    for value in deep(0):
        pass
except RecursionError as error:
    print('deep:', type(error).__name__)


# 10. a trace function set by the generator in the middle of a hot loop, and cleared again
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('switching', 'consume_switching'):
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


def switching(n):
    for i in range(n):
        if i == n - 3:
            sys.settrace(tracer)
        if i == n - 1:
            sys.settrace(None)
        yield i


def consume_switching(n):
    total = 0
    for value in switching(n):
        total += value
    return total


print('switching', consume_switching(N))
for event in events:
    print('   ', event)


# 11. the generator resumed while it runs: ValueError, as 3.8
def reentrant(n):
    for i in range(n):
        if i == n - 2:
            try:
                next(me)
            except ValueError as error:
                print('reentrant:', error)
        yield i


me = reentrant(N)
print('reentrant total', total_of(me))


# 12. different resume points: items from two yields in different places, local state kept
def alternating(n):
    state = 0
    for i in range(n):
        if i % 3:
            state += i
            yield state
        else:
            yield -state
    yield 'end'


count = 0
last = None
for value in alternating(N):
    count += 1
    last = value
print('alternating', count, last, total_of(v for v in alternating(N) if type(v) is int))


# 13. `yield from` inside a step: the sub-generator's own step, its items, its value, an
# exception raised in it after some items, and the delegation seen from outside after a break
def inner(n, fail_at, log):
    try:
        for i in range(n):
            if i == fail_at:
                raise ValueError('inner failed at %d' % i)
            yield i
    finally:
        log.append('inner finally')
    return 'inner done'


def outer(n, fail_at, log):
    for round_ in range(2):
        result = yield from inner(n, fail_at, log)
        log.append(result)


def consume_outer(n, fail_at, stop_at=None):
    log = []
    total = 0
    gen = outer(n, fail_at, log)
    try:
        for value in gen:
            total += value
            if value == stop_at:
                break
    except ValueError as error:
        show_error('outer:', error)
    return total, log, gen


print('delegation', consume_outer(N, None)[:2])
consume_outer(N, 2900)
total, log, gen = consume_outer(N, None, stop_at=2500)
print('stopped', total, log, gen.gi_yieldfrom.__name__, gen.gi_frame.f_lasti)
gen.close()
print('closed', log, gen.gi_yieldfrom, gen.gi_frame)


def plain_inner(n, fail_at):
    for i in range(n):
        if i == fail_at:
            raise ValueError('plain inner failed at %d' % i)
        yield i
    return n


def plain_outer(n, fail_at):
    total = 0
    for round_ in range(3):
        total += yield from plain_inner(n, fail_at)
    yield total


for fail_at in (None, 2990):
    try:
        print('plain delegation', total_of(plain_outer(N, fail_at)))
    except ValueError as error:
        show_error('plain outer:', error)
