"""Hot loops (traced by tier 2, whose compiled code unpacks an exact tuple or list straight
into the frame's slots, `fast[5], *fast[6], fast[7] = t`, reads attributes as `x.name` and
calls builtins with the stack's names) fed what the fast paths do not take: a list where tuples
were, a sequence of another length, tuple and list subclasses with their own iteration, a
generator, a starred unpack too short, the same local twice in one target list, values whose
finalizers report the order in which the old values die and what the frame holds meanwhile, a
rebound builtin, an attribute that a property computes, that __getattr__ supplies, that goes
missing mid-loop. Each must behave as 3.8 does at that moment."""
import sys

N = 4000
AT = 3000


class Tup(tuple):
    def __iter__(self):
        return iter(list(tuple.__iter__(self))[::-1])


class Lst(list):
    def __iter__(self):
        return iter(['sub'] * len(self))


def items_of_every_kind():
    items = [(i, i + 1, i + 2) for i in range(N)]
    items[AT] = [7, 8, 9]
    items[AT + 1] = Tup((1, 2, 3))
    items[AT + 2] = Lst([1, 2, 3])
    items[AT + 3] = (x for x in 'abc')
    items[AT + 4] = 'xyz'
    items[AT + 5] = {10: 0, 20: 0, 30: 0}
    seen = []
    total = 0
    for i, t in enumerate(items):
        a, b, c = t
        if i >= AT:
            seen.append((a, b, c))
        else:
            total += a + b + c
    return total, seen[:7]


def wrong_lengths():
    items = [(i, i) for i in range(N)]
    out = []
    for k in (AT, AT + 1):
        items[k] = (1, 2, 3) if k == AT else [1]
    for n, t in enumerate(items):
        try:
            a, b = t
        except ValueError as e:
            out.append((n, str(e), sys._getframe().f_locals['a']))
    return out


def starred():
    items = [tuple(range(i % 5, i % 5 + 6)) for i in range(N)]
    items[AT] = [1, 2]
    items[AT + 1] = Tup((1, 2, 3, 4))
    items[AT + 2] = iter(range(4))
    items[AT + 3] = (1,)
    out = []
    total = 0
    for t in items:
        try:
            first, *middle, last = t
        except ValueError as e:
            out.append(str(e))
            continue
        total += first + last + len(middle)
        if type(middle) is not list:
            out.append('not a list')
        if len(middle) < 4:
            out.append((first, middle, last))
    return total, out


def after_a_slice():
    """A stack name that held a slice before the unpack (`s[:2]`) is one of its targets."""
    total = 0
    for s in [(1, 2, 3)] * N:
        a, *b, c = s
        x, y = s[:2]
        total += a + c + x + y + len(b)
    return total


def same_local_twice():
    total = 0
    for t in [(i, -i) for i in range(N)]:
        a, a = t
        total += a
    return total


class Noisy:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def __del__(self):
        self.log.append(self.name)


def finalizer_order():
    """The old values die one at a time, at their own slot's store, in the targets' order
    (`a` and `c` are read in the loop: their slots are mirrored in host names)."""
    log = []
    a = b = c = None
    same = 0
    for i in range(N):
        t = (Noisy('a%d' % i, log), Noisy('b%d' % i, log), Noisy('c%d' % i, log)) if i >= AT else (i, i, i)
        a, b, c = t
        if a is c or b is a:
            same += 1
        if i >= AT:
            log.append('stored %d' % i)
        if i >= AT + 3:
            break
    t = a = b = c = None
    return same, log


class Point:
    def __init__(self, x):
        self.x = x

    @property
    def double(self):
        return self.x * 2 + sys._getframe(1).f_lineno * 0


class Dynamic:
    def __getattr__(self, name):
        return len(name)


def attributes():
    points = [Point(i) for i in range(N)]
    points[AT] = Dynamic()
    total = 0
    for p in points:
        total += p.x + p.double
    try:
        for i, p in enumerate(points):
            if i == AT + 100:
                del p.x
            total += p.x
    except AttributeError as e:
        return total, str(e), i
    return total


def rebound_builtin():
    global len
    total = 0
    for i in range(N):
        if i == AT:
            len = lambda s: -1
        total += len((i, i)) + max(i, 3)
    del len
    return total


print(items_of_every_kind())
print(wrong_lengths())
print(starred())
print(after_a_slice())
print(same_local_twice())
print(finalizer_order())
print(attributes())
print(rebound_builtin())
