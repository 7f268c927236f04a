"""coverage.py on programs run in the VM gives what the same coverage gives natively on CPython 3.8.

`python -m pipeline.run -m coverage run [--branch] prog.py` and the Coverage API inside a VM
program, against `python3.8 -m coverage run` and the API natively: the measured lines and
arcs of every file, and `coverage report --show-missing` (our report through pipeline.run,
so coverage analyses the source as 3.8 does). coverage is installed per interpreter into a
cache directory by tests/coverage_diff.py; without the oracle or the package index the tests
skip with that reason.
"""
import os
import shutil
import subprocess
import sys

import pytest

from tests import coverage_diff
from tests.oracle import oracle_python

# programs of tests/programs/ compared here (the whole corpus: python -m tests.coverage_diff)
PROGRAMS = ['async_streams', 'closures_counters', 'context_managers', 'decorators_wraps',
            'exceptions_finally_flow', 'lru_cache_impl', 'producer_consumer_coroutines',
            'scopes_and_globals', 'threads_workers', 'tiny_interpreter', 'introspection_inspect']
# these need the 'return' events of frames a delegated yield passes through and YIELD_FROM's
# StopIteration 'exception' event (vm/settrace.py's delegators_yield, branch s5trace)
DELEGATION_PROGRAMS = ['function_attribute_overrides', 'generator_pipeline', 'generator_protocol',
                       'generator_states']

API_PROGRAM = '''
import coverage
cov = coverage.Coverage(branch=True, data_file=None, include=['*/measured.py'])
cov.start()
import measured
measured.run()
cov.stop()
data = cov.get_data()
for name in data.measured_files():
    print(sorted(data.arcs(name)))
cov.report(show_missing=True)
'''

MEASURED = '''
def gen(n):
    for i in range(n):
        if i % 2:
            yield i
        else:
            continue
    yield from (10, 20)


def run():
    total = 0
    for value in gen(5):
        total += value
    try:
        total /= 0
    except ZeroDivisionError:
        total = -1
    finally:
        total += 1
    while total < 3:
        total += 1
    return [x for x in range(total) if x] or None
'''


@pytest.fixture(scope='module')
def workdir(tmp_path_factory):
    reason = coverage_diff.unavailable()
    if reason:
        pytest.skip(reason)
    target = str(tmp_path_factory.mktemp('coverage') / 'programs')
    shutil.copytree(coverage_diff.PROGRAMS, target, ignore=shutil.ignore_patterns('__pycache__'))
    return target


@pytest.mark.parametrize('name', PROGRAMS)
def test_branch_coverage_of_program(workdir, name):
    assert coverage_diff.compare_program(name, workdir, branch=True) is None


@pytest.mark.parametrize('name', DELEGATION_PROGRAMS)
def test_branch_coverage_through_yield_from(workdir, name):
    from pipeline.vm import settrace
    if not hasattr(settrace, 'delegators_yield'):
        pytest.skip("the VM reports no 'return' of a frame a delegated yield passes through yet")
    assert coverage_diff.compare_program(name, workdir, branch=True) is None


@pytest.mark.parametrize('name', ['frames_and_stack', 'logging_records'])
def test_stack_under_coverage_hosted_on_38(workdir, name):
    # their output shows the stack down to runpy's frames, which name the host's runpy.py:
    # byte-identical only with CPython 3.8 hosting the VM
    oracle = oracle_python()
    reason = coverage_diff.coverage_for(oracle)[1]
    if reason:
        pytest.skip(reason)
    assert coverage_diff.compare_program(name, workdir, branch=True, host=oracle) is None


UNSTARTED_GENERATORS = '''
import sys
def numbers():
    yield 1
async def agen():
    yield 1
async def coro():
    pass
def tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__:
        print(event, frame.f_code.co_name, frame.f_lineno, arg if event != 'exception' else arg[0])
    return tracer
sys.settrace(tracer)
g = numbers()
del g
a = agen()
del a
c = coro()
c.close()
sys.settrace(None)
'''


def test_unstarted_generators_finalized_under_a_tracer(tmp_path):
    """_PyGen_Finalize closes a generator that never ran too: a trace function (coverage's)
    sees its frame start, GeneratorExit and return (not a coroutine's: it only warns)."""
    oracle = oracle_python()
    if oracle is None:
        pytest.skip('CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)')
    program = tmp_path / 'unstarted.py'
    program.write_text(UNSTARTED_GENERATORS)
    native = subprocess.run([oracle, str(program)], capture_output=True, text=True, timeout=60)
    ours = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', str(program)],
                          capture_output=True, text=True, timeout=60)
    assert 'exception numbers' in native.stdout
    assert (ours.stdout, ours.stderr) == (native.stdout, native.stderr)


def test_line_coverage_of_program(workdir):
    assert coverage_diff.compare_program('generator_pipeline', workdir, branch=False) is None


def test_coverage_api_inside_a_vm_program(workdir, tmp_path):
    (tmp_path / 'main.py').write_text(API_PROGRAM)
    (tmp_path / 'measured.py').write_text(MEASURED)
    oracle = oracle_python()
    native = subprocess.run([oracle, 'main.py'], cwd=str(tmp_path), capture_output=True, text=True,
                            env=coverage_diff.environment(oracle), timeout=300)
    shutil.rmtree(str(tmp_path / '__pycache__'), ignore_errors=True)
    ours = subprocess.run([sys.executable, '-m', 'pipeline.run', 'main.py'], cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=300,
                          env=coverage_diff.environment(sys.executable, [coverage_diff.REPO]))
    assert native.returncode == 0, native.stderr
    assert 'measured' in native.stdout and 'TOTAL' in native.stdout
    assert (ours.stdout, ours.stderr) == (native.stdout, native.stderr)


def test_run_module_and_program_arguments(workdir):
    """`coverage run -m MODULE ARGS`: the module runs in the VM with its arguments."""
    module = os.path.join(workdir, 'cov_module_target.py')
    with open(module, 'w') as stream:
        stream.write('import sys\nif len(sys.argv) > 2:\n    print(sys.argv[1:])\nelse:\n    print(0)\n')
    data = [os.path.join(workdir, kind + '.modcoverage') for kind in ('native', 'vm')]
    arguments = ['--branch', '-m', 'cov_module_target', 'a', 'b']
    native = coverage_diff.run_native(arguments, workdir, data[0])
    ours = coverage_diff.run_vm(arguments, workdir, data[1])
    assert native.stdout == "['a', 'b']\n"
    assert (ours.stdout, ours.returncode) == (native.stdout, native.returncode)
    assert coverage_diff.read_data(data[1]) == coverage_diff.read_data(data[0])

