"""python -m pipeline.debug: pdb's commands as `python -m pipeline.run -m pdb` gives them, and the
instruction commands (stepi, nexti, stack, blocks, dis, where with offsets) in a scripted session."""
import os
import re
import subprocess
import sys

import pytest

from tests.regen.pdb import SESSIONS, sessions, stdlib_of
from tests.test_pdb import expected as pdb_expected

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAM = '''\
def add(a, b):
    c = a + b
    return c


def main():
    total = 0
    for k in range(2):
        try:
            total = add(total, k)
        finally:
            total += 1
    return total


print(main())
'''

COMMANDS = ['b add', 'c', 'dis', 'si', 'stack', 'si', 'stack', 'ni', 'stack', 'si', 'si', 'si', 'si',
            'si', 'blocks', 'stack', 'where', 'up', 'stack', 'next', 'ni', 'clear 1', 'c', 'q']

# what the session prints (addresses as 0x?, the program's directory as <dir>, the host's
# bdb.py line of `where` left out): our debugger's own output, checked by hand against the
# disassembly (no CPython tool prints it)
TRANSCRIPT_FILE = os.path.join(ROOT, 'tests', 'golden', 'debug', 'instructions.txt')


def run_debugger(arguments, cwd, commands):
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.debug', '--no-cache'] + arguments,
                            cwd=cwd, input=commands, env=env, capture_output=True, text=True,
                            timeout=300)
    return result.stdout + result.stderr


def test_instruction_session(tmp_path):
    (tmp_path / 'prog.py').write_text(PROGRAM)
    text = run_debugger(['prog.py'], str(tmp_path), '\n'.join(COMMANDS) + '\n')
    text = re.sub(r' at 0x[0-9a-f]+', ' at 0x?', text).replace(str(tmp_path) + os.sep, '<dir>/')
    text = ''.join(line for line in text.splitlines(True) if 'bdb.py' not in line)
    with open(TRANSCRIPT_FILE) as stream:
        assert text == stream.read()


# (post_mortem's transcript shows the stack's bottom: the debugger's own driver frames,
# pipeline/debug.py's, stand where pdb.py's main/_runscript do)
PDB_SESSIONS = [name for name in sessions()
                if 'breakpoint()' not in open(os.path.join(SESSIONS, name + '.py')).read()
                and name != 'post_mortem']


@pytest.mark.parametrize('name', PDB_SESSIONS)
def test_pdb_commands_print_what_pdb_prints(name):
    """The -m pdb sessions of tests/pdb_sessions: without the instruction lines it adds, the
    debugger's transcript is pdb's (3.8's golden on a 3.8 host)."""
    with open(os.path.join(SESSIONS, name + '.cmds')) as stream:
        commands = stream.read()
    text = run_debugger([name + '.py'], SESSIONS, commands)
    text = ''.join(line for line in text.splitlines(True) if not line.startswith('-->'))
    text = re.sub(r' @\d+ [A-Z_]+$', '', text, flags=re.M)
    text = text.replace(SESSIONS + os.sep, '<sessions>/')
    text = text.replace(stdlib_of(sys.executable) + os.sep, '<stdlib>/')
    text = re.sub(r' at 0x[0-9a-f]+', ' at 0x?', text)
    assert text == pdb_expected(name)


def test_usage_and_missing_file(tmp_path):
    assert 'usage: python -m pipeline.debug' in run_debugger([], str(tmp_path), '')
    assert 'Error: nothing.py does not exist' in run_debugger(['nothing.py'], str(tmp_path), '')
