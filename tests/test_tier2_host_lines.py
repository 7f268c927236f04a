"""Compiled code finds the instruction an exception came from by the host position its handler
sees (vm/tier2.py: LINE_AT, AtByOffset). On PyPy tb_lineno of a frame of that code is not the
line its line table gives, so there the handlers read tb_lasti: the caller's line in a
traceback through a compiled body must be the call's, on every host, with bodies on."""
import textwrap

from pipeline.vm import tier2
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
    starts = tier2._line_starts(code)
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
