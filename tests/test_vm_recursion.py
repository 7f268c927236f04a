"""sys.setrecursionlimit/getrecursionlimit from VM code act on the program's frames,
whatever depth the host stack running the VM already has."""
import sys

import pytest

from pipeline.compiler import compile as compile_source
from pipeline.vm import run_code

PROGRAM = '''
import sys
sys.setrecursionlimit(60)
limit = sys.getrecursionlimit()
def rec(n):
    return rec(n + 1)
try:
    rec(0)
except RecursionError as e:
    message = str(e)
    frames = len(__import__('traceback').extract_tb(e.__traceback__))
sys.setrecursionlimit(1000)
'''


def run_at_host_depth(depth: int, source: str) -> dict:
    namespace = {'__name__': '__main__'}
    if depth:
        return run_at_host_depth(depth - 1, source)
    run_code(compile_source(source, 'prog.py', 'exec'), namespace)
    return namespace


@pytest.fixture(autouse=True)
def keep_host_limit():
    saved = sys.getrecursionlimit()
    yield
    sys.setrecursionlimit(saved)


def test_low_limit_from_a_deep_host_stack():
    namespace = run_at_host_depth(150, PROGRAM)
    assert namespace['limit'] == 60
    assert namespace['message'] == 'maximum recursion depth exceeded'
    assert 50 < namespace['frames'] <= 60


def test_limit_checks_as_cpython38():
    with pytest.raises(ValueError, match='recursion limit must be greater or equal than 1'):
        run_at_host_depth(0, 'import sys\nsys.setrecursionlimit(0)\n')
    # 3.8 counts a script's module frame as depth 2 and checks its low-water mark
    with pytest.raises(RecursionError, match='cannot set the recursion limit to 3 at the '
                                             'recursion depth 2: the limit is too low'):
        run_at_host_depth(0, 'import sys\nsys.setrecursionlimit(3)\n')
    namespace = run_at_host_depth(0, 'import sys\nsys.setrecursionlimit(4)\n'
                                     'x = sys.getrecursionlimit()\nsys.setrecursionlimit(1000)\n')
    assert namespace['x'] == 4


# How deep a recursion through host code goes before RecursionError: printed by CPython 3.8.18
# for this program (`python3.8 prog.py`): 3.8 counts a type's call (a class, list()), a builtin's
# call and PyObject_Repr as levels of their own, besides the frames.
DEPTHS_PROGRAM = '''
class A:
    def __init__(self, n):
        if n:
            A(n - 1)
def gen(n):
    if n:
        yield from gen(n - 1)
    yield 1
class K:
    def __init__(self, inner):
        self.inner = inner
    def __repr__(self):
        return repr(self.inner) if self.inner else 'k'
def nest(n):
    k = None
    for _ in range(n):
        k = K(k)
    return k
def deepest(probe):
    lo, hi = 1, 1100
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            probe(mid)
            lo = mid
        except RecursionError:
            hi = mid - 1
    return lo
depths = (deepest(A), deepest(lambda n: list(gen(n))), deepest(lambda n: repr(nest(n))))
'''
DEPTHS_38 = (498, 995, 332)


@pytest.mark.skipif(sys.implementation.name == 'cpython' and sys.version_info[:2] == (3, 12), reason=(
    "CPython 3.12 counts C calls against a fixed limit of its own, which a recursion through "
    "repr() (three C levels a level) reaches first"))
def test_recursion_through_host_code_stops_where_38_does():
    assert run_at_host_depth(0, DEPTHS_PROGRAM)['depths'] == DEPTHS_38
    assert sys.getrecursionlimit() == 1000   # the host's limit is set back


FATAL_PROGRAM = '''
def f(n):
    try:
        return f(n + 1)
    except RecursionError:
        return g(0)
def g(k):
    return g(k + 1)
f(0)
'''
# 3.8.18's output (the thread's id aside): after a RecursionError nothing is checked until the
# stack is back below the low water mark; 50 levels past the limit 3.8 gives up
FATAL_38 = ('Fatal Python error: Cannot recover from stack overflow.\n'
            'Python runtime state: initialized\n\n'
            'Current thread THREAD (most recent call first):\n'
            + '  File "prog.py", line 8 in g\n' * 50 + '  File "prog.py", line 6 in f\n'
            + '  File "prog.py", line 4 in f\n' * 49 + '  ...\n')


@pytest.mark.parametrize('tier', ['0', '1', '2'])
def test_recovering_from_a_recursion_error_ends_in_38s_fatal_error(tmp_path, tier):
    import os
    import re
    import subprocess
    (tmp_path / 'prog.py').write_text(FATAL_PROGRAM)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, '-m', 'pipeline.run', 'prog.py'], cwd=str(tmp_path),
                          env=dict(os.environ, PIPELINE_TIER=tier, PYTHONPATH=repo),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -6   # abort(), as 3.8's Py_FatalError
    assert proc.stdout == ''
    assert re.sub(r'0x[0-9a-f]{16}', 'THREAD', proc.stderr) == FATAL_38


NESTED_EQ = '''
import sys
class E:
    def __init__(self, n):
        self.n = n
    def __eq__(self, other):
        return self.n and E(self.n - 1) == other
sys.setrecursionlimit(3000)
try:
    E(200) == 1
    outcome = 'done'
except RecursionError as exc:
    outcome = str(exc)
sys.setrecursionlimit(1000)
'''


@pytest.mark.skipif(sys.implementation.name != 'cpython', reason='PyPy checks its C stack itself (no budget)')
def test_loops_nested_past_the_c_stack_budget_raise(monkeypatch):
    """Where each loop nested through host code costs C stack (CPython 3.8-3.10), no more than
    hostcalls.MAX_C_NESTING of them nest (2500 there: more would overflow an 8 MB stack on
    deeper recursion than this; set to 100 here): the next raises RecursionError, whatever room
    the program's limit leaves; at the limit they nest where none is set."""
    from pipeline.vm import hostcalls
    assert run_at_host_depth(0, NESTED_EQ)['outcome'] == 'done'
    monkeypatch.setattr(hostcalls, 'MAX_C_NESTING', 100)
    assert run_at_host_depth(0, NESTED_EQ)['outcome'] == 'maximum recursion depth exceeded'
