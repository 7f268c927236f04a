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
if sys.argv[2] == 'off':   # (PyPy's rule on any host)
    tier2_calls.LOOP_RUNS_BODIES = False
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
if sys.argv[3] == 'traces':
    tier2 = sys.modules.get('pipeline.vm.tier2')
    print([(info.code.co_name, info.verdict) for info in (tier2.compiled if tier2 else ())
           if not info.source.startswith('def body')])
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


def _run(tmp_path, warmup, program=PROGRAM, loop_runs_bodies='host', body_warmup='5', traces=False):
    path = tmp_path / 'calls.py'
    path.write_text(program)
    env = environment()
    env.update(PYTHONPATH=REPO, PIPELINE_TIER='2', PIPELINE_TIER2_CALLS='nested', PIPELINE_TIER2_WARMUP=warmup,
               PIPELINE_TIER2_BODY_WARMUP=body_warmup, PIPELINE_TIER2_LONG_RUN='0')
    done = subprocess.run([sys.executable, '-c', CHILD, str(path), loop_runs_bodies, 'traces' if traces else '-'],
                          capture_output=True, text=True, env=env, timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_loops_calls_run_bodies_except_on_pypy(tmp_path):
    # no trace (the loop never warms up): every call is the loop's, bodies compiled from its counts
    # where the loop runs them (on PyPy leaf's not: it reads an attribute; caller's, which reads none,
    # the loop would run for caller's calls of itself)
    compiled, ran = ("['caller']", '[]') if sys.implementation.name == 'pypy' else ("['caller', 'leaf']",) * 2
    assert _run(tmp_path, '1000000000') == ['13522500', '%s %s' % (compiled, ran)]


def test_the_loops_calls_of_a_function_from_its_own_frame_run_its_body_if_it_reads_no_attribute(tmp_path):
    # no trace: on PyPy fib's recursion below its first level runs fib's body, length's stays the loop's
    # (and is not compiled: nothing would run it)
    ran = ['fib'] if sys.implementation.name == 'pypy' else ['fib', 'length']
    assert _run(tmp_path, '1000000000', RECURSIVE) == ['36375', '%s %s' % (ran, ran)]


POLYMORPHIC = '''
class Task:
    def __init__(self):
        self.n = 0

    def run(self, i):
        self.n += i
        return self.n


class Sub(Task):
    def run(self, i):
        self.n -= i
        return self.n


class Xor(Task):
    def run(self, i):
        self.n ^= i
        return self.n


tasks = [Task(), Sub(), Xor()]
total = 0
for i in range(9000):
    total += tasks[i % 3].run(i)
print(total)
'''


def test_where_the_loop_runs_no_bodies_its_counts_compile_only_bodies_it_may_run(tmp_path):
    # PyPy's rule on any host: a body the loop cannot run is not compiled (go's first run on PyPy
    # compiled 16, half its time: bench/FINDINGS.md, "Session 22, s22go"); fib's, which the loop
    # runs, is, and caller's (it reads no attribute: its calls of itself would run it)
    assert _run(tmp_path, '1000000000', loop_runs_bodies='off') == ['13522500', "['caller'] []"]
    assert _run(tmp_path, '1000000000', RECURSIVE, loop_runs_bodies='off') == ['36375', "['fib'] ['fib']"]
    # a trace's calls still compile and run them
    assert _run(tmp_path, '40', loop_runs_bodies='off') == ['13522500', "['caller', 'leaf'] ['caller', 'leaf']"]
    # its counts ran out (1,333 calls of each `run`, BODY_WARMUP 50) before the trace came (WARMUP
    # 4000): the trace's first call of each compiles it. Counted from there (50 calls each), the
    # trace left at each call, and its review dropped it after 100 entries: richards_like's
    # `schedule`, compiled early on PyPy (LONG_ACTIVATION), ran in the loop, 0.035 s -> 0.25 s
    assert _run(tmp_path, '4000', POLYMORPHIC, loop_runs_bodies='off', body_warmup='50', traces=True) \
        == ['6814220', "['run'] ['run']", "[('<module>', 'running')]"]


def test_compiled_codes_calls_run_bodies(tmp_path):
    # the loop's trace calls caller and leaf, caller's body calls leaf's: bodies on every host
    assert _run(tmp_path, '40') == ['13522500', "['caller', 'leaf'] ['caller', 'leaf']"]
