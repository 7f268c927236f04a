"""type(name, bases, namespace) from VM code names the caller's module, as 3.8's type_new."""
import subprocess

import pytest

import pipeline
from tests.oracle import oracle_python

PROGRAM = r'''
X = type('X', (), {'a': 1})
print(X.__module__, list(X.__dict__)[:3])
class Meta(type):
    def __new__(mcs, name, bases, ns):
        return super().__new__(mcs, name, bases, ns)
Y = Meta('Y', (), {})
print(Y.__module__, type(Y).__name__)
Z = type('Z', (), {'__module__': 'given'})
print(Z.__module__, type(3), type.__new__(type, 'W', (), {}).__module__)
d = {}
type('V', (), d); print(d)
try: type('A', (), [])
except TypeError as e: print(e)
try: type(1, 2)
except TypeError as e: print(e)
def f():
    return type('Local', (), {})
print(f().__module__, f().__qualname__)
'''

# python3.8's output (test_expected_is_38s)
EXPECTED = """__main__ ['a', '__module__', '__dict__']
__main__ Meta
given <class 'int'> __main__
{}
type.__new__() argument 3 must be dict, not list
type() takes 1 or 3 arguments
__main__ Local
"""


def test_type_call_names_the_callers_module(capsys):
    pipeline.compile_and_run(PROGRAM)
    assert capsys.readouterr().out == EXPECTED


def test_a_module_of_another_name(capsys):
    namespace = {'__name__': 'somewhere.else'}
    pipeline.compile_and_run("C = type('C', (), {})\n", globals=namespace)
    assert namespace['C'].__module__ == 'somewhere.else'


def test_expected_is_38s():
    oracle = oracle_python()
    if oracle is None:
        pytest.skip('CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)')
    result = subprocess.run([oracle, '-c', PROGRAM], capture_output=True, text=True, timeout=60)
    assert result.stdout == EXPECTED
