"""Third-party test suites natively on CPython 3.8 and in our VM: per-test outcomes compared.

    python -m tests.clients [NAME ...] [--fast] [--host-python PY] [--timeout S] [--keep] [-v]

Each pinned package's sdist is downloaded once with pip into a cache directory
($PIPELINE_TEST_CACHE, else ~/.cache/pipeline-tests) and unpacked afresh for every run. A
virtual environment of the oracle (CPython 3.8), also in the cache, holds pytest, the suite's
test-only dependencies and typing-extensions (which the VM needs on its host). The suite runs
twice with pytest: natively (`venv/bin/python -m pytest`, the package first on PYTHONPATH) and
in the VM (`venv/bin/python -m pipeline.run -m pytest`: the package and its tests compiled by
our pipeline through the import hook, pytest's assertion rewriting on, its compile() giving
our code objects). A small plugin (tests/client_outcomes.py) records each test's outcome by
node id (passed, failed, skipped, xfailed, xpassed, error); the table gives per suite the
tests, how many have identical outcomes, the wall time of each run and the VM's ratio.
`--host-python PY` hosts the VM on another interpreter (a venv of its own). Without the oracle
or the package index a suite is skipped with the reason.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from tests.oracle import oracle_python

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = os.path.join(REPO, 'tests', 'client_outcomes.py')
PLUGIN_MODULE = '_pipeline_client_outcomes'
PASSES = ('pipeline', 'tokenizer', 'grammar', 'parser', 'compiler', 'vm')   # the repo's packages
BASE_REQUIREMENTS = ('pytest==8.3.5', 'typing-extensions==4.13.2')   # pytest's last 3.8 series


class Package(NamedTuple):
    """A pinned sdist and how its suite runs."""
    name: str
    version: str
    tests: Tuple[str, ...]               # pytest arguments: test files or directories
    source: str = '.'                    # where the importable package lives in the sdist
    requires: Tuple[str, ...] = ()       # test-only dependencies, installed in the venv
    options: Tuple[str, ...] = ()        # more pytest options
    install: bool = False                # install the sdist too (its tests read its metadata)


PACKAGES = {package.name: package for package in (
    Package('toolz', '0.12.1', ('toolz/tests',)),
    Package('idna', '3.7', ('tests',)),
    Package('tabulate', '0.9.0', ('test',)),
    Package('six', '1.16.0', ('test_six.py',)),
    Package('more-itertools', '10.5.0', ('tests',)),
    Package('simplejson', '3.19.3', ('simplejson/tests',)),   # no C speedups built: pure mode
    # (its conftest marks tests no_cover, pytest-cov's mark, under filterwarnings = error)
    Package('python-dateutil', '2.9.0.post0', ('tests',), source='src',
            requires=('freezegun==1.5.1', 'hypothesis==6.113.0', 'pytest-cov==5.0.0')),
    Package('attrs', '23.2.0', ('tests',), source='src', install=True,
            requires=('hypothesis==6.113.0',)),
)}
FAST = ['toolz']   # the default of `--fast`; CI runs part of it (tests/test_clients.py)


def cache_dir() -> str:
    return os.environ.get('PIPELINE_TEST_CACHE') or os.path.join(
        os.path.expanduser('~'), '.cache', 'pipeline-tests')


def _run_pip(python: str, arguments: List[str]) -> Optional[str]:
    """Run pip; None when it worked, else its last line."""
    try:
        proc = subprocess.run([python, '-m', 'pip', '--disable-pip-version-check', '-q'] + arguments,
                              capture_output=True, text=True, timeout=900)
    except subprocess.TimeoutExpired:
        return 'pip timed out'
    if proc.returncode == 0:
        return None
    return (proc.stderr.strip().splitlines() or ['pip failed'])[-1]


def sdist(package: Package) -> Tuple[Optional[str], str]:
    """The package's sdist archive in the cache (downloaded once), or (None, why not)."""
    directory = os.path.join(cache_dir(), 'sdists')
    os.makedirs(directory, exist_ok=True)
    stems = {('%s-%s.tar.gz' % (name, package.version)).lower()
             for name in (package.name, package.name.replace('-', '_'))}
    for name in os.listdir(directory):
        if name.lower() in stems:
            return os.path.join(directory, name), ''
    problem = _run_pip(sys.executable, ['download', '--no-deps', '--no-binary', ':all:', '-d', directory,
                                        '%s==%s' % (package.name, package.version)])
    if problem:
        return None, 'cannot download %s %s (%s)' % (package.name, package.version, problem)
    for name in os.listdir(directory):
        if name.lower() in stems:
            return os.path.join(directory, name), ''
    return None, 'no sdist of %s %s on the index' % (package.name, package.version)


def venv_for(python: str, package: Package, archive: str) -> Tuple[Optional[str], str]:
    """The python of a cached venv of `python` with pytest and the suite's dependencies."""
    try:
        tag = subprocess.run([python, '-c', 'import sys; print(sys.implementation.cache_tag)'],
                             capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return None, 'cannot run %s (%s)' % (python, exc)
    requirements = sorted(BASE_REQUIREMENTS + package.requires)
    key = hashlib.sha1(json.dumps([os.path.realpath(python), requirements, package.install and
                                   os.path.basename(archive)]).encode()).hexdigest()[:10]
    target = os.path.join(cache_dir(), 'venvs', '%s-%s' % (tag, key))
    venv_python = os.path.join(target, 'bin', 'python')
    if os.path.exists(os.path.join(target, '.complete')):
        return venv_python, ''
    shutil.rmtree(target, ignore_errors=True)
    proc = subprocess.run([python, '-m', 'venv', target], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        return None, 'cannot create a venv of %s (%s)' % (python, (proc.stderr.strip().splitlines()
                                                                  or ['venv failed'])[-1])
    problem = _run_pip(venv_python, ['install'] + requirements + ([archive] if package.install else []))
    if problem:
        shutil.rmtree(target, ignore_errors=True)
        return None, 'cannot install %s for %s (%s)' % (' '.join(requirements), python, problem)
    open(os.path.join(target, '.complete'), 'w').close()
    return venv_python, ''


def unpack(archive: str, into: str) -> str:
    """Unpack the sdist into a fresh directory; its top directory."""
    with tarfile.open(archive) as tar:
        tar.extractall(into)
        top = tar.getnames()[0].split('/')[0]
    return os.path.join(into, top)


def pipeline_only(workdir: str) -> str:
    """A directory holding only the repo's packages (symlinks): on the VM run's PYTHONPATH,
    it makes `pipeline` importable without the repo's own `tests` package shadowing a suite's."""
    directory = os.path.join(workdir, 'pipeline-path')
    if not os.path.isdir(directory):
        os.makedirs(directory)
        for name in PASSES:
            os.symlink(os.path.join(REPO, name), os.path.join(directory, name))
    return directory


class Run(NamedTuple):
    outcomes: Dict[str, str]     # node id -> outcome
    seconds: float
    output: str                  # the end of pytest's output
    timed_out: bool = False      # stopped by the timeout: `outcomes` are the tests it finished


class SuiteResult(NamedTuple):
    name: str
    skipped: str                 # why the suite did not run ('' when it ran)
    native: Optional[Run] = None
    vm: Optional[Run] = None

    def compared(self) -> List[str]:
        """The tests both runs finished (all that either ran, unless a run timed out)."""
        assert self.native is not None and self.vm is not None
        native, vm = self.native.outcomes, self.vm.outcomes
        if self.native.timed_out or self.vm.timed_out:
            return sorted(set(native) & set(vm))
        return sorted(set(native) | set(vm))

    def differences(self) -> List[str]:
        if self.native is None or self.vm is None:
            return []
        native, vm = self.native.outcomes, self.vm.outcomes
        return ['%s: native %s, VM %s' % (test, native.get(test, 'absent'), vm.get(test, 'absent'))
                for test in self.compared() if native.get(test) != vm.get(test)]

    def counts(self) -> Tuple[int, int]:
        """(tests compared, tests with identical outcomes)."""
        return len(self.compared()), len(self.compared()) - len(self.differences())


def run_pytest(python: str, kind: str, package: Package, archive: str, workdir: str,
               tests: Sequence[str], timeout: float) -> Run:
    """One run of the suite (kind 'native' or 'vm') in a fresh copy of the sdist."""
    top = unpack(archive, os.path.join(workdir, package.name + '-' + kind))
    source = os.path.normpath(os.path.join(top, package.source))
    plugin_dir = os.path.join(workdir, 'plugin')
    os.makedirs(plugin_dir, exist_ok=True)
    shutil.copy(PLUGIN, os.path.join(plugin_dir, PLUGIN_MODULE + '.py'))
    results = os.path.join(workdir, '%s-%s.json' % (package.name, kind))
    pytest_args = ['-m', 'pytest', '-p', 'no:cacheprovider', '-p', PLUGIN_MODULE, '-q'] + \
        list(package.options) + list(tests)
    env = dict(os.environ, PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1',
               PIPELINE_OUTCOMES_FILE=results)
    for name in ('PYTHONPATH', 'PYTHONHOME', 'PYTHONSTARTUP', 'PIPELINE_TIER'):
        env.pop(name, None)
    if kind == 'native':
        env['PYTHONPATH'] = os.pathsep.join([source, plugin_dir])
        command = [python] + pytest_args
    else:
        env['PYTHONPATH'] = os.pathsep.join([pipeline_only(workdir), plugin_dir])
        paths = [] if source == top else ['--path', source]
        command = [python, '-m', 'pipeline.run', '--no-cache'] + paths + pytest_args
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, cwd=top, env=env, capture_output=True, text=True,
                              timeout=timeout)
        output = proc.stdout[-4000:] + proc.stderr[-4000:]
        timed_out = False
    except subprocess.TimeoutExpired as exc:
        output = 'timed out after %ds\n%s' % (timeout, (exc.stdout or b'')[-4000:])
        timed_out = True
    seconds = time.perf_counter() - started
    return Run(read_outcomes(results), seconds, output, timed_out)


def read_outcomes(results: str) -> Dict[str, str]:
    """The plugin's outcomes: its JSON file, or for a run stopped early the lines it wrote as
    tests finished."""
    found: Dict[str, str] = {}
    if os.path.exists(results):
        with open(results) as data:
            found = json.load(data)
    elif os.path.exists(results + '.lines'):
        with open(results + '.lines') as lines:
            for line in lines:
                try:
                    test, outcome = json.loads(line)
                except ValueError:   # a line cut short by the kill
                    continue
                found[test] = outcome
    return found


def run_suite(package: Package, workdir: str, host: Optional[str] = None,
              tests: Optional[Sequence[str]] = None, timeout: float = 3600) -> SuiteResult:
    """The package's suite natively on the oracle and in the VM hosted by `host` (default the
    oracle); `tests` narrows the pytest arguments."""
    oracle = oracle_python()
    if oracle is None:
        return SuiteResult(package.name, 'CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)')
    archive, reason = sdist(package)
    if archive is None:
        return SuiteResult(package.name, reason)
    pythons = {}
    for python in {oracle, host or oracle}:
        pythons[python], reason = venv_for(python, package, archive)
        if pythons[python] is None:
            return SuiteResult(package.name, reason)
    arguments = tuple(tests) if tests is not None else package.tests
    native = run_pytest(pythons[oracle], 'native', package, archive, workdir, arguments, timeout)
    vm = run_pytest(pythons[host or oracle], 'vm', package, archive, workdir, arguments, timeout)
    return SuiteResult(package.name, '', native, vm)


ROW = '%-16s %7s %9s %9s %9s %9s %6s'


def table_row(result: SuiteResult) -> str:
    if result.skipped or result.native is None or result.vm is None:
        return '%-16s skipped: %s' % (result.name, result.skipped)
    tests, same = result.counts()
    ratio = result.vm.seconds / result.native.seconds if result.native.seconds else float('nan')
    row = ROW % (result.name, tests, same, tests - same, '%.1f' % result.native.seconds,
                 '%.1f' % result.vm.seconds, '%.1fx' % ratio)
    for kind, run, other in (('native', result.native, result.vm), ('VM', result.vm, result.native)):
        if run.timed_out:
            row += '  (%s timed out: %d of %d tests finished)' % (kind, len(run.outcomes),
                                                                 len(other.outcomes))
    return row


def main(argv: List[str]) -> int:
    host: Optional[str] = None
    names: List[str] = []
    keep = verbose = False
    timeout = 3600.0
    arguments = list(argv)
    while arguments:
        argument = arguments.pop(0)
        if argument in ('--host-python', '--timeout') and arguments:
            value = arguments.pop(0)
            if argument == '--timeout':
                timeout = float(value)
            else:
                host = value
        elif argument == '--keep':
            keep = True
        elif argument in ('-v', '--verbose'):
            verbose = True
        elif argument == '--fast':
            names.extend(FAST)
        elif argument in ('-h', '--help'):
            print(__doc__)
            return 0
        else:
            names.append(argument)
    unknown = [name for name in names if name not in PACKAGES]
    if unknown:
        print('unknown package(s): %s (known: %s)' % (', '.join(unknown), ', '.join(PACKAGES)))
        return 2
    workdir = tempfile.mkdtemp(prefix='pipeline-clients-')
    all_same = True
    print(ROW % ('package', 'tests', 'identical', 'differing', 'native s', 'VM s', 'ratio'), flush=True)
    try:
        for name in names or list(PACKAGES):
            result = run_suite(PACKAGES[name], workdir, host, timeout=timeout)
            print(table_row(result), flush=True)
            if result.native is None or result.vm is None:
                continue
            differences = result.differences()
            if differences or not result.native.outcomes or result.native.timed_out or result.vm.timed_out:
                all_same = False
                for line in differences[:None if verbose else 20]:
                    print('    ' + line)
                if len(differences) > 20 and not verbose:
                    print('    ... %d more (-v lists them all)' % (len(differences) - 20))
                for kind, run in (('native', result.native), ('VM', result.vm)):
                    if not run.outcomes or verbose:
                        print('    %s run output:\n%s' % (kind, run.output))
    finally:
        if keep:
            print('kept', workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all_same else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
