"""PyPy's JIT keeps a function's locals alive past its return: the host behaviour behind
tests/hosts.py's PyPy limit on tests/programs/tier2_awaited_callee_locals.py.

The program below is plain Python, run by the host itself (no VM): a hot loop reached through a
recursive call runs `step`, which calls `body` on a frame object from a pool; `body` makes a
`Tracked` local on one call in 50 (a guard of the JIT's machine code fails there), and `step`
then looks for it after a collection. CPython frees it when `body` returns. PyPy, with its
default JIT parameters, keeps it alive on some of those calls: `step` goes on in the blackhole
interpreter while the JIT frame of the failed guard, which holds `body`'s locals (the list the
local was stored into), is still a GC root. Should a PyPy release stop doing so, the PyPy
assertion fails, and the limit is to go."""
import subprocess
import sys

from tests.hosts import ON_PYPY

PROGRAM = r'''
import gc, weakref


class Tracked:
    alive = []

    def __init__(self, tag):
        self.tag = tag
        Tracked.alive.append(weakref.ref(self))


def survivors():
    gc.collect()
    return [ref().tag for ref in Tracked.alive if ref() is not None]


class Frame:
    def __init__(self, fast):
        self.fast = fast


POOL = [Frame(None)]
TAIL = [None, None]


def body(f):
    fast = f.fast
    k = fast[0]
    fast[1] = k
    if k % 50 == 49:
        fast[2] = Tracked(k)
        value = (fast[1], fast[2].tag)
        f.fast = None
        return value
    f.fast = None
    return fast[1]


def step(k):
    args = [k]
    args.extend(TAIL)
    f = POOL.pop() if POOL else Frame(None)
    f.fast = args
    seen = body(f)
    POOL.append(f)
    f = args = None
    if k % 50 == 49:
        print(len(survivors()))
    return seen


def driver(level, k):
    if level:
        return driver(level - 1, k)
    j = 0
    while j < 2:
        step(k * 2 + j)
        j += 1


for k in range(1000):
    driver(10, k)
'''


def test_a_dead_local_outlives_its_return_only_on_pypy():
    proc = subprocess.run([sys.executable, '-c', PROGRAM], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    counts = [int(line) for line in proc.stdout.split()]
    assert len(counts) == 40
    kept = sum(1 for count in counts if count)
    if ON_PYPY:
        assert kept > 0
    else:
        assert kept == 0
