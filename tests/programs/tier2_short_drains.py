"""Generator expressions drained by builtins (sum, set, any, join) with a few items each, fewer
than tier 2's MIN_ITERATIONS, in hot loops, then the same ones with many items: on PyPy such a
loop gets no trace while its drains are short (vm/tier2_backedges.py's SHORT_DRAINS), on CPython
it gets one at once. What 3.8 shows stays: sums over the instances of a class made again each
round, drains that stop early (any), a genexpr's frame and locals seen from a function it calls
mid-drain, an exception from inside a hot drain and its traceback."""
import sys
import traceback


def make_class(round_number):
    class Cell:
        def __init__(self, values):
            self.values = values

        def fixed(self):
            return len(self.values) == 1

        def __repr__(self):
            return 'Cell%d(%r)' % (round_number, self.values)
    return Cell


class Broken:
    values = [0]

    def fixed(self):
        raise ValueError('a broken cell')


def count_fixed(cells, rows):
    total = 0
    for row in rows:
        total += sum(1 for n in row if cells[n].fixed())
        total += len(set(cells[n].values[0] for n in row if cells[n].values))
    return total


def first_free(cells, rows):
    found = []
    for row in rows:
        found.append(any(not cells[n].values for n in row))
        found.append(''.join(str(len(cells[n].values)) for n in row))
    return found


def seen_from_inside(cells, row):
    frames = []

    def look(n):
        frame = sys._getframe(1)
        frames.append((frame.f_code.co_name, frame.f_lineno, sorted(frame.f_locals)))
        return n
    return sum(look(n) for n in row if cells[n].fixed()), frames[:2]


for round_number in range(3):
    Cell = make_class(round_number)
    cells = [Cell([1]), Cell([1, 2]), Cell([3]), Cell([]), Cell([5])]
    rows = [[0, 1, 2], [1, 2, 3, 0, 4], [3, 3], [4]] * 2500
    print(round_number, count_fixed(cells, rows), first_free(cells, rows[:8]), cells[:2])
    long_rows = [list(range(5)) * 8] * 300   # 40 items a drain: a trace on every host
    print(count_fixed(cells, long_rows), first_free(cells, long_rows[:1]))
    print(seen_from_inside(cells, [0, 2, 4, 1] * 5))
    try:
        count_fixed(cells + [Broken()], rows[:20] + [[0, 2, 5, 1]])
    except ValueError:
        traceback.print_exc(file=sys.stdout)
    if round_number == 1:
        Cell.fixed = lambda self: bool(self.values)   # the method rebound under the hot drains
        print(count_fixed(cells, rows), count_fixed(cells, long_rows))
