"""Traceback frames and signals where C code is involved, through CPython's _testcapi (the cases
of 3.8's test_exceptions.testSettingException and test_generators.SignalAndYieldFromTest):
each snippet runs in the VM at tiers 0, 1 and 2 and prints what CPython 3.8 prints (checked
against the oracle when there is one). The pure-Python cases are tests/programs/traceback_frames.py."""
import os
import subprocess
import sys

import pytest

from tests.hosts import ON_PYPY

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

pytestmark = pytest.mark.skipif(ON_PYPY, reason="PyPy has no _testcapi")

# A class whose instantiation by C code fails: the error from __init__ replaces the exception
# (PyErr_NormalizeException), its traceback the __init__ frame, whose f_back is the caller of the
# C function (which has no frame)
INSTANTIATION = '''
import sys, _testcapi

class BadException(Exception):
    def __init__(self):
        raise RuntimeError("can't instantiate BadException")

def caller():
    try:
        _testcapi.raise_exception(BadException, 0)
    except RuntimeError as err:
        tb = sys.exc_info()[2]
        print(err, tb.tb_frame.f_code.co_name, tb.tb_frame.f_back.f_code.co_name,
              tb.tb_frame.f_back is sys._getframe(), tb.tb_next)
    try:
        _testcapi.raise_exception(BadException, 1)
    except TypeError as err:
        print(sys.exc_info()[2].tb_frame.f_code.co_name)

caller()
'''

# SIGINT arriving as a `yield from` chain resumes is handled in the innermost generator (bpo-30039)
SIGNAL_IN_YIELD_FROM = '''
import signal, _testcapi
signal.signal(signal.SIGINT, signal.default_int_handler)   # (a background shell ignores SIGINT)

def outer():
    return (yield from inner())

def inner():
    try:
        yield
    except KeyboardInterrupt as exc:
        return 'interrupted at line %d' % exc.__traceback__.tb_lineno
    return 'not interrupted'

def handler(signum, frame):
    print('handler in', frame.f_code.co_name)

for install in (None, handler):
    if install is not None:
        signal.signal(signal.SIGINT, install)
    gen = outer()
    gen.send(None)
    try:
        _testcapi.raise_SIGINT_then_send_None(gen)
    except BaseException as exc:
        print(type(exc).__name__, exc.args)
try:
    _testcapi.raise_SIGINT_then_send_None(iter([]))
except TypeError as exc:
    print(exc)
'''

EXPECTED = {
    INSTANTIATION: "can't instantiate BadException __init__ caller True None\ncaller\n",
    SIGNAL_IN_YIELD_FROM: "StopIteration ('interrupted at line 10',)\nhandler in inner\n"
                          "StopIteration ('not interrupted',)\n"
                          "argument 1 must be generator, not list_iterator\n",
}


def run(command, source):
    env = dict(os.environ, PYTHONPATH=REPO)
    return subprocess.run(command + ['-c', source], capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.fixture(scope='module', autouse=True)
def testcapi():
    pytest.importorskip('_testcapi')


@pytest.mark.parametrize('tier', ['0', '1', '2'])
@pytest.mark.parametrize('source', [INSTANTIATION, SIGNAL_IN_YIELD_FROM],
                         ids=['instantiation', 'signal_in_yield_from'])
def test_as_cpython38(source, tier):
    proc = run([sys.executable, '-m', 'pipeline.run', '--tier', tier], source)
    assert (proc.stdout, proc.stderr) == (EXPECTED[source], '')


@pytest.mark.parametrize('source', [INSTANTIATION, SIGNAL_IN_YIELD_FROM],
                         ids=['instantiation', 'signal_in_yield_from'])
def test_expectations_are_the_oracles(oracle, source):
    proc = run([oracle], source)
    assert (proc.stdout, proc.stderr) == (EXPECTED[source], '')
