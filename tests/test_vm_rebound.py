"""vm/rebound.py: on PyPy, module globals the program binds again are bound as cells at once.

The marking is PyPy's by default; PIPELINE_REBOUND=1 turns it on here, so that its instructions
(STORE_NAME_REBOUND, STORE_GLOBAL_REBOUND) run on every host and must leave 3.8's behaviour.
"""
import os
import subprocess
import sys
import textwrap

import pytest

import pipeline
from pipeline.vm import fused, rebound
from tests.regen import programs as corpus

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def decoded_with_marks(source):
    """The decoded module code of `source` and of its first function, rebound names marked."""
    decode_module = sys.modules['pipeline.vm.decode']
    previous = decode_module.MARK_REBOUND
    rebound.enable(True)
    try:
        code = pipeline.compile(textwrap.dedent(source), '<rebound>', 'exec')
        function_code = next(const for const in code.co_consts if isinstance(const, type(code)))
        return decode_module.decode(code), decode_module.decode(function_code)
    finally:
        decode_module.MARK_REBOUND = previous


def marked(dc, opcode):
    return [name for op, name in dc.instrs if op == opcode]


def test_names_bound_again_or_in_a_loop_are_marked_and_the_others_not():
    module, function = decoded_with_marks('''
        def bump():
            global counter, made_here
            counter += 1
            made_here = 1
            local = 2
        counter = 0
        once = 1
        twice = 1
        twice = 2
        for item in range(3):
            inside = item
        while once:
            once -= 1
        after = 3
    ''')
    assert sorted(rebound.rebound_names(module)) == ['inside', 'item', 'once', 'twice']
    assert marked(module, fused.STORE_NAME_REBOUND) == ['once', 'twice', 'twice', 'item', 'inside', 'once']
    # a name some function declares global is bound with STORE_GLOBAL by the module body too
    assert marked(module, fused.STORE_GLOBAL_REBOUND) == ['counter']
    assert marked(function, fused.STORE_GLOBAL_REBOUND) == ['counter', 'made_here']
    assert marked(function, fused.STORE_NAME_REBOUND) == []
    # the instrumented loop's stream and tier 2's projector read the plain instructions
    assert all(op < 200 for op, _ in module.plain_instrs)


@pytest.mark.parametrize('tier', [0, 1, 2])
def test_rebound_globals_program_matches_golden_with_the_marks_on(tier, tmp_path):
    """tests/programs/rebound_globals.py (first bindings seen from the module and from another
    thread, del and bind again, class bodies, exec with plain dicts, separate locals and a dict
    subclass) gives CPython 3.8's output with every rebound name marked, at each tier."""
    name = 'rebound_globals'
    with open(os.path.join(corpus.PROGRAMS, name + '.py'), encoding='utf-8') as stream:
        (tmp_path / (name + '.py')).write_text(stream.read(), encoding='utf-8')
    env = corpus.environment()
    env.update(PYTHONPATH=REPO, PIPELINE_TIER=str(tier), PIPELINE_REBOUND='1', PIPELINE_TIER2_WARMUP='40')
    proc = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', name + '.py'],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=300)
    golden = corpus.load(name)
    assert (proc.stdout, proc.stderr, proc.returncode) == (golden['stdout'], golden['stderr'], golden['status'])


def test_marking_is_pypys_default_only():
    """The double write pays only where module dicts keep cells (PyPy); elsewhere it would cost."""
    env = dict(os.environ, PYTHONPATH=REPO)
    env.pop('PIPELINE_REBOUND', None)
    probe = ('import sys, pipeline.vm; from pipeline.vm import rebound; '
             'print(rebound.ENABLED, sys.modules["pipeline.vm.decode"].MARK_REBOUND is not None)')
    proc = subprocess.run([sys.executable, '-c', probe], env=env, capture_output=True, text=True, timeout=120)
    expected = sys.implementation.name == 'pypy'
    assert proc.stdout.split() == [str(expected), str(expected)], proc.stderr
