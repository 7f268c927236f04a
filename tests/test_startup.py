"""What `python -m pipeline.run` imports to start: only what running the program needs.

Start-up time and footprint are measured by bench/startup.py (never timed here); each module
below is one start-up used to pay for without needing it (every module of ours is compiled
by the host at each start when no .pyc can be written), so that none comes back unseen.
"""
import os
import subprocess
import sys

import pytest

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


def modules_at_start(cwd, *options):
    """The host's modules once `pipeline.run OPTIONS -c PROBE` (run in `cwd`) has started the program."""
    env = environment()
    env['PYTHONPATH'] = REPO
    env.pop('PIPELINE_TIER', None)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run'] + list(options) + ['-c', PROBE],
                            cwd=str(cwd), env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize('tier', ['1', '0'])
def test_a_command_imports_only_the_run_path(tier, tmp_path):
    loaded = modules_at_start(tmp_path, '--tier', tier)
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
