"""`python -m pipeline.run -m TOOL prog.py` for the stdlib's profilers and tracer runs the program
in the VM and reports what the same tool reports natively on this host: cProfile and profile
list the program's functions with the same call counts, trace's --listfuncs and --count agree."""
import os
import re
import subprocess
import sys

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(TESTS)
PROGRAM = 'trace_program.py'


def run(tool_args, vm):
    command = [sys.executable] + (['-m', 'pipeline.run', '--no-cache'] if vm else [])
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run(command + tool_args + [PROGRAM], cwd=TESTS, env=env,
                            capture_output=True, text=True, timeout=300)
    return result.stdout + result.stderr


def profile_rows(text):
    """(ncalls, where) of each row of a profile listing; times and addresses dropped."""
    rows = []
    for line in text.splitlines():
        match = re.match(r'\s*(\d+(?:/\d+)?)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(.*)$', line)
        if match:
            rows.append((match.group(1), re.sub(r' at 0x[0-9a-f]+', '', match.group(2))))
    header = re.search(r'(\d+) function calls(?: \((\d+) primitive calls\))?', text)
    return header and header.groups(), sorted(rows)


@pytest.mark.parametrize('tool', ['cProfile', 'profile'])
def test_profilers_count_as_native(tool):
    native = profile_rows(run(['-m', tool], vm=False))
    ours = profile_rows(run(['-m', tool], vm=True))
    assert any('trace_program.py' in where and '(fib)' in where for _, where in ours[1])
    assert ours == native


@pytest.mark.parametrize('options', [['--listfuncs'], ['--count', '--summary', '--missing'],
                                     ['--trace'], ['--trackcalls']])
def test_trace_as_native(options, tmp_path):
    native_dir, vm_dir = tmp_path / 'native', tmp_path / 'vm'
    extra = ['-C', str(native_dir)] if '--count' in options else []
    native = run(['-m', 'trace'] + options + extra, vm=False)
    extra = ['-C', str(vm_dir)] if '--count' in options else []
    ours = run(['-m', 'trace'] + options + extra, vm=True)
    assert ours.replace(str(vm_dir), 'DIR') == native.replace(str(native_dir), 'DIR')
    if '--count' in options:
        assert sorted(os.listdir(vm_dir)) == sorted(os.listdir(native_dir))
        for name in os.listdir(native_dir):
            assert (vm_dir / name).read_text() == (native_dir / name).read_text()
