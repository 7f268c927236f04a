"""Differential program corpus: every tests/programs/*.py run three ways must match CPython 3.8's golden.

(a) ours:   our compiler's bytecode in our VM      python -m pipeline.run NAME.py
(b) theirs: CPython 3.8's bytecode in our VM       python -m pipeline.run --compiler oracle NAME.py
(c) cross:  our bytecode run by CPython 3.8        python3.8 NAME.pyc (+ __pycache__/*.cpython-38.pyc)
(d) opt-in, 3.8 hosts: (a) with --vm-stdlib        PIPELINE_VM_STDLIB_CORPUS=1

stdout, stderr and exit status are compared with tests/golden/programs/NAME.json (from
`python -m tests.regen_golden programs`). Programs run in a copy of tests/programs/ so
that caches never land in the source tree.
"""
import os
import shutil
import subprocess
import sys

import pytest

from tests.hosts import vm_limit
from tests.oracle import oracle_python
from tests.regen import programs as corpus

# The single switch: flip to True once pipeline.compile handles the corpus.
OUR_COMPILER_READY = True
NOT_READY_REASON = 'our compiler (pipeline.compile) cannot compile the corpus yet'

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = corpus.program_names()


@pytest.fixture(scope='session')
def program_dir(tmp_path_factory) -> str:
    """A private copy of tests/programs/."""
    target = str(tmp_path_factory.mktemp('programs') / 'programs')
    shutil.copytree(corpus.PROGRAMS, target, ignore=shutil.ignore_patterns('__pycache__'))
    return target


def run_in_vm(program_dir: str, name: str, extra=()) -> dict:
    env_command = [sys.executable, '-m', 'pipeline.run'] + list(extra)
    return run_with_pythonpath(env_command, name, program_dir)


def run_with_pythonpath(command, name, cwd) -> dict:
    env = corpus.environment()
    env['PYTHONPATH'] = REPO
    if oracle_python():
        env['PIPELINE_ORACLE_PYTHON'] = oracle_python()
    proc = subprocess.run(command + [name + '.py'] + corpus.ARGS.get(name, []), cwd=cwd, env=env,
                          capture_output=True, timeout=corpus.TIMEOUT)
    return {'stdout': corpus.normalise(proc.stdout.decode('utf-8', 'replace'), cwd),
            'stderr': corpus.normalise(proc.stderr.decode('utf-8', 'replace'), cwd),
            'status': proc.returncode}


def write_our_pycs(program_dir: str, name: str) -> str:
    """Compile the program and the toolkit package with our compiler into CPython-loadable .pyc files."""
    import pipeline
    from pipeline.compiler import marshal
    from pipeline.vm.importer import decode_source

    def compile_file(path: str, filename: str) -> bytes:
        with open(path, 'rb') as stream:
            data = stream.read()
        code = pipeline.compile(decode_source(data), filename, 'exec')
        stat = os.stat(path)
        return marshal.dump_pyc(code, int(stat.st_mtime), stat.st_size)

    for directory, _, files in os.walk(os.path.join(program_dir, 'toolkit')):
        for filename in files:
            if filename.endswith('.py'):
                path = os.path.join(directory, filename)
                cache = os.path.join(directory, '__pycache__', filename[:-3] + '.cpython-38.pyc')
                os.makedirs(os.path.dirname(cache), exist_ok=True)
                with open(cache, 'wb') as stream:
                    stream.write(compile_file(path, path))
    pyc = os.path.join(program_dir, name + '.pyc')
    with open(pyc, 'wb') as stream:
        stream.write(compile_file(os.path.join(program_dir, name + '.py'), name + '.py'))
    return pyc


def check(result: dict, name: str) -> None:
    golden = corpus.load(name)
    assert result['stdout'] == golden['stdout'], 'stdout differs'
    assert result['stderr'] == golden['stderr'], 'stderr differs'
    assert result['status'] == golden['status'], 'exit status differs'


# Known VM bugs (reported in bench/FINDINGS.md), by program: they fail in the VM modes.
KNOWN_VM_BUGS = {
}


# Opt-in 4th mode (slow; 3.8 hosts only): ours with --vm-stdlib, the pure-Python stdlib
# compiled by our compiler and run in our VM too. PIPELINE_VM_STDLIB_CORPUS=1 enables it.
VM_STDLIB_MODE = os.environ.get('PIPELINE_VM_STDLIB_CORPUS') == '1' and sys.version_info[:2] == (3, 8)


def cases():
    modes = ('ours', 'theirs', 'cross') + (('vmstdlib',) if VM_STDLIB_MODE else ())
    for name in NAMES:
        for mode in modes:
            marks = []
            if mode != 'theirs' and not OUR_COMPILER_READY:
                marks.append(pytest.mark.xfail(reason=NOT_READY_REASON, strict=False))
            if mode != 'cross' and name in KNOWN_VM_BUGS:
                marks.append(pytest.mark.xfail(reason=KNOWN_VM_BUGS[name], strict=False))
            if mode != 'cross' and vm_limit(name):
                marks.append(pytest.mark.skip(reason=vm_limit(name)))
            yield pytest.param(name, mode, marks=marks, id='%s-%s' % (name, mode))


@pytest.mark.parametrize('name, mode', list(cases()))
def test_program(name, mode, program_dir):
    if mode == 'ours':
        result = run_in_vm(program_dir, name)
    elif mode == 'vmstdlib':
        result = run_in_vm(program_dir, name, ['--vm-stdlib'])
    elif mode == 'theirs':
        if oracle_python() is None:
            pytest.skip('CPython 3.8 is needed to compile with --compiler oracle')
        result = run_in_vm(program_dir, name, ['--compiler', 'oracle'])
    else:
        python = oracle_python()
        if python is None:
            pytest.skip('CPython 3.8 is needed to run our .pyc files')
        if name == 'syntax_error_script':
            pytest.skip('no bytecode exists for a script that does not compile')
        write_our_pycs(program_dir, name)
        result = _run_pyc(python, program_dir, name)
    check(result, name)


def _run_pyc(python: str, program_dir: str, name: str) -> dict:
    env = corpus.environment()
    proc = subprocess.run([python, name + '.pyc'] + corpus.ARGS.get(name, []), cwd=program_dir,
                          env=env, capture_output=True, timeout=corpus.TIMEOUT)
    return {'stdout': corpus.normalise(proc.stdout.decode('utf-8', 'replace'), program_dir),
            'stderr': corpus.normalise(proc.stderr.decode('utf-8', 'replace'), program_dir),
            'status': proc.returncode}


def test_corpus_size():
    assert len(NAMES) >= 60
    missing = [name for name in NAMES if not os.path.exists(
        os.path.join(corpus.HERE, name + '.json'))]
    assert not missing, 'goldens missing (run python -m tests.regen_golden programs): %s' % missing
