"""Smoke tests of the Lib/test runners (tests/libtests.py): output parsing, one small module in
pyc mode and in vm mode, and the check that our .pyc is what CPython really loaded."""
import os
import subprocess

import pytest

from tests import libtests
from tests.oracle import oracle_stdlib

UNITTEST_OUTPUT = '''\
test_a (test.test_x.T) ... ok
test_b (test.test_x.T) ... FAIL
test_c (test.test_x.T) ... skipped 'no'

======================================================================
FAIL: test_b (test.test_x.T)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "x.py", line 3, in test_b
AssertionError: 1 != 2

======================================================================
ERROR: test_a (test.test_x.T) (x=1)
----------------------------------------------------------------------
Traceback (most recent call last):
  File "x.py", line 3, in test_a
KeyError: 1

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "x.py", line 5, in test_a
ValueError: first line
  second line

----------------------------------------------------------------------
Ran 3 tests in 0.001s

FAILED (failures=1, skipped=1, expected_failures=2)
**********************************************************************
File "/x/test_x.py", line 12, in test.test_x.__test__.doc
Failed example:
    f(1)
Expected:
    1
Got:
    2
**********************************************************************
7 tests in 2 items.
6 passed and 1 failed.
***Test Failed*** 1 failures.
== Tests result: FAILURE ==
'''


def test_parse_output_counts_and_failures():
    result = libtests.Result('test_x', 'native')
    libtests.parse_output(result, UNITTEST_OUTPUT)
    assert result.counts == {'ran': 3, 'failures': 1, 'errors': 0, 'skipped': 1,
                             'expected failures': 2, 'unexpected successes': 0,
                             'doctests': 7, 'doctests failed': 1}
    assert result.verdict == 'FAILURE'
    assert result.failed == {'FAIL test.test_x.T.test_b': 'AssertionError: 1 != 2',
                             'ERROR test.test_x.T.test_a (x=1)': 'ValueError: first line',
                             'DOCTEST test.test_x.__test__.doc line 12: f(1)': 'f(1)'}


def test_identical_needs_same_failures():
    native, ours = libtests.Result('m', 'native'), libtests.Result('m', 'ours')
    assert not libtests.identical(native, ours)   # two runs that never got to a verdict
    native.verdict = ours.verdict = 'SUCCESS'
    assert not libtests.identical(native, ours)   # no driver check line: not known to be ours
    ours.check = 'LIBTESTS-LOADED /x/__pycache__/m.cpython-38.pyc OK'
    assert libtests.identical(native, ours)
    ours.failed['ERROR t.T.test_a'] = 'ValueError'
    assert not libtests.identical(native, ours)


@pytest.fixture(scope='module')
def pyc_run(oracle, tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp('libtests'))
    pairs = libtests.run_pyc(oracle, oracle_stdlib(), ['test_unpack_ex'], 1, 300, workdir)
    return workdir, pairs


def test_pyc_mode_small_module(pyc_run):
    _, [(native, ours)] = pyc_run
    assert native.counts['doctests'] > 50 and native.verdict == 'SUCCESS'
    assert ours.check.startswith('LIBTESTS-LOADED') and ours.check.endswith(' OK'), ours.check
    assert libtests.identical(native, ours), (native.summary(), ours.summary(), ours.failed)
    assert ours.code_identical
    assert native.helpers and not ours.helpers   # test.support & co. came from our .pycs too


def test_pyc_check_notices_other_bytes(oracle, pyc_run):
    """The driver reports it when the .pyc CPython loaded is not the expected one."""
    workdir, _ = pyc_run
    shadow = os.path.join(workdir, 'ours')
    other = os.path.join(workdir, 'tampered.pyc')
    with open(libtests.cached_pyc(shadow, 'test_unpack_ex'), 'rb') as stream:
        data = stream.read()
    with open(other, 'wb') as stream:
        stream.write(data[:-1] + bytes([data[-1] ^ 1]))
    driver = os.path.join(workdir, 'pyc_driver.py')
    proc = subprocess.run([oracle, driver, shadow, 'test_unpack_ex', other],
                          capture_output=True, text=True, timeout=300, cwd=workdir)
    assert 'does not hold the expected bytes' in proc.stdout


def test_vm_mode_small_module(oracle, tmp_path):
    [(native, ours)] = libtests.run_vm(oracle, oracle_stdlib(), ['test_unpack_ex'], 2, 300,
                                       str(tmp_path))
    assert 'loader=PipelineLoader' in ours.check and 'native_functions=none' in ours.check
    assert libtests.identical(native, ours), (native.summary(), ours.summary(), ours.failed)


def test_pyc_check_notices_source_compiles(oracle, pyc_run):
    """A module CPython compiled from its source (no .pyc of ours) is reported."""
    workdir, _ = pyc_run
    shadow = os.path.join(workdir, 'ours')
    expected = libtests.cached_pyc(shadow, 'test_unpack_ex')
    proc = subprocess.run([oracle, os.path.join(workdir, 'pyc_driver.py'), shadow, 'test_unary',
                           expected], capture_output=True, text=True, timeout=300, cwd=workdir)
    check = [line for line in proc.stdout.splitlines() if line.startswith('LIBTESTS-LOADED')]
    assert check and 'CPython compiled %s from source' % os.path.join(
        shadow, 'test', 'test_unary.py') in check[0], proc.stdout[-2000:]
