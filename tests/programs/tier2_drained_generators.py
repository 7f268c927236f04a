"""Generators drained by builtins (sum, set, tuple, any, ...) whose own loops are hot: at tier 2
the generator's loop is a trace whose yield hands each item to the builtin's drain and goes on
(vm/tier2_generators.py). Everything 3.8 shows must stay: where a drain stops taking items and
the builtin goes on by itself (program __add__/__hash__/__bool__, overflow, mixed types), where
an exception leaves the generator and its traceback, PEP 479, the value the yield receives, the
generator's state seen from inside and after, the same generator resumed by host code, by a
`for` and by `yield from`, and a trace function set in the middle of a drain."""
import inspect
import itertools
import sys
import traceback

log = []


class Loud:
    """An item whose arithmetic, hash, equality and truth are program code that logs."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return 'Loud(%r)' % (self.value,)

    def __mul__(self, other):
        log.append('mul %r' % (self.value,))
        return Loud(self.value * other)

    def __add__(self, other):
        log.append('add %r + %r' % (self.value, other))
        return Loud(self.value + (other.value if isinstance(other, Loud) else other))

    __radd__ = __add__

    def __hash__(self):
        log.append('hash %r' % (self.value,))
        return hash(self.value)

    def __eq__(self, other):
        log.append('eq %r' % (self.value,))
        return isinstance(other, Loud) and other.value == self.value

    def __bool__(self):
        log.append('bool %r' % (self.value,))
        return bool(self.value)


def show(label, thunk):
    del log[:]
    try:
        result = thunk()
    except Exception as error:
        result = '%s: %s' % (type(error).__name__, error)
    print(label, '->', result if isinstance(result, (int, str)) else repr(result)[:200])
    for line in log[:8]:
        print('   ', line)


# 1. sum: the same genexpr code drained again and again, its items changing kind on the way
def doubled(items):
    return sum(x * 2 for x in items)


for _ in range(3):
    show('ints', lambda: doubled(range(600)))
show('floats', lambda: doubled([0.25] * 500))
show('int then float', lambda: doubled(list(range(400)) + [0.5] + list(range(100))))
show('overflow', lambda: doubled([0.5] * 400 + [10 ** 400] + [1] * 10))
show('big ints', lambda: doubled([10 ** 400] * 300 + [3]))
show('program add', lambda: doubled(list(range(350)) + [Loud(7)] + list(range(5))))

# 2. set, frozenset, dict: a key whose hash is program code in the middle
def keyed(items):
    return set(x for x in items)


show('set', lambda: len(keyed(range(700))))
show('set loud', lambda: sorted(map(repr, keyed(list(range(400)) + [Loud(3), Loud(3)] + [1, 2])))[-3:])
show('frozenset', lambda: len(frozenset(x % 50 for x in range(600))))
show('dict pairs', lambda: len(dict((x, x * x) for x in range(600))))
show('dict loud key', lambda: len(dict((x, x) if x != 450 else (Loud(1), x) for x in range(600))))

# 3. collectors: tuple, list, sorted, str.join
show('tuple', lambda: sum(tuple(x * 3 for x in range(800))))
show('list', lambda: list(x for x in range(500))[-3:])
show('sorted', lambda: sorted((x * 37 % 101 for x in range(900)), reverse=True)[:4])
show('join', lambda: len(','.join(str(x) for x in range(700))))

# 4. min and max: numbers, strings, then a mixture raising where 3.8 raises
show('max', lambda: max(x * 7 % 1009 for x in range(1500)))
show('min floats', lambda: min(1.0 / (x + 1) for x in range(900)))
show('max strs', lambda: max(str(x) for x in range(600)))
show('max mixed', lambda: max(x if x != 620 else 'str' for x in range(800)))
show('min default', lambda: min((x for x in range(600) if x > 10 ** 6), default='none'))


# 5. any / all stop in the middle: the generator stays suspended there, then host code, a
#    `for` and another drain resume it (its trace, built while drained, must leave each to them)
def flags(n, limit):
    for i in range(n):
        log.append(i) if i > limit - 2 else None
        yield i >= limit and i != 1500


g = flags(2000, 700)
show('any stops', lambda: any(g))
print('state', inspect.getgeneratorstate(g), g.gi_frame.f_lineno, g.gi_frame.f_locals['i'])
show('host next', lambda: list(itertools.islice(g, 3)))
for value in g:
    if value:
        break
print('for resumed', g.gi_frame.f_locals['i'])
show('all after', lambda: all(g))
print('state', inspect.getgeneratorstate(g), g.gi_frame.f_locals['i'])
show('drained rest', lambda: len(list(g)))
print('state', inspect.getgeneratorstate(g), g.gi_frame)
show('all stops', lambda: all(x < 900 for x in range(2000)))
show('any loud', lambda: any(x if x != 500 else Loud(0) for x in [0] * 800))


# 6. exceptions leaving the drained generator; PEP 479
def inverted(items):
    return tuple(1 / x for x in items)


show('no zero', lambda: len(inverted(range(1, 900))))
try:
    inverted(list(range(1, 600)) + [0] + [1])
except ZeroDivisionError as error:
    print('traceback', [(entry.name, entry.lineno) for entry in traceback.extract_tb(error.__traceback__)])


def stops(n):
    for i in range(n):
        if i == 480:
            raise StopIteration('inside')
        yield i


show('pep 479', lambda: sum(stops(1000)))
try:
    list(stops(900))
except RuntimeError as error:
    print('cause', repr(error.__cause__), 'context', repr(error.__context__))


# 7. the value a yield receives from a drain is None
def echo(n):
    received = []
    for i in range(n):
        got = yield i
        received.append(got)
    log.append('received %d, all None: %s' % (len(received), all(x is None for x in received)))


show('echo', lambda: sum(echo(900)))


# 8. the generator seen from inside, mid-drain
def peek(x, gen_holder):
    if x == 450:
        frame = sys._getframe(1)
        gen = gen_holder[0]
        print('inside', frame.f_code.co_name, frame.f_lineno, sorted(frame.f_locals)[1:],
              frame.f_locals['x'], gen.gi_running, inspect.getgeneratorstate(gen), frame is gen.gi_frame)
    return x


holder = []
gen = (peek(x, holder) for x in range(700))
holder.append(gen)
show('peek', lambda: sum(gen))


# 9. a trace function set and cleared in the middle of a drain, by the generator's own code
#    (a host call in the loop the trace runs)
events = []


def tracer(frame, event, arg):
    events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def traced_drain(n):
    return sum((sys.settrace(tracer) or x) if x == 520 else (sys.settrace(None) or x) if x == 524 else x
               for x in range(n))


show('traced', lambda: traced_drain(900))
for event in events:
    print('   ', event)
del events[:]


# 10. the same code drained, then iterated by a `for`, then delegated to with `yield from`
def plus_one(items):
    return (x + 1 for x in items)


def outer(n):
    yield from plus_one(range(n))
    yield -1


total = 0
for value in plus_one(range(600)):
    total += value
print('for', total, sum(plus_one(range(600))), sum(outer(700)), max(outer(650)))


# 11. a loop with try/finally around its yield, and nested drains
def guarded(n):
    for i in range(n):
        try:
            yield i
        finally:
            log.append('finally %d' % i) if i % 300 == 0 else None


show('guarded', lambda: sum(guarded(700)))
show('guarded stops', lambda: any(i > 350 for i in guarded(700)))
show('nested', lambda: sum(sum(j for j in range(i)) for i in range(300)))
