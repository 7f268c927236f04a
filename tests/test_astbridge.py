"""The oracle AST bridge rebuilds CPython 3.8's trees exactly."""
import json
import math
import subprocess

import pytest

import pipeline
from tests.astbridge import ORACLE_DUMP, oracle_ast, oracle_ast_many

SOURCES = [
    'x = 1\n',
    'a = (-0.0, 1e400, -1e400, 10**1000, 1 << 5000, 3j, -2.5j, b"\\x00\\xff", "caf\\xe9", ...)\n',
    's = "\\ud800"\n',
    'def f(a, /, b=1, *args, c, d=2, **kw) -> int:\n    """doc"""\n    return a\n',
    'async def g():\n    async with a as b:\n        await b\n    async for x in y: pass\n',
    'class C(B, metaclass=M):\n    x: int = 3\n    def m(self): return super().m()\n',
    'f"{x!r:>{width}} {y=}"\n',
    'a[1:2, ::3, ...]\nb[i]\n',
    'try:\n    pass\nexcept E as e:\n    raise X from e\nfinally:\n    del q\n',
    '[y := f(x) for x in z if x]\nlambda *a, **k: 0\n',
    'x = 1  # type: int\n',
    'global a\nwith a as (b, c), d: nonlocal_ = 1\n',
]


def test_round_trip_matches_oracle_dump(oracle):
    expected = json.loads(subprocess.run([oracle, '-c', ORACLE_DUMP], input=json.dumps(SOURCES),
                                         capture_output=True, text=True, check=True).stdout)
    trees = oracle_ast_many(SOURCES)
    for source, tree, dumped in zip(SOURCES, trees, expected):
        assert pipeline.dump(tree, include_attributes=True) == dumped, source


def test_constants_are_lossless(oracle):
    tree = oracle_ast('(-0.0, 1e400, 10**400, 2j, b"\\x80")\n')
    elts = tree.body[0].value.elts
    assert math.copysign(1.0, elts[0].operand.value) == 1.0
    assert elts[1].value == float('inf')
    assert elts[3].value == 2j
    assert tree.body[0].value.elts[2].left.value == 10
    assert tree.body[0].value.elts[4].value == b'\x80'


def test_surrogates_stay_unpaired(oracle):
    tree = oracle_ast('s = "\\ud800\\udc02", "\\ud800", "\\U00010002"\n')
    values = [elt.value for elt in tree.body[0].value.elts]
    assert values == ['\ud800\udc02', '\ud800', '\U00010002']
    assert len(values[0]) == 2


def test_huge_int_literal(oracle):
    tree = oracle_ast('n = 0x%s\n' % ('f' * 5000))  # beyond the int/str digit limit
    assert tree.body[0].value.value == 16 ** 5000 - 1
    with pytest.raises(SyntaxError) as info:  # 3.8.18 has the int/str digit limit too
        oracle_ast('n = %s\n' % ('9' * 5000))
    assert 'integer string conversion' in info.value.msg


def test_syntax_error_is_oracles(oracle):
    with pytest.raises(SyntaxError) as info:
        oracle_ast('x = (1,\n', 'f.py')
    assert info.value.filename == 'f.py'
    assert info.value.lineno == 1
    results = oracle_ast_many(['x = 1\n', 'def f(:\n'], errors=True)
    assert isinstance(results[1], SyntaxError)


def test_modes(oracle):
    tree = oracle_ast('1 + 2', mode='eval')
    assert type(tree).__name__ == 'Expression'
    tree = oracle_ast('x = 1\n', mode='single')
    assert type(tree).__name__ == 'Interactive'
