"""Golden symbol tables: CPython 3.8's `symtable` module on the samples (tests/golden/symtable/).

Also home of the oracle-side script the symtable tests and tests/symtable_corpus.py share.
"""
import json
import os
import subprocess
from typing import List, Optional

from tests.oracle import oracle_python

HERE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'golden', 'symtable')

# Runs in CPython 3.8: for each request {source|path, filename}, the raw symbol tables
# (what _symtable exposes) or the SyntaxError.
ORACLE_SYMTABLE = r'''
import json, symtable, sys

def block(table):
    raw = table._table
    return {'type': table.get_type(), 'name': raw.name, 'lineno': raw.lineno,
            'nested': bool(raw.nested), 'symbols': dict(raw.symbols),
            'varnames': list(raw.varnames),
            'children': [block(child) for child in table.get_children()]}

def answer(request):
    source = request.get('source')
    if source is None:
        with open(request['path'], 'rb') as handle:
            source = handle.read()
    try:
        return {'table': block(symtable.symtable(source, request['filename'],
                                                  request.get('mode', 'exec')))}
    except SyntaxError as error:
        return {'error': [type(error).__name__, error.msg, error.lineno, error.offset]}
    except (ValueError, TypeError, RecursionError, MemoryError) as error:
        return {'failure': '%s: %s' % (type(error).__name__, error)}

print(json.dumps([answer(r) for r in json.loads(sys.stdin.read())]))
'''

SAMPLES = {
    'closures': '''\
x = 1
def outer(a, b=2, *args, c, d=3, **kw):
    y = a
    def inner():
        nonlocal y
        y += x
        return lambda q: q + y + b
    return inner
class C(object):
    attr = x
    def method(self):
        return __class__, attr, super().method()
    def __private(self, __arg):
        self.__z = __arg
        return [__w for __w in self.__q]
''',
    'comprehensions': '''\
def f(data):
    total = [y := v * 2 for v in data if (z := v)]
    g = (a for a in data for b in a if b)
    s = {k: v for k, v in data}
    return y, z, total, g, s, {e for e in data}
async def co(it):
    return [x async for x in it], [await x for x in it]
''',
    'globals': '''\
from __future__ import annotations
import os.path as osp, sys
from collections import *
counter: int = 0
def bump(n: int) -> int:
    global counter
    counter += n
    del sys
    try:
        pass
    except Exception as exc:
        raise
    with open(n) as (fh, gh):
        pass
    return counter
class K:
    global gk
    def m(self):
        return gk
    x: List[int]
    (y): int = 3
''',
}


def oracle_symtables(requests: List[dict], timeout: Optional[float] = 600) -> List[dict]:
    """The oracle's raw symbol tables (or errors) for requests {source or path, filename}."""
    out = subprocess.run([oracle_python(), '-c', ORACLE_SYMTABLE], input=json.dumps(requests),
                         capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(out.stdout)


def main() -> None:
    from pipeline.compiler.symtable_dump import render
    os.makedirs(HERE, exist_ok=True)
    names = sorted(SAMPLES)
    answers = oracle_symtables([{'source': SAMPLES[n], 'filename': n + '.py'} for n in names])
    for name, answer in zip(names, answers):
        with open(os.path.join(HERE, name + '.py'), 'w') as out:
            out.write(SAMPLES[name])
        with open(os.path.join(HERE, name + '.json'), 'w') as out:
            json.dump(answer, out, indent=1, sort_keys=True)
            out.write('\n')
        with open(os.path.join(HERE, name + '.txt'), 'w') as out:
            out.write(render(answer['table']))


if __name__ == '__main__':
    main()
