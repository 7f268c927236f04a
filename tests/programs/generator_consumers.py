"""Builtins consuming VM generators (sum, tuple, list, sorted, set, frozenset, dict, min, max,
any, all, next, str.join, bytes.join), which the VM's loop drains itself: every observable
of 3.8 kept, the order of the program's side effects (the generator's and those of the items'
own __hash__/__eq__/__lt__/__add__/__bool__), where each builtin stops early and where it
raises, tracebacks, the generator's state afterwards, recursion depth, frames and tracing."""
import sys
import traceback

log = []


def noisy(items, name='g'):
    """Yields `items`, logging each yield, its resumption and its end."""
    try:
        for item in items:
            log.append('%s yields %r' % (name, item))
            yield item
            log.append('%s resumed' % name)
        log.append('%s returns' % name)
    finally:
        log.append('%s finally' % name)


def show(label, thunk):
    del log[:]
    try:
        result = thunk()
    except Exception as error:
        result = '%s: %s' % (type(error).__name__, error)
    print(label, '->', repr(result))
    for line in log:
        print('   ', line)


class Key:
    """An item whose hash, equality, ordering, addition and truth are program code that logs."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return 'Key(%r)' % (self.value,)

    def __hash__(self):
        log.append('hash %r' % self.value)
        return hash(self.value)

    def __eq__(self, other):
        log.append('eq %r' % self.value)
        return isinstance(other, Key) and self.value == other.value

    def __lt__(self, other):
        log.append('lt %r' % self.value)
        return self.value < (other.value if isinstance(other, Key) else other)

    def __gt__(self, other):
        log.append('gt %r' % self.value)
        return self.value > (other.value if isinstance(other, Key) else other)

    def __add__(self, other):
        log.append('add %r' % self.value)
        return self.value + (other.value if isinstance(other, Key) else other)

    __radd__ = __add__

    def __bool__(self):
        log.append('bool %r' % self.value)
        return bool(self.value)


class Int(int):
    def __add__(self, other):
        log.append('Int add')
        return int(self) + other

    __radd__ = __add__


# 1. the collectors: every item, in order, then the builtin's work
show('list', lambda: list(noisy([3, 1, 2])))
show('tuple', lambda: tuple(noisy('ab')))
show('sorted', lambda: sorted(noisy([3, 1, 2])))
show('sorted key reverse', lambda: sorted(noisy([3, 1, 2]), key=lambda x: -x, reverse=True))
show('sorted keys logged', lambda: sorted(noisy([Key(2), Key(1)])))
show('sorted bad keyword', lambda: sorted(noisy([1]), bad=1))
show('sorted two arguments', lambda: sorted(noisy([1]), None))
show('join', lambda: '-'.join(noisy(['a', 'b', 'c'])))
show('join bad item', lambda: '-'.join(noisy(['a', 2, 'c'])))
show('bytes join', lambda: b'.'.join(noisy([b'x', b'y'])))
show('list of empty', lambda: list(noisy([])))
show('tuple keyword', lambda: tuple(noisy([1]), x=1))

# 2. sets and dicts: inert keys are taken, program hashes run where 3.8 runs them
show('set', lambda: sorted(set(noisy([3, 1, 3, (1, 'a'), None]))))
show('frozenset', lambda: sorted(frozenset(noisy([2, 1, 2]))))
show('set with program hash', lambda: len(set(noisy([1, Key(1), 2, Key(1)]))))
show('set unhashable', lambda: set(noisy([1, [2], 3])))
show('set tuple holding a list', lambda: set(noisy([1, (2, [3]), 4])))
show('set order', lambda: list(set(noisy([9, 17, 1, 33, 25, 8]))))
show('dict', lambda: dict(noisy([('a', 1), ['b', 2], ('a', 3)])))
show('dict program key', lambda: dict(noisy([('a', 1), (Key('b'), 2), ('c', 3)])))
show('dict bad item', lambda: dict(noisy([('a', 1), 'xyz', ('c', 3)])))
show('dict short item', lambda: dict(noisy([('a', 1), (2,), ('c', 3)])))

# 3. sum: ints, floats, their mixture, starts; program __add__ where 3.8 calls it
show('sum ints', lambda: sum(noisy([1, 2, 3])))
show('sum floats', lambda: sum(0.1 for _ in range(10)))
show('sum mixed', lambda: sum(noisy([1, 0.5, 2, True])))
show('sum start', lambda: sum(noisy([1, 2]), 10))
show('sum start keyword', lambda: sum(noisy([1, 2]), start=0.25))
show('sum big ints', lambda: sum(x ** 40 for x in range(50)))
show('sum big int then float', lambda: sum(noisy([10 ** 400, 1.5, 3])))
show('sum float then big int', lambda: sum(noisy([1.5, 10 ** 400, 3])))
show('sum program add', lambda: sum(noisy([1, Key(2), 3])))
show('sum int subclass', lambda: sum(noisy([1, Int(2), 3])))
show('sum str', lambda: sum(noisy([1, 'x', 3])))
show('sum str start', lambda: sum(noisy(['a']), ''))
show('sum list start', lambda: sum(noisy([[1], [2]]), []))
show('sum empty', lambda: sum(noisy([])))
show('sum inf nan', lambda: sum(noisy([float('inf'), 1, -float('inf')])))

# 4. min and max: comparisons of numbers or of strings; mixtures raise where 3.8 raises
show('max', lambda: max(noisy([3, 7, 7.0, 2])))
show('min', lambda: min(noisy([3.5, 1, True, 2])))
show('max strings', lambda: max(noisy(['b', 'a', 'c'])))
show('max mixed', lambda: max(noisy([1, 'a', 2])))
show('max program lt', lambda: max(noisy([1, Key(5), 3])))
show('min program', lambda: min(noisy([Key(5), Key(2), Key(9)])))
show('max empty', lambda: max(noisy([])))
show('max default', lambda: max(noisy([]), default='none'))
show('max default given items', lambda: max(noisy([4, 2]), default=0))
show('max key', lambda: max(noisy([4, -6, 2]), key=abs))
show('max key None', lambda: max(noisy([4, -6, 2]), key=None))
show('max bad keyword', lambda: max(noisy([4]), bad=1))
show('max nan', lambda: repr(max(noisy([float('nan'), 1.0, 2]))))
show('max tuples', lambda: max(noisy([(1, 'b'), (2, 'a'), (2, 'c')])))

# 5. any, all, next: where they stop the generator stays suspended
g = noisy([0, '', 3, 4])
show('any stops', lambda: any(g))
show('  then next', lambda: next(g))
g.close()
g = noisy([1, 'x', [], 5])
show('all stops', lambda: all(g))
show('  then list', lambda: list(g))
show('any none true', lambda: any(noisy([0, None, ()])))
show('all program bool', lambda: all(noisy([1, Key(0), 2])))
show('any program bool', lambda: any(noisy([0, Key(0), Key(7), 1])))
g = noisy([10, 20])
show('next', lambda: next(g))
show('next again', lambda: next(g))
show('next exhausted', lambda: next(g))
show('next default', lambda: next(g, 'dflt'))


def returns_value():
    yield 1
    return 'done'


g = returns_value()
next(g)
try:
    next(g)
except StopIteration as stop:
    print('StopIteration value', repr(stop.value), stop.args)
g = returns_value()
next(g)
print('next default after return', next(g, 'default'))


def returns_tuple():
    return (1, 2)
    yield


try:
    next(returns_tuple())
except StopIteration as stop:
    print('StopIteration tuple value', repr(stop.value), stop.args)

# 6. a generator consumed partly, then drained; one suspended inside an except block
g = noisy([1, 2, 3, 4])
next(g)
show('rest', lambda: list(g))


def in_handler():
    try:
        raise KeyError('k')
    except KeyError:
        yield sys.exc_info()[0].__name__
        yield repr(sys.exc_info()[1])
    yield repr(sys.exc_info()[1])


g = in_handler()
print('first', next(g))
print('rest', list(g), sys.exc_info())
print('whole', tuple(in_handler()), sys.exc_info())

# 7. exceptions raised in the generator: tracebacks as 3.8's, PEP 479
def failing(n):
    for i in range(n):
        if i == 2:
            raise ValueError('bad item %d' % i)
        yield i


joiner = '+'.join
for consume in (sum, tuple, list, sorted, set, max, any, next, joiner):
    try:
        consume((str(x) for x in failing(5)) if consume is joiner else failing(5))
    except ValueError:
        print('--', getattr(consume, '__name__', consume))
        traceback.print_exc(file=sys.stdout)


def leaking():
    yield 1
    raise StopIteration('leaked')


for consume in (list, sum, max, all):
    try:
        consume(leaking())
    except RuntimeError as error:
        print(type(error).__name__, error, '<-', repr(error.__cause__))

try:
    max(noisy([]))
except ValueError:
    traceback.print_exc(file=sys.stdout)

try:
    set(noisy([1, {}]))
except TypeError:
    traceback.print_exc(file=sys.stdout)
print(log)


# 8. yield from: VM sub-generators and host iterables, drained through the chain
def inner(n):
    yield from range(n)
    yield 'inner end'
    return 'inner value'


def outer():
    value = yield from inner(2)
    yield value
    yield from noisy(['x'], 'sub')
    yield from (i * 10 for i in range(3))


show('yield from', lambda: list(outer()))
show('yield from sum', lambda: sum(x for x in outer() if type(x) is int))
show('yield from any', lambda: any(x == 'inner value' for x in outer()))


def tree(depth):
    if depth:
        yield from tree(depth - 1)
        yield depth
        yield from tree(depth - 1)


print(sum(tree(8)), max(tree(5)), tuple(tree(3)))


# 9. generators in try/finally and with blocks, exc_info inside while drained
class Manager:
    def __enter__(self):
        log.append('enter')
        return self

    def __exit__(self, *exc):
        log.append('exit %s' % (exc[0].__name__ if exc[0] else None))


def guarded():
    with Manager():
        try:
            yield 1
            yield repr(sys.exc_info()[:2])
        finally:
            log.append('finally sees %r' % (sys.exc_info()[0],))
    try:
        raise IndexError
    except IndexError:
        yield 'in handler %s' % sys.exc_info()[0].__name__
    yield repr(sys.exc_info()[0])


show('guarded', lambda: list(guarded()))
try:
    raise OSError('outer')
except OSError:
    show('guarded under a handled error', lambda: list(guarded()))
    print('after', repr(sys.exc_info()[1]))


# 10. the generator left suspended by a builtin that raised: finalized when the call is done
def cleanup(items):
    try:
        yield from items
    finally:
        print('cleanup runs; handled:', sys.exc_info()[0])


try:
    set(cleanup([1, [2], 3]))
except TypeError as error:
    print('caught', error)
try:
    sum(cleanup([1, 'x']))
except TypeError as error:
    print('caught', error)


# 11. the generator running itself, and a running generator consumed by another
def selfish():
    yield 1
    yield sum(me)


me = selfish()
try:
    print(list(me))
except ValueError as error:
    print('ValueError', error)
print(me.gi_frame)


def introspect():
    frame = sys._getframe()
    yield frame.f_back.f_code.co_name
    yield frame.f_back.f_lineno
    yield me2.gi_running
    yield sys._getframe(1).f_code.co_name


def caller():
    return tuple(introspect())


me2 = introspect()
print(caller(), list(me2))

# 12. nested drains and drains inside generators drained
print(sum(sum(range(i)) for i in range(20)))
print(sorted(tuple(x for x in range(i) if x % 2) for i in range(6)))
print(max(min(j * i % 7 for j in range(1, 5)) for i in range(1, 9)))
print('|'.join(''.join(str(j) for j in range(i)) for i in range(5)))


# 13. recursion: the limit reached through drained generators, its message and depth
def depth_of():
    return len(traceback.extract_stack())


def recurse(n):
    if n == 0:
        return depth_of()
    return sum(recurse(n - 1) for _ in range(1))


print('depth', recurse(5) - recurse(0))
old = sys.getrecursionlimit()
sys.setrecursionlimit(120)
for consume in (sum, list):
    def deep(n, consume=consume):
        return consume(deep(n + 1) for _ in range(1))
    try:
        deep(0)
    except RecursionError as error:
        tb = error.__traceback__
        count = 0
        while tb is not None:
            count += 1
            tb = tb.tb_next
        print(consume.__name__, 'RecursionError, traceback entries', count)
sys.setrecursionlimit(old)

# 14. a trace function set while a builtin drains a generator
events = []


def tracer(frame, event, arg):
    events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def traced_items():
    yield 1
    sys.settrace(tracer)
    yield 2
    yield 3


def run_traced():
    total = sum(traced_items())
    sys.settrace(None)
    return total


print('traced sum', run_traced())
for event in events:
    print('   ', event)
del events[:]


def profiled_items():
    yield 1
    sys.setprofile(tracer)
    yield 2


def run_profiled():
    items = list(profiled_items())
    sys.setprofile(None)
    return items


print('profiled list', run_profiled())
for event in events:
    print('   ', event[:2])
