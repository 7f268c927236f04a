"""Compiled bodies past their first review, and closures compiled from the loop's calls.

A body kept by its review runs a copy that does not count its calls; early exits bring the
counting one back, and a body that then keeps leaving early is dropped. Closures and functions
with keyword-only parameters called from the loop (recursion with no loop of its own) are
compiled too. Attacked here: a global the body calls rebound to a VM function and back, a
generator argument where a number was, the closure's cells rebound mid-recursion (the function
itself and a free variable), __defaults__ and __kwdefaults__ reassigned, the recursion limit
reached at 3.8's depth inside a steady body and inside a closure's, and tracebacks through both."""
import sys
import traceback


def plain(v):
    return v - 1


convert = abs


def callee(v):
    return convert(v) + v * 3 % 7 + (v ^ 5) - (v | 2)


def loop(n):
    total = 0
    for v in range(-n, n):
        total += callee(v)
    return total


def rebinding():
    global convert
    results = [loop(3000)]            # steady by now
    convert = plain                   # leaves early at every call: counting again, then dropped
    results.append(loop(3000))
    convert = abs
    results.append(loop(3000))
    return results


print('rebound', rebinding())


def summed(item):
    return sum(item) if not isinstance(item, int) else item * 2


def mixed(n):
    total = 0
    for k in range(n):
        total += summed(k)
    for k in range(n):
        total += summed(x for x in range(k % 4))   # a generator argument where ints were
    return total


print('mixed', mixed(2000), mixed(2000))


def down(n):
    return 0 if n == 0 else 1 + down(n - 1)


for _ in range(300):
    down(20)                          # down's body steady
depth = [0]


def deepest(n):
    depth[0] = n
    return deepest(n + 1)


for _ in range(300):
    try:
        down(15)
    except RecursionError:
        pass
try:
    deepest(0)
except RecursionError as exc:
    print('deepest', depth[0], exc)
limit = sys.getrecursionlimit()
sys.setrecursionlimit(120)
try:
    down(200)
except RecursionError as exc:
    print('down past the limit:', type(exc).__name__)
print('down under it', down(100))
sys.setrecursionlimit(limit)


def fails(n):
    if n == 0:
        raise ValueError('at the bottom')
    return fails(n - 1) + 1


for _ in range(400):
    fails(3) if False else None
    try:
        fails(5)
    except ValueError:
        pass
try:
    fails(4)
except ValueError:
    lines = traceback.format_exc().splitlines()
    print('traceback', len(lines))
    print('\n'.join(lines))


def make(k):
    calls = 0

    def rec(n, *, step=1):
        nonlocal calls
        calls += 1
        return k if n < 2 else rec(n - step) + rec(n - 2)

    def set_k(value):
        nonlocal k
        k = value

    def set_rec(value):
        nonlocal rec
        rec = value

    def count():
        return calls

    return rec, set_k, set_rec, count


rec, set_k, set_rec, count = make(1)
print('closure', rec(18), count())
set_k(3)
print('k rebound', rec(16), count())
original = rec


def other(n, *, step=1):
    return -1


set_rec(other)                        # the closure's own name, rebound: its calls reach other
print('rec rebound', original(12), count())
set_rec(original)
print('rec back', original(15), count())
rec.__kwdefaults__ = {'step': 2}
print('kwdefaults', rec(20), count())
rec.__kwdefaults__ = None
try:
    rec(10)
except TypeError as exc:
    print('kwdefaults gone:', exc)
rec.__kwdefaults__ = {'step': 1}


def with_default(n, add=1):
    return add if n < 2 else with_default(n - 1) + with_default(n - 2, add)


print('defaults', with_default(16))
with_default.__defaults__ = (5,)
print('defaults changed', with_default(16))


def nest(base):
    def walk(n, *, out):
        out.append(n)
        if n == base:
            raise KeyError(n)
        return walk(n + 1, out=out)
    return walk


walk = nest(60)
for _ in range(100):
    try:
        walk(0, out=[])
    except KeyError:
        pass
try:
    walk(55, out=[])
except KeyError:
    print('closure traceback')
    print(traceback.format_exc())


def nest_positional(base):
    def walk(n, out):
        out[0] = n
        if n == base:
            raise KeyError(n)
        return walk(n + 1, out)
    return walk


sys.setrecursionlimit(100)
walk = nest_positional(10 ** 6)
for _ in range(60):
    try:
        walk(0, [0])
    except RecursionError:
        pass
seen = [0]
try:
    walk(0, seen)
except RecursionError as exc:
    print('closure recursion', seen[0], type(exc).__name__)
sys.setrecursionlimit(limit)


# binding plans (vm/frame.py's bind_planned): *args as the first slot, cells among the
# parameters, a closure with no cells of its own, keywords in every order
def star_only(*args, key=1):
    return len(args), args[-1:] if args else (), key


def every(*args):
    return args


def cell_param(a, b=2, *, c):
    return (lambda: a + b + c)()


def closure_kw(base):
    def inner(x, *, times=2, plus=0):
        return (x + base) * times + plus
    return inner


inner = closure_kw(10)
results = []
for i in range(600):
    results.append(star_only(i, i + 1, key=i % 3))
    results.append(star_only(key=i))
    results.append(cell_param(i, c=1))
    results.append(cell_param(c=2, a=i, b=3))
    results.append(inner(i, plus=1))
    results.append(inner(plus=2, times=3, x=i))
    results.append(len(every(i, i)) + len(every()))
print('plans', len(results), results[-7:], sum(r if type(r) is int else r[0] for r in results))
for bad in (lambda: cell_param(1), lambda: star_only(key=1, other=2), lambda: inner(1, 2)):
    try:
        bad()
    except TypeError as exc:
        print('bad call:', exc)
