"""A repeated VM workload keeps its memory flat: nothing the VM allocates per call outlives the call."""
import gc
import os
import subprocess
import sys

import pytest

import pipeline
from pipeline import vm

try:
    import tracemalloc
except ImportError:   # (PyPy has none)
    tracemalloc = None
MEASURES_MEMORY = pytest.mark.skipif(tracemalloc is None, reason='the host has no tracemalloc (PyPy)')

# One round touches the paths that keep VM-side state: plain and non-plain calls (defaults,
# keywords, *args), recursion, methods, closures, generators run inline and from host code,
# exceptions with tracebacks, with blocks, classes, and host code calling VM functions.
WORKLOAD = '''
class Node:
    def __init__(self, parent=None):
        self.parent = parent
        self.items = []

    def root(self, compress=False):
        if self.parent is None:
            return self
        top = self.parent.root(compress)
        if compress:
            self.parent = top
        return top

    def walk(self, *path, **seen):
        return len(path) + len(seen)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def counter(limit):
    for value in range(limit):
        yield value


class Guard:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return True


def failing(depth):
    if depth == 0:
        raise ValueError('deep')
    return failing(depth - 1)


def one_round():
    chain = [Node()]
    for _ in range(30):
        chain.append(Node(chain[-1]))
    found = [node.root() for node in chain] + [node.root(compress=True) for node in chain]
    chain[-1].walk(1, 2, key=3)
    fib(8)
    scale = 3
    scaled = sorted(range(50), key=lambda x: -x * scale)
    total = sum(value for value in counter(40))
    try:
        failing(20)
    except ValueError as exc:
        caught = exc
    with Guard():
        failing(5)
    kind = type('Kind', (Node,), {})
    return len(found) + len(scaled) + total + bool(caught) + bool(kind)
'''

WARM_ROUNDS = 10
MEASURED_ROUNDS = 40
MAX_ROUNDS = 500   # tier 2 has compiled all it will by then (3.11: by round ~80)
# generous: the leak this guards against (one frame per non-plain call kept by its function)
# grew this workload by tens of kilobytes per round, megabytes over the measured rounds
GROWTH_LIMIT = 128 * 1024   # a flat run grows by well under 1 KiB


def _traced_after_gc():
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


@MEASURES_MEMORY
def test_repeated_workload_memory_stays_flat(monkeypatch):
    """The measured rounds are the steady state: tier 2 compiles the workload's hot code (traces,
    bodies, a body's steady copy after its review) in its first rounds, 0.1-0.4 MB at a time,
    at rounds that differ by host (10-80 on 3.11, later on 3.8); a block of rounds in which the
    translator compiled anything (its compile() calls counted) is not a measurement, and the next
    block is measured instead, up to MAX_ROUNDS (a translator still compiling then fails)."""
    from pipeline.vm import tier2
    compiled = [0]
    host_compile = tier2.compile

    def counting_compile(*args, **kwargs):
        compiled[0] += 1
        return host_compile(*args, **kwargs)

    monkeypatch.setattr(tier2, 'compile', counting_compile)
    namespace = {'__name__': 'workload'}
    vm.run_code(pipeline.compile(WORKLOAD, 'workload.py', 'exec'), namespace)
    one_round = namespace['one_round']
    rounds = WARM_ROUNDS
    tracemalloc.start()
    try:
        for _ in range(WARM_ROUNDS):
            one_round()
        while True:
            before, compiled_before = _traced_after_gc(), compiled[0]
            for _ in range(MEASURED_ROUNDS):
                one_round()
            growth = _traced_after_gc() - before
            rounds += MEASURED_ROUNDS
            if compiled[0] == compiled_before:
                break
            assert rounds < MAX_ROUNDS, 'tier 2 still compiling after %d rounds' % rounds
    finally:
        tracemalloc.stop()
    assert growth < GROWTH_LIMIT, 'VM memory grew %d bytes over %d rounds (after %d)' % (
        growth, MEASURED_ROUNDS, rounds - MEASURED_ROUNDS)


def test_frames_of_non_plain_calls_are_not_kept():
    """A VM loop calling functions off the fast path (defaults, keywords) keeps a bounded
    number of finished frames per function, however many calls it makes."""
    namespace = {'__name__': 'workload'}
    source = WORKLOAD + '''
def many(rounds):
    node = Node(Node(Node()))
    for _ in range(rounds):
        node.root()
        node.root(compress=False)
    return node
'''
    vm.run_code(pipeline.compile(source, 'workload.py', 'exec'), namespace)
    namespace['many'](2000)
    root = namespace['Node'].root
    assert len(root._pool) <= 8
    gc.collect()
    frames = [obj for obj in gc.get_objects() if type(obj) is vm.frame.Frame and obj.code is root.__code__]
    assert len(frames) <= 8


def _run(code):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root)
    return subprocess.run([sys.executable, '-m', 'pipeline.run', '-c', code], env=env,
                          capture_output=True, text=True, timeout=120)


def test_start_up_leaves_profiler_bridge_and_ctypes_unloaded():
    """pipeline.run's start-up footprint: the cProfile bridge and ctypes under it are loaded
    when a program needs them (cProfile imported, an exception handled, a class built), the
    traceback module's intercepts when it is imported, not before."""
    modules = "('ctypes', '_lsprof', 'pipeline.vm.cprofile', 'traceback', 'linecache')"
    result = _run("import sys; print(sorted(m for m in %s if m in sys.modules))" % modules)
    # (less those the host's threading imports, which the VM needs: PyPy's imports traceback)
    host = subprocess.run([sys.executable, '-c', "import sys, threading; print(sorted(m for m in %s "
                           "if m in sys.modules))" % modules], capture_output=True, text=True, timeout=120)
    assert result.stdout == host.stdout, result.stderr


@pytest.mark.skipif(sys.implementation.name != 'cpython', reason='the C profiler bridge is CPython only')
def test_cprofile_bridge_installed_on_first_import():
    result = _run("import cProfile, _lsprof, sys; "
                  "print(_lsprof.Profiler._vm_bridge, type(_lsprof.__loader__).__name__, "
                  "[type(f).__name__ for f in sys.meta_path].count('LsprofHook'))")
    assert result.stdout.split() == ['True', type(_lsprof_loader()).__name__, '0'], result.stderr


def _lsprof_loader():
    import importlib.util
    return importlib.util.find_spec('_lsprof').loader


def test_handler_at_the_recursion_limit_loads_the_c_api():
    """The first handled exception (which loads ctypes) may come at the recursion limit."""
    result = _run('''
import sys
def f(n):
    try:
        return f(n + 1)
    except RecursionError:
        class Deep:
            def name(self):
                return sys.exc_info()[0].__name__
        return Deep().name()
print(f(0))
''')
    assert (result.stdout, result.stderr) == ('RecursionError\n', '')


@MEASURES_MEMORY
def test_decoding_a_long_flat_expression_costs_memory_in_its_length():
    """The decoder's block-stack check follows paths with their stacks: code with no block
    instruction is not followed (a 16,000-piece f-string cost 2 GB; test_fstring's
    test_many_expressions was killed)."""
    from pipeline.compiler import compile as compile_source
    from pipeline.vm import run_code
    source = "f'" + '{x} ' * 255 + "'"
    code = compile_source('r = ' + source * 16, '<fstring>', 'exec')
    namespace = {'x': 'X'}
    tracemalloc.start()
    try:
        run_code(code, namespace)
        assert namespace['r'] == 'X ' * (255 * 16)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2 ** 20, peak
