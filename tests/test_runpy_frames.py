"""Under `pipeline.run -m MODULE` the program's stack ends in runpy's two frames, as under 3.8's `-m`.

sys._getframe, f_back, inspect.stack, traceback.print_stack, logging's stack_info and a
coroutine's cr_origin all reach `_run_code` and `_run_module_as_main`; a script's stack ends
at its <module> frame. Hosted on CPython 3.8 the output is 3.8's byte for byte; on another
host runpy's frames name that host's runpy.py, so there the names and lines are compared.
"""
import os
import subprocess
import sys

import pytest

from tests.regen.programs import environment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROGRAM = '''
import inspect, logging, os, sys, traceback

def chain():
    frame, out = sys._getframe(), []
    while frame is not None:
        out.append((os.path.basename(frame.f_code.co_filename), frame.f_lineno,
                    frame.f_code.co_name, frame.f_globals.get('__name__')))
        frame = frame.f_back
    return out

def depth():
    n = 0
    while True:
        try:
            sys._getframe(n)
        except ValueError:
            return n
        n += 1

async def coro():
    pass

def main():
    print(chain())
    print([(os.path.basename(info.filename), info.lineno, info.function) for info in inspect.stack()])
    print(depth())
    sys.set_coroutine_origin_tracking_depth(10)
    c = coro()
    print([(os.path.basename(f), line, name) for f, line, name in c.cr_origin])
    c.close()
    if os.environ.get('WHOLE_STACK'):
        traceback.print_stack(file=sys.stdout)
        logging.basicConfig(stream=sys.stdout, format='%(funcName)s %(lineno)d %(message)s')
        logging.warning('here', stack_info=True)

main()
'''


def _run(command, cwd, whole_stack):
    env = environment()
    env['PYTHONPATH'] = REPO
    if whole_stack:
        env['WHOLE_STACK'] = '1'
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize('host', ['oracle', 'this'])
@pytest.mark.parametrize('target', [['-m', 'stackprog'], ['stackprog.py']])
def test_stack_below_the_program(oracle, tmp_path, host, target):
    (tmp_path / 'stackprog.py').write_text(PROGRAM)
    python = oracle if host == 'oracle' else sys.executable
    whole = host == 'oracle'
    theirs = _run([oracle] + target, str(tmp_path), whole)
    ours = _run([python, '-m', 'pipeline.run'] + target, str(tmp_path), whole)
    assert theirs.returncode == 0, theirs.stderr
    assert (ours.stdout, ours.stderr, ours.returncode) == (theirs.stdout, theirs.stderr, 0)
    if target[0] == '-m':
        assert "('runpy.py', 87, '_run_code', 'runpy')" in ours.stdout
