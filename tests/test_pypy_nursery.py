"""pipeline/pypy_nursery.py: on PyPy the tools re-execute themselves once with a 32 MB GC
nursery (those compiling many files 256 MB), and the program still gets exactly the
environment, argv, stdin, interpreter options, exit status and signals it would have had
without that."""
import ast
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from pipeline import pypy_nursery
from tests.regen.programs import environment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# what the program reports: its environment, argv, -X options and the nursery PyPy runs with
REPORT = ('import gc, json, os, sys\n'
          'nursery = str(gc.get_stats()).split("nursery:")[1].split()[0]\n'
          'print(json.dumps([dict(os.environ), sys.argv, sys._xoptions, nursery]))\n')


@pytest.fixture(scope='module')
def pypy():
    """A PyPy interpreter: this one when the suite runs on PyPy, else pypy3 on PATH."""
    if sys.implementation.name == 'pypy':
        return sys.executable
    found = shutil.which('pypy3')
    if found is None:
        pytest.skip('no PyPy here')
    return found


def given_environment(**extra):
    env = environment()
    env['PYTHONPATH'] = REPO
    env.update(extra)
    return env


def run(command, env, stdin=None):
    return subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize('tool', ['pipeline.run', 'pipeline.compile', 'pipeline.compileall'])
def test_each_tool_relaunches_before_importing(tool):
    """The relaunch is the first statement of each tool, so that the replaced process has
    done as little work as possible (and has read nothing from stdin)."""
    path = os.path.join(REPO, 'pipeline', tool.split('.')[1] + '.py')
    with open(path) as source:
        text = source.read()
    first_import = min(text.index('\nimport '), text.index('\nfrom '))
    assert 'relaunch_with_big_nursery(' in text[:first_import]


def test_program_sees_the_environment_and_argv_it_was_given(pypy):
    env = given_environment()
    result = run([pypy, '-X', 'tag=1', '-m', 'pipeline.run', '-c', REPORT, 'a', 'b c', ''], env)
    assert result.returncode == 0, result.stderr
    seen_env, argv, xoptions, nursery = json.loads(result.stdout)
    assert nursery == '32.0MB'
    assert seen_env == env
    assert argv == ['-c', 'a', 'b c', '']
    assert xoptions == {'tag': '1'}


def test_the_users_nursery_stands(pypy):
    env = given_environment(PYPY_GC_NURSERY='2MB')
    result = run([pypy, '-m', 'pipeline.run', '-c', REPORT], env)
    seen_env, argv, xoptions, nursery = json.loads(result.stdout)
    assert nursery == '2.0MB'
    assert seen_env == env


def test_children_of_the_program_inherit_nothing(pypy):
    env = given_environment()
    child = 'import os, subprocess; print(subprocess.run(["env"], capture_output=True).stdout.decode())'
    result = run([pypy, '-m', 'pipeline.run', '-c', child], env)
    assert result.returncode == 0, result.stderr
    assert 'PYPY_GC_NURSERY' not in result.stdout
    assert 'PIPELINE_PYPY' not in result.stdout


def test_script_on_stdin_and_exit_status(pypy):
    script = 'import sys\nprint("from stdin", sys.argv)\nraise SystemExit(3)\n'
    result = run([pypy, '-u', '-m', 'pipeline.run', '-', 'x'], given_environment(), stdin=script)
    assert (result.stdout, result.returncode) == ("from stdin ['-', 'x']\n", 3)


def test_a_signal_ends_the_same_process(pypy):
    """execve keeps the pid: the process the caller started is the one the signal ends."""
    kill = 'import os, signal; print(os.getpid(), flush=True); os.kill(os.getpid(), signal.SIGTERM)'
    process = subprocess.Popen([pypy, '-m', 'pipeline.run', '-c', kill], env=given_environment(),
                               stdout=subprocess.PIPE, text=True)
    output, _ = process.communicate(timeout=120)
    assert int(output) == process.pid
    assert process.returncode == -signal.SIGTERM


def test_compileall_runs_relaunched(pypy, tmp_path):
    (tmp_path / 'mod.py').write_text('x = 1\n')
    result = run([pypy, '-m', 'pipeline.compileall', '-q', str(tmp_path)], given_environment())
    assert result.returncode == 0, result.stderr
    assert os.listdir(str(tmp_path / '__pycache__')) == ['mod.cpython-38.pyc']


# a tool run as __main__ in a process started without PYPY_GC_NURSERY (relaunched), then the
# nursery that process has
TOOL_NURSERY = ('import gc, runpy, sys\n'
                'try:\n'
                '    runpy.run_module(sys.argv[1], run_name="__main__")\n'
                'except SystemExit:\n'
                '    pass\n'
                'print("nursery:", str(gc.get_stats()).split("nursery:")[1].split()[0])\n')


@pytest.mark.parametrize('tool, nursery', [
    ('pipeline.compile', '32.0MB'),
    ('pipeline.compileall', '256.0MB'),
    ('bench.compile', '256.0MB'),
])
def test_each_compile_tool_gets_its_nursery(pypy, tool, nursery):
    """The tools compiling many files take a bigger nursery than pipeline.run and
    pipeline.compile (32 MB): a compile keeps its tree alive to its end, and fewer minor
    collections copy out fewer finished files' trees."""
    result = run([pypy, '-c', TOOL_NURSERY, tool, '--help'], given_environment())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split('nursery: ')[-1].strip() == nursery


def test_own_command_line_is_the_kernels_argv():
    """The command line the relaunch would run again: interpreter options included."""
    code = 'from pipeline.pypy_nursery import _own_command_line; print(_own_command_line())'
    result = run([sys.executable, '-X', 'tag', '-c', code, 'a', 'b c'], given_environment())
    argv = ast.literal_eval(result.stdout)
    assert argv[1:] == [b'-X', b'tag', b'-c', code.encode(), b'a', b'b c']


def test_nothing_happens_on_cpython(monkeypatch):
    if sys.implementation.name == 'pypy':
        pytest.skip('CPython only')
    monkeypatch.setattr(os, 'execve', None)     # would fail loudly if called
    before = dict(os.environ)
    pypy_nursery.relaunch_with_big_nursery()
    assert dict(os.environ) == before


# a process that records what the tools' start-up would give pypyjit.set_param
RECORD_JIT = ('import pypyjit; calls = []; pypyjit.set_param = calls.append\n'
              'from pipeline.pypy_nursery import relaunch_with_big_nursery\n'
              'relaunch_with_big_nursery(); print(calls)\n')


def test_the_tools_set_their_jit_parameters(pypy):
    """After the relaunch (here none: the nursery is preset), the tools' JIT parameters."""
    result = run([pypy, '-c', RECORD_JIT, 'x', '--jit'],
                 given_environment(PYPY_GC_NURSERY='32MB'))
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == [pypy_nursery.JIT_PARAMS]


# a tool run as __main__ (its arguments are the process's own) with set_param recorded (on
# the module: pipeline.run's program takes this __main__'s namespace over)
RUN_TOOL = ('import pypyjit, runpy, sys; pypyjit.calls = []\n'
            'pypyjit.set_param = pypyjit.calls.append\n'
            'try:\n'
            '    runpy.run_module(sys.argv[1], run_name="__main__")\n'
            'except SystemExit:\n'
            '    pass\n'
            'import pypyjit\n'
            'print("set_param:", pypyjit.calls)\n')


@pytest.mark.parametrize('tool, params', [
    ('pipeline.run', pypy_nursery.JIT_PARAMS),
    ('pipeline.compile', pypy_nursery.COMPILE_JIT_PARAMS),
    ('pipeline.compileall', pypy_nursery.COMPILE_JIT_PARAMS),
    ('bench.compile', pypy_nursery.COMPILE_JIT_PARAMS),
])
def test_each_tool_sets_its_jit_parameters(pypy, tool, params):
    """The compile tools trace sooner than pipeline.run, whose programs would run slower."""
    result = run([pypy, '-c', RUN_TOOL, tool, '--help'], given_environment(PYPY_GC_NURSERY='32MB'))
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout.split('set_param: ')[-1]) == [params]


@pytest.mark.parametrize('params', [pypy_nursery.JIT_PARAMS, pypy_nursery.COMPILE_JIT_PARAMS])
def test_pypy_takes_the_tools_jit_parameters(pypy, params):
    """Every name and value is one PyPy's JIT knows (set_param refuses the whole string
    otherwise, and the tool would stop at its start)."""
    result = run([pypy, '-c', 'import pypyjit, sys; pypyjit.set_param(sys.argv[1])', params],
                 given_environment(PYPY_GC_NURSERY='32MB'))
    assert result.returncode == 0, result.stderr


def test_the_users_jit_options_stand(pypy):
    result = run([pypy, '--jit', 'threshold=2000', '-c', RECORD_JIT],
                 given_environment(PYPY_GC_NURSERY='32MB'))
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == []


@pytest.mark.parametrize('argv, options, expected', [
    ([b'pypy', b'-m', b'pipeline.run', b'x.py'], ['x.py'], ['trace_eagerness=50']),
    ([b'pypy', b'-m', b'pipeline.run', b'x.py', b'--jit'], ['x.py', '--jit'],
     ['trace_eagerness=50']),     # the program's argument, not the interpreter's option
    ([b'pypy', b'--jit', b'off', b'-m', b'pipeline.run'], [], []),
    ([b'pypy', b'--jit=off', b'-m', b'pipeline.run'], [], []),
    (None, [], []),               # the command line cannot be read: nothing is set
])
def test_tune_jit_reads_the_interpreters_options(monkeypatch, argv, options, expected):
    calls = []
    fake = type(sys)('pypyjit')
    fake.set_param = calls.append
    monkeypatch.setitem(sys.modules, 'pypyjit', fake)
    monkeypatch.setattr(pypy_nursery, '_own_command_line', lambda: argv)
    monkeypatch.setattr(sys, 'argv', ['tool'] + options)
    pypy_nursery.tune_jit()
    assert calls == expected
    assert expected in ([], [pypy_nursery.JIT_PARAMS])
