"""On PyPy, the globals of tier 2's compiled code (traces, bodies) are a module's kind of dict.

PyPy's JIT reads a name of a module dict as a constant (valid till the name is bound again);
in a plain dict each name the code reads (its constants K0.., the VM's functions, its counters)
costs a hash lookup at each use (bench/FINDINGS.md, "Session 17, s17pyloop": nbody 5x faster
at tier 2, a body's call 3-7x). The names the code binds again while it runs (a constant
re-pointed to a class made again: tier2.repoint) are read afresh: the program below re-points
one each round and its output stays 3.8's."""
import sys

import pytest

from tests.tier2_child import run_at_tier2


# a hot loop (a trace) calling functions (bodies), a class made again each round whose __init__
# compiled code calls (re-pointed to the new class: tier2.repoint)
PROGRAM = '''
def make():
    class Point:
        def __init__(self, x):
            self.x = x
    return Point

def get(p, i):
    return p.x + i

def work(cls, n):
    total = 0
    for i in range(n):
        total += get(cls(i), i)
    return total

for round in range(4):
    print(work(make(), 3000))
'''

CHILD = '''
import sys
import __pypy__
import pipeline, pipeline.vm as vm
from pipeline.vm import tier2, tier2_calls
path = sys.argv[1]
vm.run_code(pipeline.compile(open(path).read(), path, 'exec'), {'__name__': '__main__', '__file__': path})
bodies = [body.info for body in tier2_calls._live.values()]
traces = [info for info in tier2.compiled if info not in bodies]
print(len(bodies) > 0, len(traces) > 0,
      sorted(set(__pypy__.strategy(info.namespace) for info in bodies + traces)))
'''


@pytest.mark.skipif(sys.implementation.name != 'pypy', reason="PyPy's dict strategies")
def test_compiled_code_reads_a_module_dict(tmp_path):
    output = run_at_tier2(tmp_path, 'hot.py', PROGRAM, CHILD)
    assert output == ['8997000'] * 4 + ["True True ['ModuleDictStrategy']"]
