"""Compiled code finds the instruction an exception came from by the host position its handler
sees (vm/tier2.py: LINE_AT, AtByOffset). On PyPy tb_lineno of a frame of that code is not the
line its line table gives, so there the handlers read tb_lasti: the caller's line in a
traceback through a compiled body must be the call's, on every host, with bodies on."""
import textwrap

from pipeline.vm import compat, tier2
from tests.test_tier2 import BODIES, probe

NESTED = ("import os; os.environ['PIPELINE_TIER2_BODY_WARMUP'] = '5'; "
          "os.environ['PIPELINE_TIER2_CALLS'] = 'nested'\n")


def test_a_traceback_through_bodies_names_the_callers_line():
    on = probe(BODIES, prelude=NESTED)
    off = probe(BODIES, tier=0)
    assert on['result'] == off['result']
    assert off['result'][0][1][:2] == ['caller', 40]


def test_line_starts_read_from_the_line_table():
    source = textwrap.dedent('''
    def f(items):
        total = 0
        while True:
            for x in items:
                total += x
    ''' + '\n' * 300 + '''
            if total:
                return total
            total = (
                1)
    ''')
    namespace = {}
    exec(compile(source, 'lines.py', 'exec'), namespace)
    code = namespace['f'].__code__
    starts = compat.line_starts(code)
    expected = {}
    for start, _, line in (code.co_lines() if hasattr(code, 'co_lines') else ()):
        expected.setdefault(start, line)
    if not expected:
        import dis
        expected = dict(dis.findlinestarts(code))
    offsets = [start for start, _ in starts]
    assert offsets == sorted(offsets)
    seen = dict(starts)
    for offset, line in expected.items():
        if line is not None:
            assert tier2.AtByOffset(code, {line: 7}, -1)[offset] == 7, (offset, line, seen)


DUNDER_CALLER = '''
import sys

class V:
    seen = []

    def __init__(self, x):
        self.x = x

    def __sub__(self, o):
        if self.x % 500 == 0:
            caller = sys._getframe(1)
            V.seen.append([caller.f_lineno, caller.f_lasti, caller.f_locals.get('k')])
        return V(self.x - o.x)

    def __add__(self, o):
        return V(self.x + o.x)

ONE = V(1)

def loop(n):
    total = 0
    for k in range(n):
        a, b = V(k), V(2)
        total += (a - ONE).x + (a + b).x
        total += (b + a).x
    return total

result = [loop(3000), V.seen]
'''


def test_a_callers_position_read_through_a_host_call_is_the_calls():
    """A dunder that host code calls from a trace reads its caller's f_lineno and f_lasti (which
    vm/stack.py's sync_caller reads off the host frame running the trace): the `-`'s, at
    every tier and host (PyPy's f_lineno of that frame is not its line table's)."""
    on = probe(DUNDER_CALLER, prelude=NESTED)
    off = probe(DUNDER_CALLER, tier=0)
    assert on['result'] == off['result']
    assert {tuple(seen[:2]) for seen in off['result'][1]} == {(25, 40)}
