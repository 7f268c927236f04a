"""Comparisons and the conditional jumps after them in hot loops and in functions called from
them (CPython 3.11+ hosts write each pair as one host `if not (a < b):`): an int subclass's
`__lt__`, a comparison dunder rebound mid-loop, `is`/`in`, exceptions from the comparison and
from its value's truth test (lines, f_lasti, the frame seen from inside), a comparison spread
over two lines, and a temporary compared whose cycle must be collected at once."""
import gc
import sys
import weakref
from functools import partial
from itertools import islice, repeat


class Small(int):
    """An int whose `<` is its own (and counts)."""
    calls = 0

    def __lt__(self, other):
        Small.calls += 1
        return int(self) % 10 < other


def below(items, limit):
    count = 0
    for item in items:
        if item < limit:
            count += 1
    return count


def not_below(items, limit):
    count = 0
    for item in items:
        if not item < limit:
            count += 1
    return count


smalls = [Small(k) for k in range(3000)]
print('int subclass', below(smalls, 4), not_below(smalls, 4), Small.calls)
print('plain ints', below(range(3000), 1500), not_below(range(3000), 1500))


# the dunder rebound on the class while the loop is hot
def rebinding(items, at):
    count = 0
    for k, item in enumerate(items):
        if k == at:
            Small.__lt__ = lambda self, other: int(self) % 3 == 0
        if item < 5:
            count += 1
    return count


print('rebound', rebinding(smalls, -1), rebinding(smalls, -1), rebinding(smalls, 2000))
del Small.__lt__
print('int again', below(smalls, 1500))


def identities(items, marker, pool):
    same = found = 0
    for item in items:
        if item is marker:
            same += 1
        if item is not None and item in pool:
            found += 1
    return same, found


marker = object()
for run in range(3):
    print('is/in', identities([marker, None, 3, 'a'] * 800, marker, {3, 'a'}))


class Truth:
    """A comparison's value whose truth test may raise; it shows where its caller is."""

    def __init__(self, value, fail):
        self.value = value
        self.fail = fail

    def __bool__(self):
        caller = sys._getframe(1)
        seen.append((caller.f_code.co_name, caller.f_lineno, caller.f_lasti))
        if self.fail:
            raise ValueError('truth of %d' % self.value)
        return self.value % 3 == 0


class Odd:
    """Compared by `<`: raises itself at `raise_lt`, or gives a Truth raising at `raise_bool`."""

    def __init__(self, k, raise_lt=-1, raise_bool=-1):
        self.k = k
        self.raise_lt = raise_lt
        self.raise_bool = raise_bool

    def __lt__(self, other):
        if self.k == self.raise_lt:
            caller = sys._getframe(1)
            seen.append((caller.f_code.co_name, caller.f_lineno, caller.f_lasti))
            raise KeyError(self.k)
        return Truth(self.k, self.k == self.raise_bool)


def odd_count(items):
    count = 0
    for item in items:
        if not item < 5:
            count += 1
    return count


def odd_one(item):
    if not item < 5:
        return 1
    return 0


def odd_calls(items):
    count = 0
    for item in items:
        count += odd_one(item)
    return count


def spread(items):
    count = 0
    for item in items:
        if (
                item < 5):
            count += 1
    return count


def caught(items):
    count = 0
    for item in items:
        try:
            if not item < 5:
                count += 1
        except (KeyError, ValueError) as exc:
            count += 100
            print('  caught', type(exc).__name__, exc.__traceback__.tb_lineno, sys._getframe().f_lineno)
    return count


seen = []
for function in (odd_count, odd_calls, spread, caught):
    for run in range(3):
        del seen[:]
        print(function.__name__, function([Odd(k) for k in range(1000)]), len(seen))
    for raises in ({'raise_lt': 900}, {'raise_bool': 900}):
        del seen[:]
        try:
            print(function.__name__, function([Odd(k, **raises) for k in range(1000)]), seen[-1])
        except (KeyError, ValueError) as exc:
            tb = exc.__traceback__
            while tb.tb_frame.f_code.co_name not in ('odd_count', 'odd_one', 'spread'):
                tb = tb.tb_next
            print(function.__name__, type(exc).__name__, exc, tb.tb_lineno, seen[-1])


# a temporary compared and dropped: its cycle is collected by the next collection, which the
# loop's next iteration runs (host code, no instruction of the program in between)
refs = []


class Cycle:
    def __init__(self):
        self.me = self


def made():
    cycle = Cycle()
    refs.append(weakref.ref(cycle))
    return cycle


def temporaries(items):
    kept = compared = 0
    for _ in items:
        if refs and refs[-1]() is not None:
            kept += 1
        if made() is None:   # (its jump taken: back to the loop's head)
            compared += 1
    return kept, compared


temporaries(islice(repeat(None), 2500))   # (hot: compiled for its next runs, over the same type)
for run in range(3):
    print('temporaries kept', temporaries(islice(iter(partial(gc.collect, 0), -1), 20)))
