"""Recursion through an instance's `__call__`: 3.8 counts two levels for each such call (the
call of an object, _PyObject_MakeTpCall's " while calling a Python object", then the frame of
slot_tp_call's function), so a program recursing through `__call__` reaches the limit at half
the depth of plain calls, with that message where the call's level is the one over. Warm calls
first (compiled at tier 2: an instance call runs its `__call__`'s body directly), then the
deepest depth reached under several limits, alone and mixed with plain functions and host
code's calls (sorted's key), and 3.8's traceback."""
import sys
import traceback


class Step:
    def __call__(self, n):
        return n + 1


def hot(step, n):
    total = 0
    for k in range(n):
        total = step(total)
    return total


print('hot', hot(Step(), 6000))


class Down:
    def __call__(self, n):
        if n == 0:
            return 0
        return self(n - 1) + 1


class Via:
    def __call__(self, n):
        return plain(self, n)


def plain(obj, n):
    return obj(n - 1) + 1 if n else 0


class Mapped:
    """Called by host code: map's next (FOR_ITER's, no call of its own between)."""
    def __call__(self, n):
        for value in map(self, [n - 1] if n > 0 else []):
            return value + 1
        return 0


def deepest(call):
    """The first n whose call raises RecursionError (bisected), and the message."""
    low, high = 0, 2000
    message = None
    while low < high:
        middle = (low + high) // 2
        try:
            call(middle)
        except RecursionError as exc:
            high = middle
            message = str(exc)
        else:
            low = middle + 1
    return low, message


down, via, mapped = Down(), Via(), Mapped()
for k in range(400):   # (warm: their bodies compiled, calling each other)
    down(25)
    via(25)
    mapped(5)
for limit in (1000, 1001, 333, 334, 120, 121):
    sys.setrecursionlimit(limit)
    print(limit, 'down', deepest(down), 'via', deepest(via), 'mapped', deepest(mapped))
sys.setrecursionlimit(1000)


def show():
    sys.setrecursionlimit(90)
    try:
        down(10000)
    except RecursionError:
        lines = traceback.format_exc().splitlines()
        print(len(lines), lines[1:5], lines[-4:])
    finally:
        sys.setrecursionlimit(1000)


show()
