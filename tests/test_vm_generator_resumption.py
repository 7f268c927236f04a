"""How the loop resumes VM generators at tier 2 (vm/tier2.py): a trace leaves a generator's
resumption to the loop, which resumes it inline; the output of tests/programs/
generator_resumption.py (every way of resuming one) is checked at each tier by test_programs."""
from tests.test_tier2 import probe

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


def test_a_loop_over_a_vm_generator_leaves_its_trace_for_the_loop():
    """The loop's trace exits before FOR_ITER over a VM generator (no nested loop through next()
    per item), so it does nothing per entry and is dropped at its review: the loop stays at
    tier 1, where the generator resumes inline; the values are the same at tier 0."""
    at_two = probe(SOURCE)
    assert at_two['result'] == probe(SOURCE, tier=0)['result'] == [8997000, 4498500]
    assert at_two['names'] == ['consume'] and at_two['live'] == 0


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
    builtins' drains, vm/consumers.py), none is resumed by host code; at tier 2 the loops'
    traces exit before those calls and before YIELD_FROM (vm/tier2_generators.py), so they do
    nothing per entry and are dropped (tier 1 runs the loops)."""
    results = {tier: probe(CONSUMED, tier=tier, prelude=HOST_RESUMPTIONS) for tier in (0, 1, 2)}
    expected = [sum(sum(x * 2 for x in row) + max(x % 5 for x in row) + len(tuple(x for x in row if x & 1))
                    for row in [range(1, 4), range(7), range(2, 9, 3)] * 150), 0, [0, 0, 1, -1, 2, -2], 0]
    for tier, outcome in results.items():
        assert outcome['result'] == expected, tier
    assert results[2]['names'] == ['total', 'chained'] and results[2]['live'] == 0
