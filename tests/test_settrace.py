"""sys.settrace / sys.setprofile on VM frames: the events of tests/trace_cases.py, run by our VM,
equal CPython 3.8's (tests/golden/settrace, from `python -m tests.regen_golden settrace`)."""
import json
import os
import subprocess
import sys

import pytest

from tests.regen.settrace import CASES_FILE, GOLDEN, TESTS

ROOT = os.path.dirname(TESTS)


def _load(text):
    return {case['case']: case for case in map(json.loads, text.splitlines()) if case}


with open(GOLDEN) as _stream:
    EXPECTED = _load(_stream.read())


@pytest.fixture(scope='module')
def vm_cases():
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', CASES_FILE],
                            cwd=TESTS, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return _load(result.stdout)


@pytest.mark.parametrize('name', sorted(EXPECTED))
def test_events_as_38(vm_cases, name):
    assert vm_cases.get(name) == EXPECTED[name]


def test_cases_cover_both_kinds():
    kinds = {name.split('_')[0] for name in EXPECTED}
    assert kinds == {'t', 'p'} and len(EXPECTED) >= 30


def test_plain_loop_when_tracing_stops(tmp_path):
    """Tracing costs nothing once off: the tier's own loop is back for new calls."""
    program = tmp_path / 'prog.py'
    program.write_text(
        'import sys\n'
        'from pipeline.vm import tracing\n'
        'untraced = tracing.current_run_frame()\n'
        'def f():\n'
        '    return tracing.current_run_frame() is untraced\n'
        'before = f()\n'
        'sys.settrace(lambda *args: None)\n'
        'during = f()\n'
        'sys.settrace(None)\n'
        'print(before, during, f(), sys.gettrace())\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', str(program)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout == 'True False True None\n', result.stderr


def test_handover_keeps_the_logical_stack(tmp_path):
    """A plain loop that hands its frames to the traced loop (sys.settrace called from inside a
    call, here in a loop entered again by host code: copy.deepcopy) is one loop in the stack walk: f_back,
    tracebacks and sys._getframe see each VM frame once (vm/stack.py's HANDOVER_CODES)."""
    program = tmp_path / 'prog.py'
    program.write_text(
        'import copy, sys, traceback\n'
        'def chain():\n'
        '    f, names = sys._getframe(1), []\n'
        '    while f is not None:\n'
        '        names.append(f.f_code.co_name)\n'
        '        f = f.f_back\n'
        '    return names\n'
        'seen = []\n'
        'class Box:\n'
        '    def __deepcopy__(self, memo):\n'
        '        sys.settrace(lambda *args: None)\n'
        '        seen.append(chain())\n'
        '        sys.settrace(None)\n'
        '        return self\n'
        'def inner():\n'
        '    sys.settrace(lambda *args: None)\n'
        '    seen.append(chain())\n'
        '    sys.settrace(None)\n'
        '    raise ValueError\n'
        'def outer():\n'
        '    try:\n'
        '        inner()\n'
        '    except ValueError as exc:\n'
        '        seen.append([entry.name for entry in traceback.extract_tb(exc.__traceback__)])\n'
        '    copy.deepcopy(Box())\n'
        '    seen.append(chain())\n'
        'outer()\n'
        'print(seen)\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', str(program)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout == (
        "[['inner', 'outer', '<module>'], ['outer', 'inner'], "
        "['__deepcopy__', 'deepcopy', 'outer', '<module>'], "
        "['outer', '<module>']]\n"), result.stderr

def test_reading_f_lasti_in_an_event_keeps_the_position(tmp_path):
    """A trace function reading f_lasti at every event (coverage does, at 'return') leaves
    awaiting coroutines where they were (3.8 shows a YIELD_FROM's suspension one instruction
    back): the program prints what it prints natively."""
    golden = os.path.join(TESTS, 'golden', 'programs', 'async_streams.json')
    with open(golden) as stream:
        expected = json.load(stream)['stdout']
    program = tmp_path / 'prog.py'
    program.write_text(
        'import sys\n'
        'def tracer(frame, event, arg):\n'
        '    frame.f_lasti\n'
        '    return tracer\n'
        'sys.settrace(tracer)\n'
        'exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), {"__name__": "__main__"})\n')
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', str(program),
                             os.path.join(TESTS, 'programs', 'async_streams.py')],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout == expected, result.stderr


PROFILED_TWICE = '''\
import profile, sys
def testfunc():
    return 1
names = {}
def nm(f):
    if f is None:
        return None
    if isinstance(f, profile.Profile.fake_frame):
        return 'fake ' + f.f_code.co_name
    return '%s#%d' % (f.f_code.co_name, names.setdefault(id(f), len(names)))
def ev(frame, event, arg):
    print(event, nm(frame), getattr(arg, '__name__', ''), 'back', nm(frame.f_back))
def runctx(cmd, g):
    sys.setprofile(ev)
    try:
        exec(cmd, g, g)
    finally:
        sys.setprofile(None)
runctx('testfunc()', globals())
for round in range(3):   # (a c_call left without its c_return by setprofile(None) each time)
    p = profile.Profile()
    p.runctx('testfunc()', globals(), locals())
    print(sorted(name for (_, _, name) in p.timings))
'''


def test_host_profiler_of_vm_code_as_38(oracle, tmp_path):
    """profile.Profile (host code) over VM code: frames compare with `is` as 3.8's (a VM
    frame's f_back and the host frame of a c_call are one object), setprofile reports no
    c_return of its own, and the VM's lazy work (an import) is never profiled."""
    (tmp_path / 'prog.py').write_text(PROFILED_TWICE)
    env = dict(os.environ, PYTHONPATH=ROOT)
    ours = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', 'prog.py'], cwd=str(tmp_path),
                          env=env, capture_output=True, text=True, timeout=120)
    native = subprocess.run([oracle, 'prog.py'], cwd=str(tmp_path), capture_output=True, text=True, timeout=120)
    assert (ours.stdout, ours.stderr) == (native.stdout, native.stderr)
    assert 'testfunc' in ours.stdout
