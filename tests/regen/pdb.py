"""Scripted pdb sessions (tests/pdb_sessions/NAME.py with NAME.cmds on stdin) as CPython 3.8 prints
them: tests/golden/pdb/NAME.txt. A program calling breakpoint() runs as a script, any other
under `-m pdb`. Paths are normalized (see transcript())."""
import os
import re
import subprocess
import sys
from typing import List, Optional

from tests.oracle import oracle_python

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SESSIONS = os.path.join(TESTS, 'pdb_sessions')
GOLDEN = os.path.join(TESTS, 'golden', 'pdb')


def sessions() -> List[str]:
    return sorted(name[:-3] for name in os.listdir(SESSIONS) if name.endswith('.py'))


def command(python: List[str], name: str) -> List[str]:
    with open(os.path.join(SESSIONS, name + '.py')) as stream:
        script = 'breakpoint()' in stream.read()
    return python + ([] if script else ['-m', 'pdb']) + [name + '.py']


def transcript(python: List[str], name: str, env: Optional[dict] = None,
               stdlib: Optional[str] = None) -> str:
    """What `python` prints for the session, directories replaced by <sessions> and <stdlib>."""
    with open(os.path.join(SESSIONS, name + '.cmds')) as stream:
        commands = stream.read()
    result = subprocess.run(command(python, name), cwd=SESSIONS, input=commands, env=env,
                            capture_output=True, text=True, timeout=300)
    text = result.stdout + result.stderr
    text = text.replace(SESSIONS + os.sep, '<sessions>/')
    if stdlib:
        text = text.replace(stdlib + os.sep, '<stdlib>/')
    return re.sub(r' at 0x[0-9a-f]+', ' at 0x?', text)


def stdlib_of(python: str) -> str:
    return subprocess.run([python, '-c', 'import os; print(os.path.dirname(os.__file__))'],
                          capture_output=True, text=True, check=True).stdout.strip()


def main() -> None:
    os.makedirs(GOLDEN, exist_ok=True)
    oracle = oracle_python()
    for name in sessions():
        with open(os.path.join(GOLDEN, name + '.txt'), 'w') as stream:
            stream.write(transcript([oracle], name, stdlib=stdlib_of(oracle)))


if __name__ == '__main__':
    main()
