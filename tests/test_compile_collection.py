"""parser.api.collection_paused, around every compile: CPython's cyclic collector is paused
while a source compiles (it would walk the passes' millions of live objects for no garbage);
PyPy's collector is not, since gc.disable() there stops the major collections, the only ones
that free what has left the nursery: paused in every compile, a tool compiling file after file
never freed any of it."""
import gc
import os
import shutil
import subprocess
import sys
import warnings

import pytest

import pipeline
from tests.regen.programs import environment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYPY = sys.implementation.name == 'pypy'

# A PyPy process counting the major collections that end while it compiles 2,000 small
# functions (4,000 lines) twice: enough allocation for PyPy's collector to run.
COUNT_MAJORS = r'''
import gc, pipeline
source = "".join("def f%d(a, b=[1, 2]):\n    return [a + b for b in range(%d)], {'k': a}\n"
                 % (i, i) for i in range(2000))
majors = []
class Hooks:
    def on_gc_collect(self, stats):
        majors.append(stats.count)
pipeline.compile("x = 1\n", "warm.py", "exec")
gc.collect()
gc.hooks.on_gc_collect = Hooks().on_gc_collect
for _ in range(2):
    pipeline.compile(source, "gen.py", "exec")
gc.hooks.on_gc_collect = None
print(len(majors))
'''


def test_collector_state_while_compiling():
    """Read from inside a compile (its SyntaxWarning's report): paused on CPython only, and
    as it was afterwards."""
    seen = []

    def showwarning(*args, **kwargs):
        seen.append(gc.isenabled())

    assert gc.isenabled()
    with warnings.catch_warnings():
        warnings.simplefilter('always')
        warnings.showwarning = showwarning
        pipeline.compile('assert (x, "message")\n', 'warns.py', 'exec')
    assert seen == [PYPY]
    assert gc.isenabled()


def test_compile_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        pipeline.compile('x = [1]\n', 'plain.py', 'exec')
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pypy_collects_while_compiling_file_after_file():
    if PYPY:
        pypy = sys.executable
    else:
        pypy = shutil.which('pypy3')
        if pypy is None:
            pytest.skip('no PyPy here')
    env = environment()
    env['PYTHONPATH'] = REPO
    # PyPy sizes its nursery from the CPU's caches when the variable is unset: 240 MB on a machine
    # with a 480 MB L3, where the whole test allocates within the nursery and no major collection
    # can come; 1 MB (PyPy's size on a 1 MB L2) makes the count the machine's no longer
    env['PYPY_GC_NURSERY'] = '1MB'
    result = subprocess.run([pypy, '-c', COUNT_MAJORS], env=env, capture_output=True,
                            text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    # paused in each compile, PyPy ran none (or the one under way when the first began)
    assert int(result.stdout) >= 4
