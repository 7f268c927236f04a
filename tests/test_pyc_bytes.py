""".pyc files byte-identical to `python3.8 -m py_compile`'s (FLAG_REF / TYPE_REF included).

Goldens: tests/golden/pyc_bytes/NAME.py and the .pyc CPython 3.8 wrote for it (regenerate
with `python -m tests.regen_golden pyc_bytes`); the live tests compile fresh sources.
"""
import os
import subprocess
import warnings

import pytest

import pipeline
from pipeline.compiler import marshal
from pipeline.compiler.marshal_refs import SharePlan, all_name_chars
from tests.pyc_walk import first_difference, walk
from tests.regen.pyc_bytes import HERE, MTIME, SAMPLES

# Samples known to differ (none today).
KNOWN_DIFFERENT: set = set()


def ours(source: bytes, filename: str) -> bytes:
    code = pipeline.compile(source, filename, 'exec')
    return marshal.dump_pyc(code, MTIME, len(source))


@pytest.mark.parametrize('name', sorted(SAMPLES))
def test_golden_pyc_bytes(name):
    with open(os.path.join(HERE, name + '.py'), 'rb') as handle:
        source = handle.read()
    with open(os.path.join(HERE, name + '.pyc'), 'rb') as handle:
        theirs = handle.read()
    mine = ours(source, name + '.py')
    assert mine[:16] == theirs[:16]
    if name in KNOWN_DIFFERENT:
        assert first_difference(mine[16:], theirs[16:]).endswith(
            "ours t+ref 'caf\xe9', 3.8 u+ref 'caf\xe9'")
        return
    assert first_difference(mine[16:], theirs[16:]) == ''
    assert mine == theirs


def test_golden_flags_are_not_trivial():
    # The goldens exercise both kinds: objects with and without FLAG_REF, and TYPE_REFs.
    with open(os.path.join(HERE, 'names_and_consts.pyc'), 'rb') as handle:
        items = walk(handle.read()[16:])
    assert any(item.flag for item in items) and any(
        not item.flag and item.type in 'zZ' for item in items)
    assert any(item.type == 'r' for item in items)


LIVE_SOURCES = [
    b'x = 1\n',
    b'import os.path\nfrom collections import namedtuple as nt, OrderedDict\n',
    b'def f(a, b=(1, 2), *, c=1000):\n    return a, b, c, 1000, (1, 2), "x y", "x y"\n'
    b'def g(self):\n    return "x y", 2.5, -0.0, 0.0, b"", b"a", b"ab"\n',
    b'class A:\n    def m(self):\n        return __class__\n'
    b'    def n(self, key=None):\n        return [k for k in self if k != key]\n',
    b'def gen(n):\n    yield from range(n)\n    return {i: i for i in "ab"}, {1, 2}\n'
    b'print(n in {1, 2, 3}, n in {(1, "a b")}, n in {"only"})\n',
    b'try:\n    pass\nexcept (ValueError, TypeError) as exc:\n    raise\n'
    b'finally:\n    x = lambda: 0\n    y = lambda: 0\n',
    'π = 1\nprint(π, "µ", "é", "\\u03c0")\n'.encode('utf-8'),
    b'f1, f2 = lambda x: x in {0}, lambda x: x in {0.0}\n'
    b'print("<lambda>", lambda: 0, [x for x in "<listcomp>"])\n',
    b'def f():\n    return {"beta", "alpha", "gamma", "delta", "epsilon", "zeta"}, \\\n'
    b'        1 in {1, 9, 17, 25, 33}, "x" in {"alpha", "beta"}\n',
    b'import unicodedata\nprint("\\N{BULLET}", unicodedata.decimal)\n',
    # equal code objects of different units are one constant of the compilation (and the
    # second a TYPE_REF), as 3.8's c_const_cache keys them by code_richcompare
    b'f = lambda: (lambda: 0); g = lambda: ((lambda: 0), 1)\n'
    b'def h():\n    return (lambda: 0), lambda: 0\n',
]


@pytest.mark.parametrize('index', range(len(LIVE_SOURCES)))
def test_live_pyc_bytes(oracle, tmp_path, index):
    source = LIVE_SOURCES[index]
    path = tmp_path / 'live.py'
    path.write_bytes(source)
    os.utime(path, (MTIME, MTIME))
    subprocess.run([oracle, '-m', 'py_compile', 'live.py'], cwd=tmp_path, check=True,
                   env=dict(os.environ, PYTHONHASHSEED='0'))
    theirs = (tmp_path / '__pycache__' / 'live.cpython-38.pyc').read_bytes()
    mine = ours(source, 'live.py')
    assert first_difference(mine[16:], theirs[16:]) == ''
    assert mine == theirs


def test_compiler_merges_constants_across_code_objects():
    code = pipeline.compile('f1, f2 = lambda: "not a name", lambda: ("not a name",)\n'
                            'f3 = lambda x: x in {("not a name",)}\n', 'm.py', 'exec')
    f1, f2, f3 = [c for c in code.co_consts if isinstance(c, type(code))]
    assert f1.co_consts[1] is f2.co_consts[1][0]
    assert next(iter(f3.co_consts[1])) is f2.co_consts[1]
    # ... and the .pyc keeps them one object: the second and third are TYPE_REFs.
    items = walk(marshal.dumps(code))
    strings = [item for item in items if item.value == 'not a name' or (
        item.type == 'r' and item.value[3] == 'not a name')]
    assert [item.type for item in strings] == ['z', 'r']
    assert strings[0].flag


def test_share_plan_basics():
    code = pipeline.compile('def f(spam_eggs_unique_name):\n    return 1000, 7\n', 'm.py',
                            'exec')
    plan = SharePlan(code)
    assert plan.shared(('top',)) and plan.shared(('filename',))
    assert not plan.shared(('str', 'spam_eggs_unique_name'))     # once, not alive elsewhere
    assert plan.shared(('str', 'self'))                          # alive in any process
    assert plan.shared(('const', (int, 7))) and not plan.shared(('const', (int, 1000)))
    assert all_name_chars('') and all_name_chars('a_1') and not all_name_chars('a b')


def test_hashes_and_set_order_of_cpython38_with_hash_seed_0():
    # Values printed by `PYTHONHASHSEED=0 python3.8 -c "print(hash(...))"`.
    from pipeline.compiler.marshal_order import frozenset_order, hash38
    assert hash38('abc') == 4596069200710135518
    assert hash38('\u03c0x') == 5656780384071354034          # 2 bytes a character
    assert hash38('\U0001f600') == 2694534307785527896       # 4 bytes a character
    assert hash38(b'xy') == -3011726315591293687
    assert hash38((1, 'a')) == 1230896556795382389
    assert hash38('') == 0 and hash38(None) is None
    assert frozenset_order(frozenset(['alpha', 'beta', 'gamma']), 0,
                           ['alpha', 'beta', 'gamma']) == ['gamma', 'alpha', 'beta']


def test_named_escapes_are_detected():
    import pipeline

    def uses_named_escapes(source):
        with warnings.catch_warnings():   # b"\\N{x}" is an invalid escape (as in 3.8)
            warnings.simplefilter('ignore', DeprecationWarning)
            code = pipeline.compile(source, '<s>', 'exec')
        return bool(code._pyc_facts.get('unicodedata'))
    assert uses_named_escapes(b'x = "\\N{BULLET}"\n')
    assert uses_named_escapes('x = f"{1}\\N{BULLET}"\n')
    assert uses_named_escapes('x = f"{1:\\N{BULLET}}"\n')
    assert uses_named_escapes('x = 1\nx = """\n\\N{BULLET}"""\n')
    assert not uses_named_escapes(b'x = r"\\N{BULLET}" + "\\\\N{BULLET}" + b"\\N{x}"\n')
    assert not uses_named_escapes(b'# \\N{BULLET}\nx = 1\n')
