"""What `python -m pipeline.run` imports to start: only what running the program needs.

Start-up time and footprint are measured by bench/startup.py (never timed here); each module
below is one start-up used to pay for without needing it (every module of ours is compiled
by the host at each start when no .pyc can be written), so that none comes back unseen.
"""
import os
import subprocess
import sys

import pytest

from pipeline.vm.tiers import DEFAULT_TIER
from tests.regen.programs import environment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# module -> what alone needs it
NOT_AT_START_UP = {
    'pipeline.vm.eval_generated': 'the plain loop: tier 0',
    'pipeline.vm.eval_traced_generated': 'the instrumented loop: --trace, --stats, sys.settrace',
    'pipeline.vm.eval_adaptive_stats_generated': "tier 1's counting loop: --stats",
    'pipeline.vm.instructions': "the loops' definitions: the generator's input",
    'pipeline.vm.adaptive': "tier 1's definitions: the generator's input",
    'pipeline.vm.cases': 'the loop generator',
    'pipeline.vm.tier2': 'tier 2',
    'pipeline.vm.tier2_translate': 'tier 2',
    'pipeline.vm.cprofile': 'cProfile',
    'pipeline.compiler.marshal': 'reading or writing a .pyc',
    'pipeline.compiler.unparse': '`from __future__ import annotations`',
    'pipeline.traceback_format': 'an error to report',
    'pipeline.tokenizer.api': "Lib/tokenize.py's face of the tokenizer",
    'pipeline.tokenizer.pyscan': "Lib/tokenize.py's face of the tokenizer",
    'pipeline.oracle_compiler': '--compiler oracle',
    'pipeline.repl': 'the REPL',
    'pipeline.dis': 'pipeline.dis',
    'pipeline.cover': 'a program importing coverage',
    'lark': 'rebuilding the parse tables',
    'hashlib': 'nothing: OpenSSL is 3.5 MB (grammar/tables.py hashes with _sha256)',
    'ctypes': 'cProfile, or a host without another way to set the handled exception',
    'json': 'the .pyc writer',
}
if sys.version_info >= (3, 10):   # (3.8's and 3.9's importlib.util, which runpy needs, import it)
    NOT_AT_START_UP['importlib.abc'] = 'nothing: on 3.11 it imports pathlib, tempfile, shutil, ...'

PROBE = "import sys; print('\\n'.join(sorted(sys.modules)))"


def modules_at_start(cwd, *options, code=PROBE):
    """The host's modules once `pipeline.run OPTIONS -c CODE` (run in `cwd`) has run CODE (by
    default only PROBE, which prints them; a CODE ends with it)."""
    env = environment()
    env['PYTHONPATH'] = REPO
    env.pop('PIPELINE_TIER', None)
    env.pop('PIPELINE_TIER2_WARMUP', None)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run'] + list(options) + ['-c', code],
                            cwd=str(cwd), env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize('tier', ['2', '1', '0', 'default'])
def test_a_command_imports_only_the_run_path(tier, tmp_path):
    loaded = modules_at_start(tmp_path, *(['--tier', tier] if tier != 'default' else []))
    assert 'pipeline.vm' in loaded and 'pipeline.compiler.codegen' in loaded
    unneeded = {name: why for name, why in NOT_AT_START_UP.items()
                if name in loaded and not (tier == '0' and name == 'pipeline.vm.eval_generated')}
    assert not unneeded, 'imported at start-up without need: %r' % unneeded
    # only the loop the tier runs
    if tier == '0':
        assert 'pipeline.vm.eval_generated' in loaded
        assert 'pipeline.vm.eval_adaptive_generated' not in loaded
    else:
        assert 'pipeline.vm.eval_adaptive_generated' in loaded
    # tier 2 is on (its back edges counted) without its projector and translator (at --tier 0
    # or 1 its counting may be loaded too: pipeline.vm sets the default tier at import)
    if (tier if tier != 'default' else str(DEFAULT_TIER)) == '2':
        assert 'pipeline.vm.tier2_backedges' in loaded


def test_tier2_imports_its_translator_at_the_first_hot_loop(tmp_path):
    """At tier 2 a program whose loops stay cold (fewer runs than tier 2's warm-up, 2000 on
    CPython hosts, 40000 on PyPy) never loads the projector and translator; the first loop to
    get hot does."""
    cold = modules_at_start(tmp_path, '--tier', '2', code='for i in range(100):\n    pass\n' + PROBE)
    assert 'pipeline.vm.tier2_backedges' in cold
    assert not {'pipeline.vm.tier2', 'pipeline.vm.tier2_translate', 'pipeline.vm.instructions',
                'pipeline.vm.cases'} & cold
    hot = modules_at_start(tmp_path, '--tier', '2', code='for i in range(50000):\n    pass\n' + PROBE)
    assert {'pipeline.vm.tier2', 'pipeline.vm.tier2_translate'} <= hot
