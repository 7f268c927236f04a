"""pdb on programs run by our VM prints what CPython prints: scripted sessions (breakpoint() and
`-m pdb`; p, n, s, bt, up, down, l, b, c, j, retval, post-mortem) compared with CPython 3.8's
transcript (tests/golden/pdb) on a 3.8 host, and with the host's own native run on other hosts
(their pdb and bdb differ from 3.8's)."""
import os
import sys

import pytest

from tests.regen.pdb import GOLDEN, SESSIONS, sessions, stdlib_of, transcript

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def expected(name: str) -> str:
    if sys.version_info[:2] == (3, 8):
        with open(os.path.join(GOLDEN, name + '.txt')) as stream:
            return stream.read()
    return transcript([sys.executable], name, stdlib=stdlib_of(sys.executable))


# sessions whose native transcript on a newer host is not 3.8's in what the VM does (so only
# a 3.8 host, against the golden, checks them)
ONLY_ON_38 = {
    # after `c` with no breakpoint, 3.8 gives a frame still holding f_trace a traceback entry
    # at its f_lineno (the line it stopped at: PyFrame_GetLineNumber); 3.10+ at the instruction's
    'post_mortem': "a traced frame's traceback line is 3.8's, not this host's",
}


@pytest.mark.parametrize('name', sessions())
def test_pdb_session(name):
    if name in ONLY_ON_38 and sys.version_info[:2] != (3, 8):
        pytest.skip(ONLY_ON_38[name])
    env = dict(os.environ, PYTHONPATH=ROOT)
    ours = transcript([sys.executable, '-m', 'pipeline.run', '--no-cache'], name, env=env,
                      stdlib=stdlib_of(sys.executable))
    assert ours == expected(name)


def test_golden_sessions_cover_the_commands():
    text = ''.join(open(os.path.join(GOLDEN, name + '.txt')).read() for name in sessions())
    for marker in ('--Return--', 'Breakpoint 1 at', 'Jump failed', '(Pdb) ', '<stdlib>/bdb.py'):
        assert marker in text


# the acceptance's commands, each in a breakpoint() session and in a `-m pdb` one (u is up)
COMMANDS = {'p', 'n', 's', 'bt', 'up', 'b', 'c', 'j', 'retval'}


def test_sessions_use_the_commands_both_ways():
    used = {True: set(), False: set()}
    for name in sessions():
        with open(os.path.join(SESSIONS, name + '.py')) as stream:
            by_breakpoint = 'breakpoint()' in stream.read()
        with open(os.path.join(SESSIONS, name + '.cmds')) as stream:
            used[by_breakpoint].update(line.split()[0] for line in stream if line.strip())
    assert COMMANDS <= used[True] and COMMANDS <= used[False], used
