"""coverage.py on programs run in the VM against the same coverage on CPython 3.8, natively.

    python -m tests.coverage_diff [NAMES...] [--lines] [--host-python PY]   # tests/programs/ (default: all)

Each program runs under `coverage run --branch` natively on the oracle and under
`python -m pipeline.run -m coverage run --branch` (this interpreter hosting the VM, or PY); the
measured arcs (or lines) of every file must be equal. coverage COVERAGE_VERSION is installed
once per interpreter with pip into a cache directory ($PIPELINE_TEST_CACHE, else
~/.cache/pipeline-tests); without the oracle or pip's index the comparison is skipped.
"""
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional, Tuple

from pipeline.cover import COVERAGE_VERSION
from tests.oracle import oracle_python

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(REPO, 'tests', 'programs')

# prints {file: sorted arcs or lines} of a coverage data file (run with coverage on the path)
READ_DATA = '''
import json, sys
from coverage import CoverageData
data = CoverageData(sys.argv[1])
data.read()
out = {}
for name in data.measured_files():
    out[name] = sorted(data.arcs(name)) if data.has_arcs() else sorted(data.lines(name))
print(json.dumps(out, sort_keys=True))
'''


def cache_dir() -> str:
    return os.environ.get('PIPELINE_TEST_CACHE') or os.path.join(
        os.path.expanduser('~'), '.cache', 'pipeline-tests')


@functools.lru_cache(maxsize=None)
def coverage_for(python: str) -> Tuple[Optional[str], str]:
    """(a directory holding coverage COVERAGE_VERSION for interpreter `python`, or None; why not)."""
    tag = subprocess.run([python, '-c', 'import sys; print(sys.implementation.cache_tag)'],
                         capture_output=True, text=True, timeout=60).stdout.strip()
    target = os.path.join(cache_dir(), 'coverage-%s-%s' % (COVERAGE_VERSION, tag))
    marker = os.path.join(target, 'coverage', 'version.py')
    if os.path.exists(marker):
        return target, ''
    partial = target + '.partial'
    shutil.rmtree(partial, ignore_errors=True)
    proc = subprocess.run([python, '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check',
                           '--no-deps', '--target', partial, 'coverage==' + COVERAGE_VERSION],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        shutil.rmtree(partial, ignore_errors=True)
        last = (proc.stderr.strip().splitlines() or ['pip failed'])[-1]
        return None, 'cannot install coverage==%s for %s (%s)' % (COVERAGE_VERSION, python, last)
    try:
        os.rename(partial, target)
    except OSError:   # another process installed it meanwhile
        shutil.rmtree(partial, ignore_errors=True)
    return target, ''


def unavailable() -> Optional[str]:
    """Why the differential coverage tests cannot run here, or None."""
    oracle = oracle_python()
    if oracle is None:
        return 'CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)'
    for python in (oracle, sys.executable):
        path, reason = coverage_for(python)
        if path is None:
            return reason
    return None


def environment(python: str, extra_path: List[str] = ()) -> Dict[str, str]:
    env = dict(os.environ)
    env.pop('COVERAGE_PROCESS_START', None)
    env.pop('COVERAGE_CORE', None)
    env['PYTHONHASHSEED'] = '0'
    env['PYTHONPATH'] = os.pathsep.join([coverage_for(python)[0]] + list(extra_path))
    return env


def read_data(data_file: str) -> Dict[str, list]:
    oracle = oracle_python()
    proc = subprocess.run([oracle, '-c', READ_DATA, data_file], env=environment(oracle),
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError('reading %s failed: %s' % (data_file, proc.stderr))
    return json.loads(proc.stdout)


def run_native(arguments: List[str], cwd: str, data_file: str, stdin: Optional[str] = None,
               command: bool = True, core: Optional[str] = None) -> subprocess.CompletedProcess:
    """`python3.8 -m coverage run --data-file FILE ARGUMENTS...` in cwd (without `run
    --data-file FILE` when not `command`); `core` picks coverage's tracer (COVERAGE_CORE)."""
    oracle = oracle_python()
    head = ['run', '--data-file', data_file] if command else []
    env = environment(oracle)
    if core is not None:
        env['COVERAGE_CORE'] = core
    return subprocess.run([oracle, '-m', 'coverage'] + head + arguments,
                          cwd=cwd, env=env, capture_output=True, text=True,
                          input=stdin, timeout=600)


def without_addresses(text: str) -> str:
    """Output with object addresses (`at 0x7f...`) blanked: they differ from run to run."""
    return re.sub(r'0x[0-9a-f]+', '0x?', text)


def run_vm(arguments: List[str], cwd: str, data_file: str, python: str = sys.executable,
           stdin: Optional[str] = None, command: bool = True) -> subprocess.CompletedProcess:
    """`python -m pipeline.run -m coverage run --data-file FILE ARGUMENTS...` in cwd."""
    head = ['run', '--data-file', data_file] if command else []
    return subprocess.run([python, '-m', 'pipeline.run', '-m', 'coverage'] + head + arguments,
                          cwd=cwd, env=environment(python, [REPO]), capture_output=True, text=True,
                          input=stdin, timeout=600)


def compare_program(name: str, workdir: str, branch: bool = True,
                    host: str = sys.executable) -> Optional[str]:
    """The first difference between native and VM coverage data of program NAME, or None."""
    from tests.regen import programs as corpus
    options = ['--branch'] if branch else []
    arguments = options + [name + '.py'] + corpus.ARGS.get(name, [])
    native_file = os.path.join(workdir, 'native.coverage')
    vm_file = os.path.join(workdir, 'vm.coverage')
    for path in (native_file, vm_file):
        if os.path.exists(path):
            os.remove(path)
    native = run_native(arguments, workdir, native_file)
    ours = run_vm(arguments, workdir, vm_file, python=host)
    if without_addresses(native.stdout) != without_addresses(ours.stdout):
        # the VM measures with coverage's Python tracer (pipeline/cover.py): a program that
        # prints its tracer, or the line a finalizer ran at, prints what it prints natively
        # under that tracer; the arcs and the report are still compared with the default's
        python_tracer = run_native(arguments, workdir, native_file + '.pytrace',
                                   core='pytrace')
        if without_addresses(python_tracer.stdout) != without_addresses(ours.stdout):
            return 'stdout differs:\n%s\n---\n%s' % (native.stdout[-800:], ours.stdout[-800:])
    report = ['report', '--show-missing', '--data-file']
    native_report = run_native(report + [native_file], workdir, native_file, command=False)
    our_report = run_vm(report + [vm_file], workdir, vm_file, python=host, command=False)
    expected = read_data(native_file)
    got = read_data(vm_file)
    for filename in sorted(set(expected) | set(got)):
        want, have = expected.get(filename), got.get(filename)
        if want != have:
            if want is None or have is None:
                return '%s measured only %s' % (filename, 'natively' if have is None else 'in the VM')
            missing = sorted(map(tuple, want), key=str)
            extra = sorted(map(tuple, have), key=str)
            return '%s: native only %s; VM only %s' % (
                filename, [x for x in missing if list(x) not in have and x not in have],
                [x for x in extra if list(x) not in want and x not in want])
    if native_report.stdout != our_report.stdout:
        return 'report differs:\n%s\n---\n%s%s' % (native_report.stdout, our_report.stdout,
                                                  our_report.stderr[-1000:])
    return None


def main(argv: List[str]) -> int:
    from tests.regen import programs as corpus
    host = sys.executable
    if '--host-python' in argv:
        at = argv.index('--host-python')
        host = argv[at + 1]
        argv = argv[:at] + argv[at + 2:]
    branch = '--lines' not in argv
    names = [arg for arg in argv if not arg.startswith('--')] or corpus.program_names()
    reason = unavailable() or (coverage_for(host)[1] or None)
    if reason:
        print('skipped: ' + reason)
        return 0
    same = 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = os.path.join(tmp, 'programs')
        shutil.copytree(PROGRAMS, workdir, ignore=shutil.ignore_patterns('__pycache__'))
        for name in names:
            difference = compare_program(name, workdir, branch, host)
            if difference is None:
                same += 1
                print('same  %s' % name, flush=True)
            else:
                print('DIFF  %s: %s' % (name, difference[:2000]), flush=True)
    print('%d/%d programs with identical coverage %s' % (same, len(names), 'arcs' if branch else 'lines'))
    return 0 if same == len(names) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
