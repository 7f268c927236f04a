"""Hot loops that attack a trace compiler: what runs after a loop gets hot must stay 3.8's."""
import sys
import traceback

# 1. a global and a builtin rebound in the middle of a hot loop
SCALE = 2


def rebind_scale():
    global SCALE
    SCALE = 10


def global_rebound():
    total = 0
    for i in range(300):
        total += i * SCALE
        if i == 150:
            rebind_scale()
    return total


def builtin_shadowed():
    total = 0
    for i in range(300):
        total += abs(-i)
        if i == 200:
            globals()['abs'] = lambda value: 1000
    del globals()['abs']
    return total


print('global rebound', global_rebound(), SCALE)
print('builtin shadowed', builtin_shadowed(), abs(-3))


# 2. an int subclass reaching an int add that has run many times
class Loud(int):
    def __add__(self, other):
        return Loud(int(self) + int(other) + 1000)

    def __repr__(self):
        return 'Loud(%d)' % int(self)


def int_subclass():
    value = 0
    for i in range(300):
        value = value + i
        if i == 250:
            value = Loud(value)
    return value


print('int subclass', int_subclass())


# 3. exceptions raised from the middle of a hot loop: uncaught by the loop, and caught in it
def divide_until_zero():
    acc = 0
    k = 0
    while k < 400:
        acc += 1000 // (300 - k)
        k += 1
    return acc


try:
    divide_until_zero()
except ZeroDivisionError:
    kind, exc, tb = sys.exc_info()
    print('uncaught in loop:', kind.__name__, exc)
    for entry in traceback.extract_tb(tb):
        print('  line', entry.lineno, entry.name, entry.line)
    frame = tb.tb_next.tb_frame
    print('  locals at the failure:', sorted((k, v) for k, v in frame.f_locals.items()))


def caught_inside():
    errors = []
    values = [1, 2, 0, 4] * 40
    total = 0
    for index, value in enumerate(values):
        try:
            total += 12 // value
        except ZeroDivisionError as exc:
            errors.append((index, str(exc), sys.exc_info()[2].tb_lineno))
    return total, len(errors), errors[:2]


print('caught inside', caught_inside())


class Broken:
    def __init__(self, fail_at):
        self.fail_at = fail_at

    def __lt__(self, other):
        if other == self.fail_at:
            raise ValueError('comparison failed at %d' % other)
        return False


def raise_in_compare():
    marker = Broken(120)
    count = 0
    for n in range(200):
        if marker < n:
            count += 100
        count += 1
    return count


try:
    raise_in_compare()
except ValueError:
    print('compare raised:', traceback.format_exc().splitlines()[-3:])


# 4. a generator suspended inside a hot loop, its frame inspected while suspended
def evens(limit):
    n = 0
    found = 0
    while n < limit:
        if n % 2 == 0:
            found += 1
            if found % 50 == 0:
                yield n, found
        n += 1


gen = evens(1000)
print('first yield', next(gen), gen.gi_frame.f_lineno, sorted(gen.gi_frame.f_locals.items()))
print('rest', list(gen))
print('state', gen.gi_frame)


# 5. sys.settrace switched on while a loop is hot, then off
def traced_loop():
    events = []

    def tracer(frame, event, arg):
        events.append(event)
        return None

    total = 0
    for i in range(400):
        total += i % 7
        if i == 200:
            sys.settrace(tracer)
        if i == 300:
            sys.settrace(None)
    return total, sys.gettrace() is None


print('settrace', traced_loop())


# 6. a frame's f_locals read in the middle of a hot loop
def spy(frame):
    return dict(frame.f_locals)


def read_locals():
    seen = []
    acc = 1
    for step in range(200):
        acc = (acc * 3 + step) % 1009
        if step % 60 == 0:
            seen.append(sorted((k, v) for k, v in spy(sys._getframe()).items() if k != 'seen'))
            seen.append(sys._getframe().f_lineno)
    return acc, seen


print('f_locals', read_locals())


# 7. a while loop with branches both ways, breaks and an else clause
def collatz_lengths(limit):
    longest = (0, 0)
    for start in range(1, limit):
        n, steps = start, 0
        while n != 1:
            if n % 2:
                n = 3 * n + 1
            else:
                n //= 2
            steps += 1
            if steps > 500:
                break
        else:
            if steps > longest[1]:
                longest = (start, steps)
    return longest


print('collatz', collatz_lengths(3000))


# 8. nested for loops: the outer trace runs the inner loop's trace; a break, and a raise inside
def nested(n):
    grid = []
    for a in range(n):
        row = 0
        for b in range(n):
            if b == 37 and a == 45:
                break
            row += a * b % 11
        grid.append(row)
    return sum(grid), grid[45], len(grid)


def nested_raises():
    seen = 0
    try:
        for a in range(60):
            for b in range(60):
                seen += 100 // (a * 60 + b - 3000)
    except ZeroDivisionError:
        tb = sys.exc_info()[2]
        print('nested raised at', a, b, seen, tb.tb_lineno, tb.tb_next is None)


print('nested', nested(80))
nested_raises()


# 9. a `for` over the host's own iterators run as the host's `for`: an exception from the
# iterator (map's function) mid-loop, a loop left with its iterator half used, zip/enumerate
def fails_at(x):
    if x == 150:
        raise ValueError(x)
    return x


def mapped(n):
    total = 0
    for v in map(fails_at, range(n)):
        total += v
        total = total * 1 + 0
    return total


def partial(it):
    for x in it:
        if x == 120:
            break
        x = x + 1
    return x


def zipped():
    total = 0
    for k, (a, b) in enumerate(zip(range(500), 'abcdefghij' * 50)):
        total += k * a + len(b)
    return total


print('mapped', mapped(100))
try:
    mapped(200)
except ValueError:
    traceback.print_exc(file=sys.stdout)
numbers = iter(range(300))
print('partial', partial(numbers), next(numbers), zipped(), zipped())


# 10. a call tier 1 found to be a builtin's (the trace's guard): then a VM function, then another builtin
class Box:
    pass


box = Box()
box.fn = abs


def switching():
    total = 0
    for k in range(400):
        if k == 200:
            box.fn = hash
        if k == 300:
            box.fn = lambda x: x + 1
        total += box.fn(-k)
    return total


def applies(xs, fn):
    total = 0
    for x in xs:
        total += fn(x) + len(str(x))
    return total


print('switching', switching(), applies(range(300), abs), applies(range(300), lambda x: -x),
      applies(range(300), abs))
