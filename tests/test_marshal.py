"""compiler/marshal.py against CPython 3.8's marshal, both directions."""
import os
import subprocess

import pytest

from pipeline.compiler import marshal
from pipeline.compiler.code import CodeType
from tests.regen.marshal import HERE, ORACLE, SAMPLE

ORACLE_EQUAL = r'''
import marshal, sys
ours = marshal.loads(sys.stdin.buffer.read())
theirs = compile(sys.argv[1], "sample.py", "exec")
def same(a, b):
    if hasattr(a, "co_code"):
        return all(getattr(a, f) == getattr(b, f) for f in dir(a)
                   if f.startswith("co_") and f != "co_consts") and \
            len(a.co_consts) == len(b.co_consts) and \
            all(same(x, y) for x, y in zip(a.co_consts, b.co_consts))
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, (float, complex)):
        return repr(a) == repr(b)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b
print(same(ours, theirs))
'''


def golden_code() -> CodeType:
    with open(os.path.join(HERE, 'sample.bin'), 'rb') as data:
        return marshal.loads(data.read())


def test_loads_cpython38_code():
    code = golden_code()
    assert isinstance(code, CodeType)
    assert code.co_name == '<module>' and code.co_filename == 'sample.py'
    values = next(c for c in code.co_consts if isinstance(c, tuple) and len(c) == 13)
    assert values[:4] == (1, 2.5, -0.0, 3j) and str(values[2]) == '-0.0'
    assert values[4:6] == (10**30, -(10**30))
    assert values[6:] == (b'bytes', 'text', 'caf\xe9', '\U0001f600', None, True, ...)
    functions = [c for c in code.co_consts if isinstance(c, CodeType)]
    f = functions[0]
    assert (f.co_name, f.co_argcount, f.co_posonlyargcount, f.co_kwonlyargcount) == ('f', 2, 1, 2)
    assert f.co_cellvars == ('a', 'b')


def test_round_trip_is_stable():
    code = golden_code()
    again = marshal.loads(marshal.dumps(code))
    assert again == code
    assert marshal.dumps(again) == marshal.dumps(code)


@pytest.mark.parametrize('value', [0, -1, 2**31 - 1, -2**31, 2**31, -(2**100), 1.5, float('inf'),
                                   -0.0, 1 + 2j, '', 'x' * 300, 'é' * 3, b'\x00\xff', (), (1, (2,)),
                                   frozenset({1, 2}), [1, 'a'], {'k': (1,)}, None, ..., True])
def test_values_round_trip(value):
    assert marshal.loads(marshal.dumps(value)) == value


def test_bad_data_is_a_clear_error():
    data = marshal.dumps(golden_code())
    for cut in (0, 1, 10, len(data) // 2, len(data) - 1):
        with pytest.raises((EOFError, ValueError)):
            marshal.loads(data[:cut])
    with pytest.raises(ValueError):
        marshal.loads(b'\x01')
    with pytest.raises(ImportError):
        marshal.load_pyc(b'\x00' * 16 + data)


def test_cpython38_reads_our_marshal(oracle):
    ours = marshal.dumps(golden_code())
    result = subprocess.run([oracle, '-c', ORACLE_EQUAL, SAMPLE], input=ours,
                            capture_output=True, check=True)
    assert result.stdout.strip() == b'True'


def test_golden_matches_live_oracle(oracle):
    live = subprocess.run([oracle, '-c', ORACLE], input=SAMPLE.encode(), capture_output=True,
                          check=True).stdout
    assert marshal.loads(live) == golden_code()


def test_pyc_runs_under_cpython38(oracle, tmp_path):
    pyc = tmp_path / 'sample.pyc'
    code = marshal.loads(subprocess.run([oracle, '-c', ORACLE], input=b'print("hi", 6 * 7)',
                                        capture_output=True, check=True).stdout)
    pyc.write_bytes(marshal.dump_pyc(code))
    assert subprocess.run([oracle, str(pyc)], capture_output=True, text=True).stdout == 'hi 42\n'
