"""Host constructors called from VM code: type(name, bases, namespace) names the caller's module
(3.8's type_new reads the calling frame's globals); types.FunctionType(code, ...) of our code."""
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


FUNCTION_PROGRAM = r'''
import types
def make_set():
    return {z * z for z in range(5)}
code = make_set.__code__.co_consts[1]
g = types.FunctionType(code, {'__name__': 'mod'})
print(g(iter(range(5))), g.__name__, g.__qualname__, g.__module__, g.__defaults__, g.__closure__)
def outer():
    x = 5
    def inner(a=1):
        "doc"
        return x + a
    return inner
inner = outer()
h = types.FunctionType(inner.__code__, globals(), 'renamed', (10,), inner.__closure__)
print(h(), h(1), h.__name__, h.__qualname__, h.__doc__, type(h).__name__)
for bad in [(inner.__code__, globals()), (inner.__code__, globals(), None, None, ()),
            (inner.__code__, globals(), None, None, (1,)), (inner.__code__, []),
            (code, {}, 3), (code, {}, None, [1]), (code, {}, None, None, 5), (3, {})]:
    try:
        types.FunctionType(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(types.FunctionType(code=code, globals={})(iter([3])))
'''

FUNCTION_EXPECTED = """{0, 1, 4, 9, 16} <setcomp> <setcomp> mod None None
15 6 renamed inner doc function
TypeError arg 5 (closure) must be tuple
ValueError inner requires closure of length 1, not 0
TypeError arg 5 (closure) expected cell, found int
TypeError function() argument 'globals' must be dict, not list
TypeError arg 3 (name) must be None or string
TypeError arg 4 (defaults) must be None or tuple
TypeError arg 5 (closure) must be None or tuple
TypeError function() argument 'code' must be code, not int
{9}
"""


def test_function_type_of_our_code_is_a_vm_function(capsys):
    pipeline.compile_and_run(FUNCTION_PROGRAM)
    assert capsys.readouterr().out == FUNCTION_EXPECTED


def test_type_call_names_the_callers_module(capsys):
    pipeline.compile_and_run(PROGRAM)
    assert capsys.readouterr().out == EXPECTED


def test_a_module_of_another_name(capsys):
    namespace = {'__name__': 'somewhere.else'}
    pipeline.compile_and_run("C = type('C', (), {})\n", globals=namespace)
    assert namespace['C'].__module__ == 'somewhere.else'


@pytest.mark.parametrize('program, expected', [(PROGRAM, EXPECTED),
                                               (FUNCTION_PROGRAM, FUNCTION_EXPECTED)])
def test_expected_is_38s(program, expected):
    oracle = oracle_python()
    if oracle is None:
        pytest.skip('CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)')
    result = subprocess.run([oracle, '-c', program], capture_output=True, text=True, timeout=60)
    assert result.stdout == expected
