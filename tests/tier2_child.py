"""A test's program run by a child interpreter at tier 2, its loops and bodies compiled early
(warm-ups set low, calls of compiled code running compiled bodies): the child script reads the
program's path as its argument and prints what the test checks."""
import subprocess
import sys
from typing import List

from tests.regen.programs import environment

REPO = __file__.rsplit('/tests/', 1)[0]


def run_at_tier2(tmp_path, name: str, program: str, child: str) -> List[str]:
    """Writes `program` as tmp_path/name, runs `child` on it; returns its output's lines."""
    path = tmp_path / name
    path.write_text(program)
    env = environment()
    env.update(PYTHONPATH=REPO, PIPELINE_TIER='2', PIPELINE_TIER2_CALLS='nested', PIPELINE_TIER2_WARMUP='40',
               PIPELINE_TIER2_BODY_WARMUP='5')
    done = subprocess.run([sys.executable, '-c', child, str(path)], capture_output=True, text=True, env=env,
                          timeout=300, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
