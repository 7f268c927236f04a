"""VM generators and coroutines suspended inside `try` and `with` blocks, resumed by hot compiled
loops: at tier 2 their compiled steps yield with the block stack open (vm/tier2.py's _yield,
vm/tier2_generators.py's delegate) instead of leaving the yield to the loop. What 3.8 shows
must stay: finally blocks and __exit__ run once, in order, when the generator finishes, is
closed (GeneratorExit inside the block), is thrown into, or is dropped mid-way; an exception
raised inside the block after many items unwinds through the handlers and its traceback shows
both frames; the handled exception of a yield inside an except block travels with the
generator; return inside try/finally; yields inside a finally block; nested blocks; and
`yield from`/`await` inside a `with` block."""
import gc
import sys
import traceback

N = 3000


def show_error(label, error):
    print(label, type(error).__name__, error)
    for entry in traceback.extract_tb(error.__traceback__):   # (the file's name differs for a .pyc)
        print('   ', entry.name, entry.lineno, entry.line)


class Resource:
    """A context manager that logs its enter and exit, and what it saw leave its block."""

    def __init__(self, name, log, swallow=False):
        self.name = name
        self.log = log
        self.swallow = swallow

    def __enter__(self):
        self.log.append('enter ' + self.name)
        return self

    def __exit__(self, kind, value, tb):
        self.log.append('exit %s %s' % (self.name, kind.__name__ if kind else None))
        return self.swallow


def total_of(gen):
    total = 0
    for value in gen:
        total += value
    return total


# 1. a yield inside try/finally on every iteration: the finally runs after each resumption
def guarded(n, log):
    for i in range(n):
        try:
            yield i * 2
        finally:
            if i % 1000 == 0:
                log.append('finally %d' % i)


log = []
print('guarded', total_of(guarded(N, log)), log)


# 2. a with block around the whole loop: __exit__ once, at the end
def managed(n, log):
    with Resource('managed', log):
        for i in range(n):
            yield i + 1


log = []
print('managed', total_of(managed(N, log)), log)


# 3. nested blocks: try/finally inside with inside try/except, every level open at the yield
def nested(n, log):
    try:
        with Resource('outer', log):
            for i in range(n):
                try:
                    yield i
                finally:
                    pass
    except ValueError:
        log.append('never')
    finally:
        log.append('nested done')


log = []
print('nested', total_of(nested(N, log)), log)


# 4. an exception inside the block after many items: unwound through __exit__ and finally,
# its traceback through the consumer and the generator
def failing(n, at, log):
    with Resource('failing', log):
        try:
            for i in range(n):
                if i == at:
                    raise KeyError(i)
                yield i
        finally:
            log.append('failing finally')


def consume_failing(n, at, log):
    seen = 0
    for value in failing(n, at, log):
        seen += 1
    return seen


log = []
try:
    consume_failing(N, 2500, log)
except KeyError as error:
    show_error('failing:', error)
print('log', log)


# 5. an exception the block handles: the generator goes on yielding after it
def recovering(n):
    for i in range(n):
        try:
            if i % 500 == 499:
                raise ValueError(i)
            yield i
        except ValueError as error:
            yield -error.args[0]


print('recovering', total_of(recovering(N)))


# 6. a __exit__ that swallows the exception: the generator returns normally after it
def swallowed(n, log):
    with Resource('swallow', log, swallow=True):
        for i in range(n):
            if i == n - 1:
                raise IndexError(i)
            yield i
    log.append('after with')


log = []
print('swallowed', total_of(swallowed(N, log)), log)


# 7. abandoned mid-way inside the blocks: close() raises GeneratorExit at the yield, the
# finally and __exit__ see it; a dropped generator is closed the same way
def take(gen, count):
    taken = 0
    for value in gen:
        taken += 1
        if taken == count:
            break
    return taken


def cleaned(n, log):
    with Resource('cleaned', log):
        try:
            for i in range(n):
                yield i
        except GeneratorExit:
            log.append('generator exit at %d' % i)
            raise
        finally:
            log.append('cleaned finally')


log = []
gen = cleaned(N, log)
print('taken', take(gen, 2500), 'line', gen.gi_frame.f_lineno, 'lasti', gen.gi_frame.f_lasti)
gen.close()
print('closed', log, gen.gi_frame)
log = []
print('dropped', take(cleaned(N, log), 2000))
gc.collect()
print('log', log)


# 8. throw() into a generator suspended inside a try: handled there, the loop goes on
def catching(n, log):
    i = 0
    while i < n:
        try:
            yield i
        except RuntimeError as error:
            log.append('caught %s at %d' % (error, i))
        i += 1


log = []
gen = catching(N, log)
print('taken', take(gen, 2000))
print('thrown', gen.throw(RuntimeError('boom')), 'next', next(gen))
print('rest', total_of(gen), log)


# 9. return inside try/finally: the finally runs, the value reaches `yield from`
def returning(n, log):
    try:
        for i in range(n):
            yield i
        return 'returned %d' % n
    finally:
        log.append('returning finally')


def delegating(n, log):
    with Resource('delegating', log):
        result = yield from returning(n, log)
    yield result


log = []
items = list(delegating(N, log))
count = 0
for value in delegating(N, log):
    count += 1
print('delegating', len(items), items[-1], count, value, log)


# 10. yields inside a finally block entered normally, and inside an except block (the handled
# exception is seen by the consumer as 3.8 shows it: not at all)
def in_finally(n):
    for i in range(n):
        try:
            pass
        finally:
            yield i


def in_except(n):
    for i in range(n):
        try:
            raise LookupError(i)
        except LookupError:
            yield i


def consume_in_except(n):
    total = 0
    outside = []
    for value in in_except(n):
        total += value
        if value % 1000 == 0:
            outside.append(sys.exc_info()[0])
    return total, outside


print('in finally', total_of(in_finally(N)), 'in except', consume_in_except(N))


# 11. coroutines awaiting inside a with block, recursively, driven by send()
class Tick:
    def __await__(self):
        yield 'tick'


async def leaf(n, log):
    with Resource('leaf', log):
        if n % 100 == 0:
            await Tick()
        return n


async def walk(n, log):
    total = 0
    try:
        for i in range(n):
            total += await leaf(i, log)
    finally:
        log.append('walk finally')
    return total


def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None)
            ticks += 1
    except StopIteration as stop:
        return stop.value, ticks


log = []
print('walk', run(walk(N, log)), len(log), log[:4], log[-3:])


# 12. the delegated-to generator or coroutine raises inside the delegating one's blocks: the
# except and __exit__ of the delegating frame see it, after many items went through
def source(n, at):
    for i in range(n):
        if i == at:
            raise ArithmeticError('at %d' % i)
        yield i


def relaying(n, at, log):
    with Resource('relaying', log):
        try:
            yield from source(n, at)
        except ArithmeticError as error:
            log.append('relaying caught %s' % error)
            yield -1


log = []
print('relaying', total_of(relaying(N, 2500, log)), log)


async def failing_leaf(i):
    if i == 2900:
        raise OverflowError(i)
    return i


async def guarded_walk(n, log):
    total = 0
    with Resource('guarded walk', log):
        for i in range(n):
            total += await failing_leaf(i)
    return total


log = []
try:
    run(guarded_walk(N, log))
except OverflowError as error:
    show_error('guarded walk:', error)
print('log', log)
