"""Which calls run compiled bodies: the tier-1 loop's too on CPython hosts, only compiled code's on PyPy
(and there the loop's calls of a function from its own frames where its body reads no attribute).

On PyPy the eval loop is one JIT loop that inlines the bodies its calls run, with their guards on
the program's classes; a program that makes its classes again (each run of deltablue) or turns an
int attribute into a float threw that loop away and grew long bridges through it (deltablue 2.2x
slower with bodies than without, bench/FINDINGS.md, "Session 18, s18delta"). There the loop's
calls stay the loop's (tier2_calls.LOOP_RUNS_BODIES), while calls from traces still run bodies, and
so do a function's calls of itself where its body reads no attribute (Body.from_itself: fib's
recursion entered from the loop, bench/FINDINGS.md, "Session 19, s19flow").
The children count the calls each compiled body ran, with and without a trace calling them."""
import subprocess
import sys

from tests.regen.programs import environment

REPO = __file__.rsplit('/tests/', 1)[0]

PROGRAM = '''
class Box:
    def __init__(self, v):
        self.v = v

def leaf(box, i):
    return box.v + i

def caller(box, i):
    return leaf(box, i) * 2

box = Box(3)
total = 0
for i in range(3000):
    total += caller(box, i) + leaf(box, i)
print(total)
'''

CHILD = '''
import sys
import pipeline, pipeline.vm as vm
from pipeline.vm import tier2_calls
ran = {}
install = tier2_calls._install
def counted(body, built):
    info, run = built
    name = info.code.co_name
    ran.setdefault(name, 0)
    def body_run(caller, f, entry, levels=1):
        ran[name] += 1
        return run(caller, f, entry, levels)
    install(body, (info, body_run))
tier2_calls._install = counted
path = sys.argv[1]
vm.run_code(pipeline.compile(open(path).read(), path, 'exec'), {'__name__': '__main__', '__file__': path})
print(sorted(ran), sorted(name for name in ran if ran[name]))
'''


RECURSIVE = '''
class Node:
    def __init__(self, rest):
        self.rest = rest

def length(node):
    return 0 if node is None else 1 + length(node.rest)

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

chain = None
for i in range(8):
    chain = Node(chain)
total = 0
for i in range(3000):
    total += fib(i % 8) + length(chain)
print(total)
'''


def _run(tmp_path, warmup, program=PROGRAM):
    path = tmp_path / 'calls.py'
    path.write_text(program)
    env = environment()
    env.update(PYTHONPATH=REPO, PIPELINE_TIER='2', PIPELINE_TIER2_CALLS='nested', PIPELINE_TIER2_WARMUP=warmup,
               PIPELINE_TIER2_BODY_WARMUP='5')
    done = subprocess.run([sys.executable, '-c', CHILD, str(path)], capture_output=True, text=True, env=env,
                          timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_loops_calls_run_bodies_except_on_pypy(tmp_path):
    # no trace (the loop never warms up): every call is the loop's, bodies compiled from its counts
    ran = [] if sys.implementation.name == 'pypy' else ['caller', 'leaf']
    assert _run(tmp_path, '1000000000') == ['13522500', "['caller', 'leaf'] %s" % ran]


def test_the_loops_calls_of_a_function_from_its_own_frame_run_its_body_if_it_reads_no_attribute(tmp_path):
    # no trace: on PyPy fib's recursion below its first level runs fib's body, length's stays the loop's
    ran = ['fib'] if sys.implementation.name == 'pypy' else ['fib', 'length']
    assert _run(tmp_path, '1000000000', RECURSIVE) == ['36375', "['fib', 'length'] %s" % ran]


def test_compiled_codes_calls_run_bodies(tmp_path):
    # the loop's trace calls caller and leaf, caller's body calls leaf's: bodies on every host
    assert _run(tmp_path, '40') == ['13522500', "['caller', 'leaf'] ['caller', 'leaf']"]
