"""Builtins draining VM generators, called from hot compiled code: at tier 2 a trace's (or a
body's, or a step's) call of set(g), tuple(g), sum(g), ''.join(g)... runs the generator's drain
step, the whole drain in one host call whose yields offer their items to the builtin's drain
(vm/tier2_generators.py's drain_call). Everything 3.8 shows must stay: the items and their
order, where a drain stops taking items and the builtin goes on by itself, exceptions raised
inside the generator mid-drain and their tracebacks, PEP 479, the generator's frame and state
seen from inside (gi_running, f_lineno, f_back, sys._getframe), re-entrant next()/close()/
throw() from inside, a generator suspended in an except block, yields in try/finally, a rebound
builtin, and a trace function set in the middle of a drain."""
import sys
import traceback

N = 400


def report(label, thunk):
    try:
        result = thunk()
    except Exception as error:
        result = '%s: %s' % (type(error).__name__, error)
    print(label, '->', result if isinstance(result, (int, str)) else repr(result)[:300])


def tb_lines():
    return [line.rstrip() for line in traceback.format_exc().splitlines() if 'File' in line or 'Error' in line]


# 1. nqueens' shape: set(genexpr) and tuple(genexpr) in a hot loop, the genexprs' cells read
def queens_like(n):
    count = 0
    cols = range(6)
    for k in range(n):
        vec = tuple((k * 7 + c * 3) % 6 for c in cols)
        if len(set(vec[i] + i for i in cols)) == len(set(vec[i] - i for i in cols)):
            count += 1
        count += sum(v for v in vec) + max(v * 2 for v in vec) - min(-v for v in vec)
        count += len(''.join(str(v) for v in vec)) + any(v > 4 for v in vec) + all(v >= 0 for v in vec)
        count += len(dict((v, c) for c, v in enumerate(vec))) + len(sorted(v for v in vec)) + len(list(vec[c] for c in cols))
    return count


report('queens_like', lambda: queens_like(N))


# 1b. how deep a call can go from inside a drained generator (its frame two levels below the
# caller's: 3.8's call of the builtin is a recursion level of its own)
def probe_depth(k):
    try:
        return probe_depth(k + 1)
    except RecursionError:
        return k


def depths(n):
    seen = set()
    for k in range(n):
        seen.add(sum(probe_depth(0) if k % 50 == 0 or k == n - 1 else 0 for _ in range(1)))
    return sorted(seen)


print('depths', depths(N), sys._getframe().f_lineno)


# 2. an exception raised inside the genexpr in the middle of a drain, after many hot drains
def divide_all(rows):
    out = []
    for row in rows:
        out.append(sum(100 // x for x in row))
    return out


rows = [[1, 2, 3, 4]] * N + [[1, 2, 0, 4]] + [[5]]
try:
    divide_all(rows)
except ZeroDivisionError:
    for line in tb_lines():
        print(line)


# 3. PEP 479: StopIteration raised inside a drained genexpr becomes RuntimeError
def stop_inside(rows):
    total = 0
    for row in rows:
        total += len(tuple(next(iter(x)) for x in row))
    return total


try:
    stop_inside([[[1], [2]]] * N + [[[1], []]])
except RuntimeError as error:
    print('PEP 479:', type(error).__name__, error, type(error.__cause__).__name__)
    for line in tb_lines():
        print(line)


# 4. the generator's frame and state seen from inside, mid-drain
seen = []


def look(gen_box, value):
    gen = gen_box[0]
    frame = sys._getframe(1)
    if value == 2:
        seen.append((gen.gi_running, gen.gi_frame is frame, frame.f_lineno, frame.f_code.co_name,
                     frame.f_back.f_code.co_name, frame.f_back.f_lineno,
                     sys._getframe(2).f_code.co_name))
    return value


def observed(n):
    total = 0
    for k in range(n):
        box = []
        gen = (look(box, v) for v in range(4))
        box.append(gen)
        total += sum(gen)
        if k == n - 1:
            print('after drain:', gen.gi_running, gen.gi_frame)
    return total


print('observed', observed(N), seen[0], seen[-1], len(set(seen)))


# 5. re-entrant next(), close() and throw() from inside a drained generator
def reentrant(n, how):
    results = []
    for k in range(n):
        box = []

        def poke(v):
            if k == n - 1 and v == 1:
                gen = box[0]
                try:
                    if how == 'next':
                        next(gen)
                    elif how == 'close':
                        gen.close()
                    else:
                        gen.throw(KeyError('thrown'))
                except ValueError as error:
                    results.append('inner %s' % error)
            return v

        gen = (poke(v) for v in range(3))
        box.append(gen)
        results.append(len(list(gen)))
    return results[-3:]


for how in ('next', 'close', 'throw'):
    report('reentrant ' + how, lambda: reentrant(N, how))


# 6. a generator function with try/finally around its yields, drained hot; one raising mid-way
log = []


def guarded(items, fail):
    try:
        for item in items:
            if item == fail:
                raise LookupError('fail at %r' % (item,))
            yield item * 2
    finally:
        log.append('finally %r' % (fail,))


def run_guarded(n):
    total = 0
    for k in range(n):
        try:
            total += sum(guarded(range(5), 3 if k == n - 1 else -1))
        except LookupError as error:
            log.append('caught %s' % error)
            for line in tb_lines():
                print(line)
    return total


print('guarded', run_guarded(N), len(log), log[-3:])


# 7. a generator suspended in an except block, and one delegating with `yield from`, drained hot
def in_handler(n):
    for k in range(n):
        try:
            raise KeyError(k)
        except KeyError:
            yield k
            yield sys.exc_info()[0].__name__


def delegating(n):
    yield from range(n)
    yield 'end'


def run_blocks(n):
    out = []
    for k in range(n):
        out.append(len(tuple(in_handler(3))) + len(list(delegating(k % 5))))
        out.append(tuple(x for x in in_handler(2)))
    return out[-4:], sys.exc_info()


print('blocks', run_blocks(N))


# 8. items the drain does not take: the builtin goes on by itself from there
class Key:
    def __init__(self, v):
        self.v = v

    def __hash__(self):
        print('hash', self.v, sys._getframe(1).f_code.co_name)
        return hash(self.v)

    def __eq__(self, other):
        return isinstance(other, Key) and other.v == self.v

    def __repr__(self):
        return 'Key(%r)' % (self.v,)


def handed(n):
    out = None
    for k in range(n):
        items = [1, 2, 3, Key(k) if k == n - 1 else 4, 5]
        out = set(x for x in items), sum(x for x in ([1, 2.5, 10 ** 400] if k == n - 1 else [1, 2.5, 3]))
    return out


report('handed', lambda: handed(N))
report('unhashable', lambda: [len(set(x for x in ([1, [2]] if k == N - 1 else [1, 2]))) for k in range(N)][-1])


# 9. any()/all() stop early; the generator goes on later from where it stopped
def early(n):
    rest = None
    for k in range(n):
        gen = (v for v in range(10))
        found = any(v > 5 for v in gen) if False else any(v > 5 for v in (w for w in gen))
        rest = (found, list(gen))
    gen = (v for v in range(10))
    print('any', any(v == 3 for v in [0]), any(gen), list(gen))
    return rest


report('early', lambda: early(N))


# 10. set rebound to a program function in the middle of the loop
def rebinding(n):
    global set
    sizes = []
    for k in range(n):
        if k == n - 2:
            def set(iterable):
                items = list(iterable)
                print('program set', items)
                return frozenset(items)
        sizes.append(len(set(x % 3 for x in range(k % 7))))
    del set
    return sizes[-3:]


report('rebinding', lambda: rebinding(N))


# 11. a trace function set inside a drained generator, in the middle of a drain
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name in ('<genexpr>', 'switch_on', 'traced_loop'):
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


def switch_on(v, k, n):
    if k == n - 1 and v == 1:
        sys.settrace(tracer)
    return v


def traced_loop(n):
    total = 0
    for k in range(n):
        total += sum(switch_on(v, k, n) for v in range(3))
    sys.settrace(None)
    return total


print('traced', traced_loop(N))
for event in events:
    print('   ', event)


# 12. deep recursion through drains: the RecursionError where 3.8 raises it
def nested(depth):
    return sum(nested(depth - 1) for _ in range(1)) + 1 if depth else 0


def recurse(n):
    for k in range(n):
        nested(5)
    try:
        nested(10000)
    except RecursionError as error:
        return 'RecursionError: %s' % error


report('recurse', lambda: recurse(N))

