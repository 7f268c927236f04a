"""Third-party test suites natively on CPython 3.8 and in our VM: per-test outcomes compared.

    python -m tests.clients [NAME ...] [--host-python PY] [--keep]

Each pinned package's sdist is downloaded with pip into a cache directory
($PIPELINE_TEST_CACHE, else ~/.cache/pipeline-tests) and unpacked into a fresh directory;
its test suite runs with pytest (installed for the interpreter into the cache) twice:
natively (`python3.8 -m pytest`) and in the VM (`PY -m pipeline.run -m pytest`, the
package and its tests compiled by our pipeline through the import hook, pytest's assertion
rewriting on, its compile() giving our code objects). Outcomes come from pytest's JUnit XML;
the report gives, per suite, the tests with identical outcomes and the VM's time ratio.
PY defaults to the oracle (pytest and the suites then see the same host). Without the oracle
or the package index every suite is skipped with the reason.
"""
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from typing import Dict, List, NamedTuple, Optional, Tuple

from tests.oracle import oracle_python

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTEST = ['pytest==8.3.5']   # the last pytest series for Python 3.8


class Package(NamedTuple):
    """A pinned sdist and how its suite runs."""
    name: str
    version: str
    tests: Tuple[str, ...]               # pytest arguments: test files or directories
    source: str = '.'                    # where the importable package lives in the sdist
    requires: Tuple[str, ...] = ()       # test-only dependencies, installed beside pytest
    options: Tuple[str, ...] = ()        # more pytest options


PACKAGES = {package.name: package for package in (
    Package('six', '1.16.0', ('test_six.py',)),
    Package('toolz', '0.12.1', ('toolz/tests',)),
    Package('more-itertools', '10.5.0', ('tests',)),
    Package('idna', '3.7', ('tests',)),
    Package('tabulate', '0.9.0', ('test',)),
    Package('simplejson', '3.19.3', ('simplejson/tests',)),   # no C speedups built: pure mode
    Package('python-dateutil', '2.9.0.post0', ('tests',), source='src',
            requires=('freezegun==1.5.1', 'hypothesis==6.113.0')),
    Package('attrs', '23.2.0', ('tests',), source='src',
            requires=('hypothesis==6.113.0',), options=('-p', 'no:mypy-plugins')),
)}
FAST = ['six']   # what CI runs (tests/test_clients.py)


def cache_dir() -> str:
    return os.environ.get('PIPELINE_TEST_CACHE') or os.path.join(
        os.path.expanduser('~'), '.cache', 'pipeline-tests')


def _pip(python: str, arguments: List[str]) -> Optional[str]:
    """Run pip; None when it worked, else its last line."""
    proc = subprocess.run([python, '-m', 'pip', '--disable-pip-version-check', '-q'] + arguments,
                          capture_output=True, text=True, timeout=900)
    if proc.returncode == 0:
        return None
    return (proc.stderr.strip().splitlines() or ['pip failed'])[-1]


def site_for(python: str, requirements: List[str]) -> Tuple[Optional[str], str]:
    """A directory with `requirements` installed for `python` (cached), or (None, why not)."""
    tag = subprocess.run([python, '-c', 'import sys; print(sys.implementation.cache_tag)'],
                         capture_output=True, text=True, timeout=60).stdout.strip()
    key = '-'.join(sorted(requirement.replace('==', '-') for requirement in requirements))
    target = os.path.join(cache_dir(), 'site-%s-%s' % (tag, key))
    if os.path.exists(os.path.join(target, '.complete')):
        return target, ''
    partial = target + '.partial'
    shutil.rmtree(partial, ignore_errors=True)
    problem = _pip(python, ['install', '--target', partial] + requirements)
    if problem:
        shutil.rmtree(partial, ignore_errors=True)
        return None, 'cannot install %s for %s (%s)' % (' '.join(requirements), python, problem)
    open(os.path.join(partial, '.complete'), 'w').close()
    shutil.rmtree(target, ignore_errors=True)
    os.rename(partial, target)
    return target, ''


def sdist(package: Package) -> Tuple[Optional[str], str]:
    """The package's sdist archive in the cache (downloaded once), or (None, why not)."""
    directory = os.path.join(cache_dir(), 'sdists')
    os.makedirs(directory, exist_ok=True)
    stem = '%s-%s' % (package.name.replace('-', '_'), package.version)
    for name in os.listdir(directory):
        if name.lower().replace('-', '_').startswith(stem.lower()) and name.endswith('.tar.gz'):
            return os.path.join(directory, name), ''
    problem = _pip(sys.executable, ['download', '--no-deps', '--no-binary', ':all:', '-d', directory,
                                    '%s==%s' % (package.name, package.version)])
    if problem:
        return None, 'cannot download %s %s (%s)' % (package.name, package.version, problem)
    return sdist(package) if any(name.endswith('.tar.gz') for name in os.listdir(directory)) \
        else (None, 'no sdist for %s' % package.name)


def unpack(archive: str, into: str) -> str:
    """Unpack the sdist into a fresh directory; its top directory."""
    with tarfile.open(archive) as tar:
        tar.extractall(into)
        top = tar.getnames()[0].split('/')[0]
    return os.path.join(into, top)


def outcomes(junit_file: str) -> Dict[str, str]:
    """{test id: passed|failed|error|skipped} from pytest's JUnit XML."""
    result: Dict[str, str] = {}
    if not os.path.exists(junit_file):
        return result
    for case in ElementTree.parse(junit_file).iter('testcase'):
        test_id = '%s::%s' % (case.get('classname'), case.get('name'))
        kinds = [child.tag for child in case]
        if 'failure' in kinds:
            outcome = 'failed'
        elif 'error' in kinds:
            outcome = 'error'
        elif 'skipped' in kinds:
            outcome = 'skipped'
        else:
            outcome = 'passed'
        result[test_id] = outcome
    return result


class SuiteResult(NamedTuple):
    name: str
    skipped: str                 # why the suite did not run ('' when it ran)
    native: Dict[str, str]
    vm: Dict[str, str]
    native_seconds: float
    vm_seconds: float
    vm_output: str

    def differences(self) -> List[str]:
        return ['%s: native %s, VM %s' % (test, self.native.get(test, 'absent'), self.vm.get(test, 'absent'))
                for test in sorted(set(self.native) | set(self.vm))
                if self.native.get(test) != self.vm.get(test)]

    def summary(self) -> str:
        if self.skipped:
            return '%-16s skipped: %s' % (self.name, self.skipped)
        same = sum(1 for test, outcome in self.native.items() if self.vm.get(test) == outcome)
        counts: Dict[str, int] = {}
        for outcome in self.native.values():
            counts[outcome] = counts.get(outcome, 0) + 1
        ratio = self.vm_seconds / self.native_seconds if self.native_seconds else float('nan')
        return '%-16s %d/%d identical (%s); native %.1fs, VM %.1fs, ratio %.1fx' % (
            self.name, same, len(set(self.native) | set(self.vm)),
            ', '.join('%d %s' % (count, kind) for kind, count in sorted(counts.items())),
            self.native_seconds, self.vm_seconds, ratio)


def run_suite(package: Package, host: str, workdir: str) -> SuiteResult:
    """The package's suite natively on the oracle and in the VM hosted by `host`."""
    def skipped(reason: str) -> SuiteResult:
        return SuiteResult(package.name, reason, {}, {}, 0.0, 0.0, '')
    oracle = oracle_python()
    if oracle is None:
        return skipped('CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)')
    archive, reason = sdist(package)
    if archive is None:
        return skipped(reason)
    sites = {}
    for python in {oracle, host}:
        sites[python], reason = site_for(python, PYTEST + list(package.requires))
        if sites[python] is None:
            return skipped(reason)
    runs = {}
    for kind, python in (('native', oracle), ('vm', host)):
        top = unpack(archive, os.path.join(workdir, package.name + '-' + kind))
        source = os.path.normpath(os.path.join(top, package.source))
        junit = os.path.join(workdir, '%s-%s.xml' % (package.name, kind))
        pytest_args = ['-m', 'pytest', '-p', 'no:cacheprovider', '-q', '--junitxml', junit] + \
            list(package.options) + list(package.tests)
        env = dict(os.environ, PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1')
        if kind == 'native':
            env['PYTHONPATH'] = os.pathsep.join([source, sites[python]])
            command = [python] + pytest_args
        else:
            env['PYTHONPATH'] = os.pathsep.join([sites[python], REPO])
            paths = [] if source == top else ['--path', source]
            command = [python, '-m', 'pipeline.run', '--no-cache'] + paths + pytest_args
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=top, env=env, capture_output=True, text=True,
                              timeout=7200)
        seconds = time.perf_counter() - started
        runs[kind] = (outcomes(junit), seconds, proc.stdout[-3000:] + proc.stderr[-3000:])
    return SuiteResult(package.name, '', runs['native'][0], runs['vm'][0], runs['native'][1],
                       runs['vm'][1], runs['vm'][2])


def main(argv: List[str]) -> int:
    host = oracle_python() or sys.executable
    names: List[str] = []
    keep = False
    index = 0
    while index < len(argv):
        if argv[index] == '--host-python' and index + 1 < len(argv):
            host = argv[index + 1]
            index += 2
            continue
        if argv[index] == '--keep':
            keep = True
        elif argv[index] == '--fast':
            names.extend(FAST)
        else:
            names.append(argv[index])
        index += 1
    unknown = [name for name in names if name not in PACKAGES]
    if unknown:
        print('unknown package(s): %s (known: %s)' % (', '.join(unknown), ', '.join(PACKAGES)))
        return 2
    workdir = tempfile.mkdtemp(prefix='pipeline-clients-')
    all_same = True
    try:
        for name in names or list(PACKAGES):
            result = run_suite(PACKAGES[name], host, workdir)
            print(result.summary(), flush=True)
            differences = result.differences()
            if not result.skipped and (differences or not result.native):
                all_same = False
                for line in differences[:20]:
                    print('    ' + line)
                if not result.vm:
                    print('    VM run output:\n' + result.vm_output)
    finally:
        if keep:
            print('kept', workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all_same else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
