"""What arrives while tier 2 translates a hot loop is the program's, where it stands: a
KeyboardInterrupt (the host's SIGINT handler raises it in whatever host frame runs, such as a
regular expression's in the translator) and what a program's signal handler raises. 3.8 sees
both at the loop's running instruction, so their tracebacks hold no host entry of the
translator's, and neither is taken for a translator failure (which would lose it). A signal
handler's frame argument is that loop's frame too, at the line of its back edge, whether the
signal arrives in the translator or in the import of it."""
import os
import subprocess
import sys

import pytest

from tests.regen.programs import environment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# runs pipeline.run on prog.py with the translator's third body read standing for a hot loop's
# translation that the arrival interrupts: `arrive()` runs inside it, under host frames of `re`
HARNESS = '''\
import os, re, signal, sys
from pipeline.vm import tier2_translate
read = tier2_translate.body_tree
count = [0]

def arrive():
%s

def body_tree(name):
    count[0] += 1
    if count[0] == 3:
        arrive()
    return read(name)

tier2_translate.body_tree = body_tree
sys.argv[1:] = ['prog.py']
from pipeline.run import main
main()
'''

INTERRUPTED = '''\
n = 0
try:
    x = 1
finally:
    while True:
        n += 1
'''

SIGNALLED = '''\
import signal, traceback


def handler(signum, frame):
    raise ValueError('tick')


signal.signal(signal.SIGALRM, handler)
n = 0
try:
    while n < 100000:
        n += 1
except ValueError as exc:
    print('caught', exc, n < 100000)
    traceback.print_exc()
'''


# the same, with the signal sent as the first hot loop imports the translator (vm/tier2.py):
# a finder asked for it sends it, under the import's host frames
IMPORTING = '''\
import os, signal, sys


class Finder:
    def find_spec(self, name, path=None, target=None):
        if name == 'pipeline.vm.tier2':
            os.kill(os.getpid(), signal.SIGALRM)
        return None


sys.meta_path.insert(0, Finder())
sys.argv[1:] = ['prog.py']
from pipeline.run import main
main()
'''


def _run(tmp_path, arrive: str, program: str, harness: str = HARNESS) -> subprocess.CompletedProcess:
    (tmp_path / 'harness.py').write_text(harness % arrive if arrive else harness)
    (tmp_path / 'prog.py').write_text(program)
    env = environment()
    env['PYTHONPATH'] = REPO
    env['PIPELINE_TIER'] = '2'
    env.pop('PIPELINE_TIER2_STRICT', None)   # as users run it: a translator failure is not raised
    return subprocess.run([sys.executable, 'harness.py'], cwd=str(tmp_path), env=env,
                          capture_output=True, text=True, timeout=120)


needs_sigalrm = pytest.mark.skipif(not hasattr(os, 'kill') or not hasattr(__import__('signal'), 'SIGALRM'),
                                   reason='needs SIGALRM')
# (the arrival: SIGALRM sent, its handler run in one of the regular expressions compiled after it)
SIGNAL_IN_THE_TRANSLATOR = ("    os.kill(os.getpid(), signal.SIGALRM)\n"
                            "    for k in range(200):\n"
                            "        re.compile('x' * (k + 1000))")


def test_a_keyboard_interrupt_in_the_translator_is_the_loops(tmp_path):
    arrive = "    re.compile('(a|b)*c' * 50)\n    raise KeyboardInterrupt"
    done = _run(tmp_path, arrive, INTERRUPTED)
    assert done.stderr.splitlines() == ['Traceback (most recent call last):',
                                        '  File "prog.py", line 6, in <module>', '    n += 1',
                                        'KeyboardInterrupt'], done.stderr


@needs_sigalrm
def test_a_signal_handlers_exception_in_the_translator_reaches_the_program(tmp_path):
    arrive = SIGNAL_IN_THE_TRANSLATOR
    done = _run(tmp_path, arrive, SIGNALLED)
    assert done.stdout == 'caught tick True\n', (done.stdout, done.stderr)
    assert done.stderr.splitlines() == ['Traceback (most recent call last):',
                                        '  File "prog.py", line 12, in <module>', '    n += 1',
                                        '  File "prog.py", line 5, in handler',
                                        "    raise ValueError('tick')", 'ValueError: tick']


HANDLED = '''\
import signal


def handler(signum, frame):
    print('handler in', frame.f_code.co_name, 'at line', frame.f_lineno, frame.f_locals['n'] > 0)


signal.signal(signal.SIGALRM, handler)
n = 0
while n < 100000:
    n += 1
print(n)
'''


@needs_sigalrm
def test_a_signal_handler_called_in_the_translator_gets_the_programs_frame(tmp_path):
    arrive = SIGNAL_IN_THE_TRANSLATOR
    done = _run(tmp_path, arrive, HANDLED)
    assert done.stdout == 'handler in <module> at line 11 True\n100000\n', (done.stdout, done.stderr)


@needs_sigalrm
def test_a_signal_handler_called_while_the_translator_is_imported_gets_the_programs_frame(tmp_path):
    done = _run(tmp_path, '', HANDLED, IMPORTING)
    assert done.stdout == 'handler in <module> at line 11 True\n100000\n', (done.stdout, done.stderr)
