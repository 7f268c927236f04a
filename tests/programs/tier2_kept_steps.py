"""Chains of VM generators (a generator looping over another) resumed by hot compiled code: at tier 2
a generator keeps the step that resumed it last, and the consumer's compiled code calls it
directly, the step checking that the frame is still suspended where it resumes from. Everything
3.8 shows must stay when something else resumes a generator of the chain in between (host
next(), a send, a loop's resumption to another yield), when a chain is closed or thrown into
midway, when its state is read from inside (gi_running, gi_frame.f_lineno, f_locals, f_back),
when a trace function is set mid-chain, when StopIteration or an exception leaves a chain
(PEP 479, tracebacks through every frame), when the generator function is rebound, and near
the recursion limit."""
import sys
import traceback

N = 3000


def show_error(label, error):
    print(label, type(error).__name__, error)
    for entry in traceback.extract_tb(error.__traceback__):   # (the file's name differs for a .pyc)
        print('   ', entry.name, entry.lineno, entry.line)


def numbers(n):
    for i in range(n):
        yield i


def evens(source):
    for value in source:
        if value % 2 == 0:
            yield value


def squares(source):
    for value in source:
        yield value * value


def total_of(gen):
    total = 0
    for value in gen:
        total += value
    return total


# 1. a chain of three, then the same chain's generators taken by hand midway
print('chain', total_of(squares(evens(numbers(N)))))
inner = numbers(N)
middle = evens(inner)
outer = squares(middle)
first = 0
for value in outer:
    first += value
    if value > 1000:
        break
print('first part', first, next(inner), next(middle), next(outer))   # (host next() between)
print('rest', total_of(outer), inner.gi_frame, middle.gi_frame)


# 2. a generator whose yields alternate (two resume points), resumed by compiled code and by
# host next() in turns: the kept step must not run from the other yield
def alternating(n):
    for i in range(n):
        yield i
        yield -i - 1


def every_other(gen, n):
    out = []
    for k in range(n):
        for value in gen:
            out.append(value)
            break
        out.append(next(gen))
    return out


seen = every_other(alternating(N), N // 2)
print('alternating', len(seen), sum(seen), seen[:6], seen[-4:])


# a step kept from the loop's yield while the generator suspends at another one (a rarer yield in
# the loop, the yields after it)
def mixed(n):
    for i in range(n):
        if i % 100 == 99:
            yield -i
        else:
            yield i
    yield 1000000
    yield 2000000


print('mixed', total_of(mixed(N)), total_of(squares(mixed(N))))


# 3. values sent in between: the frame goes on from the yield with what send() gave it
def accumulate(source):
    total = 0
    for value in source:
        got = yield total + value
        if got is not None:
            total += got


acc = accumulate(numbers(N))
sums = []
index = 0
for value in acc:
    sums.append(value)
    index += 1
    if index % 500 == 0:
        sums.append(acc.send(1000))
print('sent', len(sums), sum(sums), sums[498:503])


# 4. closed and thrown into midway: finally blocks and the chain's state after
def guarded(source, log):
    try:
        for value in source:
            yield value
    finally:
        log.append('closed at %s' % value)


log = []
middle = guarded(numbers(N), log)
outer = squares(middle)
part = 0
for value in outer:
    part += value
    if value >= 2500 ** 2:
        break
outer.close()
print('closed', part, log, outer.gi_frame, middle.gi_frame is not None)
middle.close()
print('closed inner', log, middle.gi_frame)

log = []
middle = guarded(numbers(N), log)
outer = squares(middle)
for value in outer:
    if value >= 1000 ** 2:
        break
try:
    middle.throw(KeyError('midway'))
except KeyError as error:
    show_error('thrown', error)
print('after throw', log, middle.gi_frame, next(outer, 'outer done'))


# 5. the chain's state seen from inside, mid-chain, after many compiled resumptions
class Probe:
    def __init__(self, gens):
        self.gens = gens
        self.seen = []

    def __eq__(self, other):
        if other == 2800:
            for gen in self.gens:
                frame = gen.gi_frame
                # (the line of a running one is not shown: gi_frame.f_lineno of a generator
                # running a comparison is the `for`'s in the VM, at every tier, 3.8's the `if`'s)
                self.seen.append((gen.gi_running, None if gen.gi_running else frame.f_lineno,
                                  sorted(frame.f_locals), frame.f_back.f_code.co_name if frame.f_back else None))
            caller = sys._getframe(1)
            self.seen.append((caller.f_code.co_name, caller.f_lineno, caller.f_back.f_code.co_name))
        return False

    __hash__ = None


def watched(source, probe):
    for value in source:
        if probe == value:
            yield -1
        yield value


probe = Probe([])
inner = numbers(N)
middle = watched(inner, probe)
outer = squares(middle)
probe.gens = [inner, middle, outer]
print('watched', total_of(outer))
for entry in probe.seen:
    print('   ', entry)


# 6. an exception in the innermost generator after many items: the traceback through the chain
def failing(n, at):
    for i in range(n):
        if i == at:
            raise ValueError('failed at %d' % i)
        yield i


try:
    total_of(squares(evens(failing(N, 2900))))
except ValueError as error:
    show_error('failing', error)


# 7. StopIteration inside a chain: PEP 479's RuntimeError, its cause
def stopping(source, at):
    for value in source:
        if value == at:
            raise StopIteration('stopped')
        yield value


try:
    total_of(squares(stopping(numbers(N), 2700)))
except RuntimeError as error:
    show_error('pep 479', error)
    print('cause', repr(error.__cause__))


# 8. the generator function rebound between chains: the new one runs
def numbers_again(n):
    for i in range(n):
        yield i


print('before rebinding', total_of(squares(numbers_again(N))))


def numbers_again(n):
    for i in range(n):
        yield i + 1


print('after rebinding', total_of(squares(numbers_again(N))))


# 9. a generator re-entered from inside its own resumption: ValueError
class Reenter:
    def __init__(self):
        self.gen = None
        self.errors = []

    def __eq__(self, other):
        if other == 2500:
            try:
                next(self.gen)
            except ValueError as error:
                self.errors.append(str(error))
        return False

    __hash__ = None


reenter = Reenter()
reenter.gen = watched(numbers(N), reenter)
print('reentered', total_of(squares(reenter.gen)), reenter.errors)


# 10. a chain deeper than the recursion limit: RecursionError, the chain finished where it came
# (how deep exactly differs: 3.8 counts some C recursion too, the VM does not)
def passing(source):
    for value in source:
        yield value


def nested(depth, n):
    gen = numbers(n)
    for _ in range(depth):
        gen = passing(gen)
    return gen


sys.setrecursionlimit(60)
for depth in (20, 80):
    gen = nested(depth, 300)
    try:
        print('deep', depth, total_of(gen))
    except RecursionError as error:
        print('deep', depth, type(error).__name__, gen.gi_frame is None, next(gen, 'finished'))
sys.setrecursionlimit(1000)
print('deep again', total_of(nested(80, 300)))


# 10b. `yield from` in a chain: the delegated-to generator's kept step called by the delegator's
# step; values sent through it, a throw() into it midway, its return value
def doubled(source):
    got = None
    for value in source:
        got = yield value * 2, got


def relay(source):
    result = yield from doubled(source)
    yield 'relayed %s' % result


def relayed(n):
    out = []
    gen = relay(numbers(n))
    for value in gen:
        out.append(value)
        if len(out) % 700 == 0:
            out.append(gen.send(-len(out)))
    return out


items = relayed(N)
print('relay', len(items), items[697:703], items[-2:])
def top(source):
    yield from relay(source)


gen = top(range(N))   # (sent by host code: the loop's `yield from` runs relay's step, values sent)
out = [next(gen)]
k = 0
while True:
    k += 1
    try:
        out.append(gen.send(k if k % 3 == 0 else None))
    except StopIteration:
        break
print('sent through', len(out), sum(x[1] for x in out if type(x) is tuple and x[1]), out[:8], out[-2:])
gen = relay(numbers(N))
count = 0
for value in gen:
    count += 1
    if count == 2000:
        break
try:
    gen.throw(IndexError('into the delegate'))
except IndexError as error:
    show_error('relay thrown', error)
print('relay after', gen.gi_frame, gen.gi_yieldfrom)


# 11. a trace function set mid-chain by the innermost generator's callee: every later event
# of every generator in the chain reported
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('numbers_traced', 'evens', 'squares'):
        events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def switch(i):
    if i == 2990:
        sys.settrace(tracer)


def numbers_traced(n):
    for i in range(n):
        switch(i)
        yield i


print('traced', total_of(squares(evens(numbers_traced(N)))))
sys.settrace(None)
print('events', len(events), events[:12], events[-6:])


# 12. coroutines keep their steps too: an awaited coroutine's kept step called by its awaiter's
# step (the driver's send() running the outer one), with two await points in turns (the kept
# step no longer fitting every other time), values sent through the chain, a throw() midway,
# the chain's state read from inside, and a trace function set mid-chain
class Tick:
    def __init__(self, label):
        self.label = label

    def __await__(self):
        got = yield self.label
        return got


async def ticker(n):
    total = 0
    for i in range(n):
        got = await Tick(i)
        if got is not None:
            total += got
        if i % 3 == 0:
            total += await Tick(-i) or 0
        if i == n // 2:
            watch_chain(i)
        total += 1   # (the loop's way round not a conditional jump: see bench/FINDINGS, s16gen)
    return total


async def awaiting_relay(n):
    return await ticker(n)


def watch_chain(i):
    here = sys._getframe(1)
    outer, inner = chain
    print('inside', i, here.f_code.co_name, here.f_lineno, here.f_back.f_code.co_name, here.f_back.f_lineno,
          outer.cr_running, outer.cr_await, type(inner).__name__, inner.cr_running, inner.cr_frame is here,
          outer.cr_frame.f_lineno, sorted(here.f_locals.items()))


def drive(coro, answer):
    items = []
    value = None
    try:
        while True:
            item = coro.send(value)
            if len(chain) == 1:   # (the coroutine it awaits, seen while suspended)
                chain.append(coro.cr_await)
            items.append(item)
            value = answer(item)
    except StopIteration as stop:
        return items, stop.value


chain = [awaiting_relay(N)]
items, result = drive(chain[0], lambda item: item * 2 if item % 5 else None)
print('coroutine chain', len(items), sum(items), items[:7], items[-3:], result)
chain = [awaiting_relay(N)]
items, result = drive(chain[0], lambda item: None)
print('coroutine chain, nothing sent', len(items), sum(items), result)


async def guarded(n):
    caught = []
    for i in range(n):
        try:
            await Tick(i)
        except ValueError as error:
            caught.append((i, str(error)))
    return caught


async def guarded_relay(n):
    return await guarded(n)


coro = guarded_relay(N)
seen = 0
try:
    while True:
        item = coro.send(None)
        seen += 1
        if seen in (1000, 2000):
            item = coro.throw(ValueError('midway %d' % seen))
            seen += 1
except StopIteration as stop:
    print('guarded', seen, stop.value)

coro_events = []


def coro_tracer(frame, event, arg):
    if frame.f_code.co_name in ('traced_ticker', 'relay_traced', '__await__'):
        coro_events.append((event, frame.f_code.co_name, frame.f_lineno))
    return coro_tracer


async def traced_ticker(n):
    total = 0
    for i in range(n):
        if i == n - 4:
            sys.settrace(coro_tracer)
        total += await Tick(i) or 0
    return total


async def relay_traced(n):
    return await traced_ticker(n)


items, result = drive(relay_traced(N), lambda item: 1)
sys.settrace(None)
print('coroutines traced', len(items), result, len(coro_events), coro_events[:8], coro_events[-5:])
