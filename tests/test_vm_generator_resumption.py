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
