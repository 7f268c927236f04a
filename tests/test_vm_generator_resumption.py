"""How the loop resumes VM generators at tier 2 (vm/tier2.py): a trace leaves a generator's
resumption to the loop, which resumes it inline; the output of tests/programs/
generator_resumption.py (every way of resuming one) is checked at each tier by test_programs."""
import json
import os
import sys
import textwrap

import pytest

from pipeline.vm import tier2_backedges, tier2_calls
from tests.regen import programs as corpus
from tests.test_tier2 import probe, run

SOURCE = '''
def numbers(n):
    for i in range(n):
        yield i * 2

def consume(iterable):
    total = 0
    for value in iterable:
        total += value
    return total

result = [consume(numbers(3000)), consume(range(3000))]
'''


def test_a_loop_over_a_vm_generator_runs_its_compiled_steps():
    """The loop's trace takes each item of a VM generator from the generator's compiled step
    (vm/tier2_generators.py: the generator's code from its resume point to its next yield, run
    as a call; no nested loop through next(), no exit to the loop), so the trace stays live; on
    PyPy without nested calls (tier2_calls.NESTED_CALLS), where calls from traces are the loop's,
    the trace exits before FOR_ITER instead, does nothing per entry and is dropped. The values are
    the same at tier 0."""
    at_two = probe(SOURCE)
    assert at_two['result'] == probe(SOURCE, tier=0)['result'] == [8997000, 4498500]
    if not tier2_calls.NESTED_CALLS:
        assert at_two['names'] == ['consume'] and at_two['live'] == 0
    else:
        assert at_two['names'] == ['consume', 'numbers'] and at_two['live'] == 1


# counts the resumptions of VM generators by host code (Generator.__next__/send, through _send)
HOST_RESUMPTIONS = '''
from pipeline.vm import generators
generators.HOST_RESUMPTIONS = [0]
def _counting(self, *args, _send=generators._GeneratorBase._send):
    generators.HOST_RESUMPTIONS[0] += 1
    return _send(self, *args)
generators._GeneratorBase._send = _counting
'''

CONSUMED = '''
import sys

def total(rows):
    t = 0
    for row in rows:
        t += sum(x * 2 for x in row) + max(x % 5 for x in row) + len(tuple(x for x in row if x & 1))
    return t

def chained(n):
    for i in range(n):
        yield from pair(i)

def pair(i):
    yield i
    yield -i

rows = [range(1, 4), range(7), range(2, 9, 3)] * 150
result = [total(rows), sum(chained(400)), list(chained(3)),
          sys.modules['pipeline.vm.generators'].HOST_RESUMPTIONS[0]]
'''


def test_builtins_drain_vm_generators_at_every_tier():
    """sum/max/tuple over a generator expression in a hot loop, and `yield from` a VM generator
    in a hot generator's loop: the loop resumes each generator itself at every tier (the
    builtins' drains, vm/consumers.py), none is resumed by host code. At tier 2 the genexprs'
    own loops (3 to 7 items each) get traces while the loop drains them, though fewer than
    MIN_ITERATIONS are left at their first look (a drained generator's trace runs the rest of
    its drain in one entry, tier2_backedges); then `total`'s loop gets a trace that stays, whose
    calls of the builtins run the genexprs' drain steps (vm/tier2_generators.py's drain_call:
    one step per genexpr, no loop trace). `chained`'s trace exits before YIELD_FROM (and is
    dropped); `pair`, delegated to by the loop's YIELD_FROM often enough, gets compiled steps
    (vm/tier2_generators.py's delegated), which are no loop traces either."""
    results = {tier: probe(CONSUMED, tier=tier, prelude=HOST_RESUMPTIONS) for tier in (0, 1, 2)}
    expected = [sum(sum(x * 2 for x in row) + max(x % 5 for x in row) + len(tuple(x for x in row if x & 1))
                    for row in [range(1, 4), range(7), range(2, 9, 3)] * 150), 0, [0, 0, 1, -1, 2, -2], 0]
    for tier, outcome in results.items():
        assert outcome['result'] == expected, tier
    if sys.implementation.name == 'pypy':
        return   # (its loops are not hot yet there: tier2_backedges.WARMUP is 40000 on PyPy)
    names = results[2]['names']
    assert [name for name in names if name not in ('<genexpr>', 'pair')] == ['total', 'chained']
    # (the three genexprs' loop traces and `total`'s live; their three drain steps are no loops)
    assert names.count('<genexpr>') == 6 and results[2]['live'] == 4


DRAINED = '''
def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)

def row_sums(u):
    n = len(u)
    return [sum(eval_a(i, j) * u[j] for j in range(n)) for i in range(n)]

def squares(n):
    for i in range(n):
        yield i * i

def cubes(n):
    for i in range(n):
        yield i * i * i

def loop_over(n):
    total = 0
    for value in squares(n):
        total += value
    return total

u = row_sums([1.0] * 120)
result = [round(sum(u), 9), len(set(x % 97 for x in range(3000))), loop_over(3000), sum(cubes(3000))]
'''

DRAINED_PROBE = textwrap.dedent('''
    import json
    import pipeline
    from pipeline.vm import tier2
    SOURCE = %r
    namespace = {'__name__': '__main__'}
    pipeline.run_code(pipeline.compile(SOURCE, 'probe.py', 'exec'), namespace)
    yields = {}
    for info in tier2.compiled:   # per generator loop: iterations run in the trace, exits at its yield
        at_yield = [count for index, count in zip(info.exits, info.exit_counts)
                    if info.code.co_code[2 * index] == 86]   # YIELD_VALUE
        yields.setdefault(info.code.co_name, []).append((info.iterations[0], sum(at_yield),
                                                         info.verdict == 'a drain step of the generator'))
    print(json.dumps({'result': namespace['result'], 'yields': yields}))
''')


def test_a_drained_generator_loop_runs_its_yields_in_its_trace():
    """A genexpr's loop drained by sum/set (spectral_norm's shape), and a generator function's
    drained by sum: at tier 2 their traces hand each item to the drain at the yield and go on
    (vm/tier2_generators.py), so they run thousands of iterations and never exit there; a
    generator resumed by a VM `for` gets no trace (its yield goes to FOR_ITER, which resumes it
    inline, or its trace runs the generator's compiled step, which returns at the yield). The
    values are tier 0's. (Not on PyPy without nested calls: loops in a generator's code are not
    translated there, tier2_backedges.TRANSLATE_GENERATORS.)"""
    if not tier2_backedges.TRANSLATE_GENERATORS:
        pytest.skip('generator loops are not translated on PyPy without nested calls')
    proc = run(['-c', DRAINED_PROBE % DRAINED], 2)
    assert proc.returncode == 0, proc.stderr
    at_two = json.loads(proc.stdout.strip().splitlines()[-1])
    assert at_two['result'] == probe(DRAINED, tier=0)['result']
    genexprs = at_two['yields']['<genexpr>']
    # (once row_sums' listcomp has its own trace, its sum() runs the genexpr's drain step instead:
    # one host call per drain, whose iterations no trace counts)
    assert sum(iterations for iterations, _, _ in genexprs) > 5000
    assert any(drain_step for _, _, drain_step in genexprs)
    assert all(exits == 0 for _, exits, _ in genexprs)
    [(iterations, exits, _)] = at_two['yields']['cubes']
    assert iterations > 2000 and exits == 0
    assert all(iterations == 0 and exits == 0 for iterations, exits, _ in at_two['yields'].get('squares', []))


@pytest.mark.parametrize('tier', [0, 2])
@pytest.mark.parametrize('name', ['tier2_drained_generators', 'tier2_short_drains'])
def test_drained_generators_program_matches_golden(name, tier, tmp_path):
    """tests/programs/tier2_drained_generators.py (drains that stop taking items, exceptions,
    PEP 479, host and `for` resumptions of a generator whose trace was built while drained,
    settrace mid-drain) gives CPython 3.8's output with every hot loop compiled;
    tier2_short_drains.py (drains of a few items, compiled on CPython only, then of many, over a
    class made again, stopped early, raising, seen from inside, a method rebound) too."""
    with open(os.path.join(corpus.PROGRAMS, name + '.py'), encoding='utf-8') as stream:
        (tmp_path / (name + '.py')).write_text(stream.read(), encoding='utf-8')
    proc = run(['-m', 'pipeline.run', '--no-cache', name + '.py'], tier, cwd=str(tmp_path))
    golden = corpus.load(name)
    assert (proc.stdout, proc.stderr, proc.returncode) == (golden['stdout'], golden['stderr'], golden['status'])


@pytest.mark.parametrize('tier', [0, 2])
@pytest.mark.parametrize('name', ['tier2_drain_steps', 'tier2_kept_steps', 'tier2_step_warmup'])
def test_steps_program_matches_golden(name, tier, tmp_path):
    """tests/programs/tier2_drain_steps.py (builtins draining VM generators called from hot
    compiled code, run by the generators' drain steps: exceptions and PEP 479 mid-drain, the
    generator's frame seen from inside, re-entrant next/close/throw, items not taken, a rebound
    builtin, a trace function set mid-drain, the depth of a drained generator's calls) and
    tier2_kept_steps.py (chains of generators and coroutines resumed by the steps they keep,
    Generator._kept_step: resumed by something else in between, values sent, closed and thrown
    into, seen from inside, too deep, traced) give CPython 3.8's output with every hot loop
    compiled (test_tier2's WARMUP of 40); so does tier2_step_warmup.py (generators resumed by
    compiled code from points reached a few times, by the loop till their steps are built:
    frames, gi_running, exceptions, close, a trace function)."""
    with open(os.path.join(corpus.PROGRAMS, name + '.py'), encoding='utf-8') as stream:
        (tmp_path / (name + '.py')).write_text(stream.read(), encoding='utf-8')
    proc = run(['-m', 'pipeline.run', '--no-cache', name + '.py'], tier, cwd=str(tmp_path))
    golden = corpus.load(name)
    assert (proc.stdout, proc.stderr, proc.returncode) == (golden['stdout'], golden['stderr'], golden['status'])


SHORT_DRAINS = '''
class Done:
    def __init__(self, cells):
        self.cells = cells
    def fixed(self, i):
        return len(self.cells[i]) == 1

def occupied(done, rows):
    total = 0
    for row in rows:
        total += sum(1 for n in row if done.fixed(n))
    return total

def spread(done, n):
    return sum(1 for i in range(n) if done.fixed(i % 4))

done = Done([[1], [1, 2], [3], []])
rows = [[0, 1, 2], [1, 2, 3, 0, 2], [3, 3]] * 40
result = [sum(occupied(done, rows) for _ in range(60)), sum(spread(done, 400) for _ in range(20))]
'''

SHORT_DRAINS_PROBE = textwrap.dedent('''
    import json, os
    os.environ['PIPELINE_TIER2_WARMUP'] = '300'   # (PyPy's 40000 back edges: a longer program)
    import pipeline
    from pipeline.vm import tier2
    SOURCE = %r
    namespace = {'__name__': '__main__'}
    pipeline.run_code(pipeline.compile(SOURCE, 'probe.py', 'exec'), namespace)
    loops = [info.code.co_firstlineno for info in tier2.compiled
             if info.code.co_name == '<genexpr>' and info.verdict != 'a drain step of the generator']
    print(json.dumps({'result': namespace['result'], 'loops': loops}))
''')


def test_a_drained_genexpr_with_few_items_gets_a_loop_trace_on_cpython_only():
    """hexiom's shape: genexprs of 2-5 items drained by sum in a hot loop, and one of 400. On
    CPython the short one's loop gets a trace though it has fewer than MIN_ITERATIONS items left
    (tier2_backedges.SHORT_DRAINS: a drained generator's trace runs the rest of its drain in one
    entry); on PyPy only the long one's does (a short drain's JIT loop, specialised on each run's
    objects, costs more JIT work than it saves). The values are tier 0's either way."""
    if not tier2_backedges.TRANSLATE_GENERATORS:
        pytest.skip('generator loops are not translated on PyPy without nested calls')
    proc = run(['-c', SHORT_DRAINS_PROBE % SHORT_DRAINS], 2)
    assert proc.returncode == 0, proc.stderr
    at_two = json.loads(proc.stdout.strip().splitlines()[-1])
    assert at_two['result'] == probe(SHORT_DRAINS, tier=0)['result'] == [12000, 4000]
    assert 15 in at_two['loops']
    assert (11 in at_two['loops']) == (sys.implementation.name != 'pypy')


# a generator with one-off resume points (after `start`, `middle`) and a hot one (its loop's
# yield), consumed by compiled code: `calls` generators, each resumed once from each one-off point
STEP_RESUMPTIONS = '''
def staged(n):
    yield 'start'
    yield 'middle'
    for i in range(n):
        yield i

def consume(n):
    total = 0
    for item in staged(n):
        if type(item) is int:
            total += item
    return total

result = [consume(300) for _ in range(CALLS)]
'''

STEP_RESUMPTIONS_PROBE = textwrap.dedent('''
    import json, os
    os.environ['PIPELINE_TIER2_WARMUP'] = '40'
    import pipeline
    from pipeline.vm import tier2
    SOURCE = %r
    namespace = {'__name__': '__main__'}
    pipeline.run_code(pipeline.compile(SOURCE, 'probe.py', 'exec'), namespace)
    steps = sorted(info.head for info in tier2.compiled
                   if info.code.co_name == 'staged' and info.verdict == 'a step of the generator')
    print(json.dumps({'result': namespace['result'][-1], 'steps': steps}))
''')


def test_a_step_is_built_once_its_resume_point_has_been_resumed_from_often_enough():
    """Compiled code resumes a generator from a resume point through its step only once that
    point has been resumed from tier2_generators.STEP_RESUMPTIONS times (the loop resumes it till
    then): a point reached once per call of the consumer (nqueens' permutations after its first
    yield, once a run) gets no translation of its own in the first calls; the loop's yield gets
    its step at once. The values are tier 0's either way."""
    if not tier2_calls.NESTED_CALLS:
        pytest.skip('steps run where calls nest (tier2_calls.NESTED_CALLS)')
    from pipeline.vm import tier2_generators
    steps = {}
    for calls in (tier2_generators.STEP_RESUMPTIONS - 2, 3 * tier2_generators.STEP_RESUMPTIONS):
        proc = run(['-c', STEP_RESUMPTIONS_PROBE % STEP_RESUMPTIONS.replace('CALLS', str(calls))], 2)
        assert proc.returncode == 0, proc.stderr
        at_two = json.loads(proc.stdout.strip().splitlines()[-1])
        assert at_two['result'] == 44850
        steps[calls] = at_two['steps']
    few, many = steps.values()
    # (a step's head is the instruction it resumes at: the loop's yield's is the last)
    assert len(few) == 1 and len(many) == 3 and few[0] == max(many), steps
