"""VM functions' attributes as 3.8's (Lib/test/test_funcattrs through the VM found these)."""
import subprocess

import pytest

import pipeline
from tests.oracle import oracle_python

PROGRAM = r'''
def f(): pass
def outer():
    x = 1
    def inner(): return x
    return inner
inner = outer()
import collections
for statement in ('f.__globals__ = {}', 'del f.__globals__', 'inner.__closure__ = inner.__closure__',
                  'del inner.__closure__', 'del f.__dict__', 'f.__dict__ = None',
                  'f.__dict__ = collections.UserDict()', 'f.__qualname__ = 1', 'f.__qualname__ = None',
                  'del f.__qualname__', "f.__qualname__ = 'g.h'"):
    try:
        exec(statement)
    except (AttributeError, TypeError) as exc:
        print(statement, '->', type(exc).__name__, exc)
    else:
        print(statement, '-> no error')
f.x = 3
print(f.__dict__, vars(f), f.x, f.__globals__ is globals(), type(inner.__closure__[0]).__name__)
f.__dict__ = collections.OrderedDict(a=1)
print(f.a, type(f.__dict__).__name__, 'x' in dir(f), 'a' in dir(f))
f.__dict__ = {'b': 2}
print(f.b, f.__dict__)
print(f.__qualname__, repr(f)[:13], f.__name__)
'''

# what python3.8 prints (checked against the oracle by test_expected_is_38s)
EXPECTED = '''f.__globals__ = {} -> AttributeError readonly attribute
del f.__globals__ -> AttributeError readonly attribute
inner.__closure__ = inner.__closure__ -> AttributeError readonly attribute
del inner.__closure__ -> AttributeError readonly attribute
del f.__dict__ -> TypeError cannot delete __dict__
f.__dict__ = None -> TypeError __dict__ must be set to a dictionary, not a 'NoneType'
f.__dict__ = collections.UserDict() -> TypeError __dict__ must be set to a dictionary, not a 'UserDict'
f.__qualname__ = 1 -> TypeError __qualname__ must be set to a string object
f.__qualname__ = None -> TypeError __qualname__ must be set to a string object
del f.__qualname__ -> TypeError __qualname__ must be set to a string object
f.__qualname__ = 'g.h' -> no error
{'x': 3} {'x': 3} 3 True cell
1 OrderedDict False True
2 {'b': 2}
g.h <function g.h f
'''


def test_readonly_and_dict_attributes(capsys):
    pipeline.compile_and_run(PROGRAM)
    assert capsys.readouterr().out == EXPECTED


def test_expected_is_38s():
    oracle = oracle_python()
    if oracle is None:
        pytest.skip('CPython 3.8 oracle not found (set PIPELINE_ORACLE_PYTHON)')
    result = subprocess.run([oracle, '-c', PROGRAM], capture_output=True, text=True, timeout=60)
    assert result.stdout == EXPECTED
