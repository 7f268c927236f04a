"""Golden ASTs and SyntaxErrors of CPython 3.8's ast.parse (tests/golden/ast/cases.json).

CASES holds one case per item: `[eval:|single:]source` with backslash escapes (\\n...).
Run `python -m tests.regen_golden ast` to rewrite the golden file from the oracle.
"""
import json
import os
from typing import List, Tuple

from tests.oracle import run_oracle

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'ast')
GOLDEN = os.path.join(HERE, 'cases.json')

CASES = [
    '  pass',
    ' x = 1',
    '# only a comment',
    "'''doc'''\\nx",
    "'a' 'b'",
    "'a' = 1",
    '((a), b) = c',
    '((a, b) := 1)',
    '()',
    '(*a)',
    '(*a,) = b',
    '(__debug__ := 1)',
    '(a) = 1',
    '(a)(b)',
    '(a).b',
    '(a): int = 1',
    '(a)[b]',
    '(a, b)',
    '(a, b) += 1',
    '(a, b) := 1',
    '(a.b := 1)',
    '(f() := 1)',
    '(x := 1)',
    '(x for x in y)',
    '(x for x in y) = 1',
    '(x): int',
    '(yield x) = 1',
    '(yield) += 1',
    '*a',
    '*a = b',
    '+a',
    '-1',
    '-a ** b',
    '-a = 1',
    '... = 1',
    '1 = 2',
    '@dec.a.b(x)\\nclass C: pass',
    '@dec\\nasync def f(): pass',
    '@dec\\ndef f(): pass',
    '@f(x for x in y)\\ndef g(): pass',
    '@f(x for x in y, 1)\\ndef g(): pass',
    'None = 1',
    'True = 1',
    '[*a, *b]',
    '[a, *b] = c',
    '[a, 1] = 2',
    '[a] += 1',
    '[a]: int',
    '[x for (a), b in c if d if e for f in g]',
    '[x for (x, y) in z]',
    '[x for 1 in y]',
    '[x for f() in y]',
    '[x for x in y] = 1',
    '[x for x, in y]',
    '\\n\\n\\nx = 1\\n\\n',
    '__debug__ += 1',
    '__debug__ = 1',
    'a ** -b',
    'a + 1 = 2',
    'a < b = 1',
    'a < b > c',
    'a = (yield)',
    'a = *b',
    'a = 1 +',
    'a = b = c',
    'a = yield b, c',
    'a if b else c',
    'a if b else c = 1',
    'a not in b is not c',
    'a or b or (c or d)',
    'a, *b = c',
    'a, b += 1',
    'a, b: int',
    'a, f() = 1',
    'a.__debug__ = 1',
    'a.b += 1',
    'a.b(c).d',
    'a.b.c.d',
    'a.b: int',
    'a: int',
    'a[1:2, ...]',
    'a[1] += 1',
    'a[:, None]',
    'a[:]',
    'a[b:c, d]',
    'assert x, y',
    'async def f(): return (x async for x in y)',
    'async def f(): return [x async for x in y]',
    'async def f(): return {x: y async for x, y in z}',
    'async def f():\\n  async for x in y: pass\\n  async with a as b, c: pass\\n  await x\\n  [x async for x in y]',
    'await a.b(c)',
    'await x',
    'await x = 1',
    "b'a' 'b'",
    'class A:\\n  x = 1\\n  def f(self): pass',
    'class C(): pass',
    'class C(A, metaclass=M, *b, **k): pass',
    'class C(x for x in y): pass',
    'class __debug__(): pass',
    'class __debug__(a): pass',
    'class __debug__: pass',
    'def __debug__() -> int: pass',
    'def __debug__(): pass',
    'def f() -> int: pass',
    'def f():\\n  yield\\n  yield x\\n  yield from y\\n  x = yield\\n  return',
    'def f(*): pass',
    'def f(**__debug__): pass',
    'def f(**k, a): pass',
    'def f(*, **k): pass',
    'def f(*, __debug__): pass',
    'def f(*, a=1, b): pass',
    'def f(*__debug__): pass',
    'def f(*a, *b): pass',
    'def f(/): pass',
    'def f(__debug__): pass',
    'def f(a, *, b): pass',
    'def f(a, /, /): pass',
    'def f(a, /, b, *, c, **d): pass',
    'def f(a, a): pass',
    'def f(a, b=1, /): pass',
    'def f(a: int = 1, *b: str, c: float, **d: bool) -> None: pass',
    'def f(a=1, /, b=2, *c, d, e=3, **f): pass',
    'def f(a=1, b): pass',
    'del ()',
    'del (a)',
    'del (a), [b]',
    'del (a, b)',
    'del (a, b), c',
    'del *a',
    'del None',
    'del []',
    'del [a]',
    'del a + 1',
    'del a,',
    'del a, b',
    'del a[1], b.c',
    'del f()',
    'eval:1 + 2',
    'eval:x = 1',
    'eval:x\\n\\n',
    'except x as __debug__: pass',
    'exec "code"',
    "f'{a}' = 1",
    "f'{x!r:>{w}} {y}'",
    'f() += 1',
    'f() = 1',
    'f(): int',
    'f(**a, *b)',
    'f(**a, b=1)',
    'f(**b, c)',
    'f(**k, *a)',
    'f(**k, b)',
    'f(*a, *b, **c, **d)',
    'f(*a, b)',
    'f(*a, b=1, *c)',
    'f(1=2)',
    'f(__debug__=1)',
    'f(a for a in b)',
    'f(a for a in b, c)',
    'f(a)(b)[c].d',
    'f(a, b for b in c)',
    'f(a=1, **b, c=2)',
    'f(a=1, *b)',
    'f(a=1, a=2)',
    'f(a=1, b)',
    'f(b for b in c)(d)',
    'f(b for b in c, )',
    'f(c, a for a in b)',
    'f(lambda: 1 = 2)',
    'f(x := 1)',
    'f(x.y=1)',
    'f(é, ü)',
    'for (a), b in c: pass',
    'for (x, y) in z: pass',
    'for 1 in x: pass',
    'for [x, y] in z: pass',
    'for __debug__ in x: pass',
    'for a, in c: pass',
    'for f() in x: pass',
    'for x in y:\\n  pass\\nelse:\\n  z',
    'for x, in y: pass',
    'from . import x',
    'from .. a import (b, c,)',
    'from ... import *',
    'from .... a import b',
    'from __debug__ import a',
    'from a import __debug__',
    'from a import b as __debug__',
    'global __debug__',
    'global a, b',
    'if a:\\n    pass\\n# comment\\nelse:\\n    pass',
    'if a:\\n  pass\\nelif b:\\n  pass\\nelif c:\\n  x\\nelse:\\n  y',
    'if x',
    'if x:',
    'if x: print "a"',
    'if x:\\n  pass\\n  \\n\\n',
    'import __debug__',
    'import __debug__.a',
    'import a as __debug__',
    'import a.__debug__',
    'import a.b.c as d, e',
    'lambda __debug__: 1',
    'lambda a, /, b=1, *c, d, **e: 0',
    'lambda: (yield)',
    'lambda: 1 += 2',
    'nonlocal __debug__',
    'nonlocal a',
    'not a < b < c',
    'not not a',
    'pass',
    'print "hello"',
    'print x, y',
    "print(*a, sep='')",
    'raise x from y',
    'return *a, b',
    'single:\\n',
    'single:if x:\\n  pass\\n',
    'single:x = 1',
    'single:x = 1; y = 2',
    'single:x = 1\\ny = 2\\n',
    'try:\\n  pass\\nexcept (A, B):\\n  pass',
    'try:\\n  pass\\nexcept E as e:\\n  pass\\nelse:\\n  pass\\nfinally:\\n  z',
    'try:\\n  pass\\nexcept x as __debug__:\\n  pass',
    'try:\\n  pass\\nexcept:\\n  pass',
    'try:\\n  pass\\nfinally:\\n  pass',
    "u'x' 'y'",
    'while x:\\n  pass\\nelse:\\n  y',
    'with a as (b, c): pass',
    'with a as 1: pass',
    'with a as f(): pass',
    'with a, b as c:\\n  pass',
    'x += 1',
    'x := 1',
    'x = """abc',
    "x = 'abc",
    "x = 'é' + y",
    "x = 'é'; y = z",
    'x = (  # c\\n 1,\\n 2\\n)',
    'x = ("é",\\n     a)',
    'x = (1,',
    'x = *a',
    'x = *a, b',
    'x = 0x1f + 0o17 + 0b11 + 1_000 + 1.5e3 + 2j + 0.5',
    'x = 1 +\\\\\\n 2',
    'x = 1 if 2 else 3 if 4 else 5',
    'x = 1; y = 2;',
    'x = 1\\ny = 2\\nz = 3\\n',
    'x = [1, 2,]',
    'x = [\\n1,\\n2]',
    "x = f'a{b}c{d!s}e{f:{g}}'",
    "x = f'{x=}'",
    'x = lambda *, a: 0',
    'x = lambda *a, **k: 0',
    'x = lambda a=1, *b, c=2: 0',
    "x = rb'a' rb'b'",
    'x = yield = 1',
    'x = {1, 2}',
    'x = {1: 2, **a}',
    'x.__debug__ += 1',
    'x.y: int = 1',
    'x: int = yield',
    'x[...]',
    'x[0]: int = 1',
    'x[1:2, 3]',
    'x[1:2:3]',
    'x[::]',
    'x[a, b]',
    'x[a,]',
    'yield = 1',
    '{**a for a in b}',
    "{**a, 'b': 1}",
    '{*a, b}',
    '{a: b for a, b in c}',
    '{a: b} = 1',
    '{a} = 1',
    '{x for x in y} = 1',
    '{x: y for x in y} = 1',
    '~a',
    'é = 1',
]

# Runs in CPython 3.8: (source, mode) pairs in, dump or error description out.
ORACLE = r'''
import ast, sys, json
out = []
for source, mode in json.load(sys.stdin):
    try:
        out.append(ast.dump(ast.parse(source, '<unknown>', mode), include_attributes=True))
    except (SyntaxError, ValueError) as error:
        out.append(describe_error(error))
print(json.dumps(out))
'''

DESCRIBE = r'''
def describe_error(error):
    return 'ERR %s %r %s %s %r' % (type(error).__name__, getattr(error, 'msg', str(error)),
                                   getattr(error, 'lineno', None), getattr(error, 'offset', None),
                                   getattr(error, 'text', None))
'''
exec(DESCRIBE)


def cases() -> List[Tuple[str, str]]:
    """(source, mode) for each line of CASES."""
    result = []
    for line in CASES:
        mode = 'exec'
        for prefix in ('eval', 'single'):
            if line.startswith(prefix + ':'):
                mode, line = prefix, line[len(prefix) + 1:]
        result.append((line.encode('latin-1', 'backslashreplace').decode('unicode_escape')
                       if line.isascii() else _unescape(line), mode))
    return result


def _unescape(line: str) -> str:
    return line.encode('utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')


def oracle_results(pairs: List[Tuple[str, str]]) -> List[str]:
    """What CPython 3.8 gives for each (source, mode)."""
    done = run_oracle(DESCRIBE + ORACLE, input=json.dumps(pairs))
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)


def main() -> None:
    pairs = cases()
    results = oracle_results(pairs)
    os.makedirs(HERE, exist_ok=True)
    with open(GOLDEN, 'w', encoding='utf-8') as handle:
        json.dump([{'source': source, 'mode': mode, 'expect': expect}
                   for (source, mode), expect in zip(pairs, results)], handle, indent=0,
                  ensure_ascii=True)
        handle.write('\n')
    print('wrote', GOLDEN, len(pairs), 'cases')
