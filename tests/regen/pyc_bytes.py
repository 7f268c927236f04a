"""Golden .pyc files of `python3.8 -m py_compile` (tests/golden/pyc_bytes/) and the table
of strings a py_compile process keeps alive (compiler/pyc_live_strings.json).

The reference is a fresh `python3.8 -m py_compile NAME.py` run in the source's folder
(standard site, PYTHONHASHSEED=0), so co_filename is 'NAME.py'.
"""
import json
import keyword
import os
import shutil
import subprocess
import tempfile
from typing import Dict, List

from tests.oracle import oracle_python
from tests.pyc_walk import walk

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, 'tests', 'golden', 'pyc_bytes')
LIVE = os.path.join(ROOT, 'compiler', 'pyc_live_strings.json')
MTIME = 1600000000

SAMPLES: Dict[str, str] = {
    'names_and_consts': '''\
import os
from os.path import join as _join, sep
x = 1000
y = (1, 2, 'a b')
def f(a, b=1000, *, c=(1, 2, 'a b')):
    "doc"
    return a + b + 1000 + 2.5, 'a b', (1, 2, 'a b'), '', ' ', b'', b'x', b'xy'
class C:
    def m(self, unusual_parameter_name):
        return lambda: unusual_parameter_name
s = b'' + b'x' + b'xy'
z = '\\xe9' + ' ' + '.' + "\\u0394\\u03b4"
''',
    'merge_constants': '''\
f1, f2 = lambda: "not a name", lambda: ("not a name",)
f3 = lambda x: x in {("not a name",)}
def g():
    return 1.5, -0.0, 0.0, 10**20, 3j, (1.5, 10**20), "not a name"
def h():
    return 1.5, -0.0, 10**20, (1.5, 10**20), frozenset({1, 2, 3}), 7 in {1, 2, 3}
''',
    'scopes': '''\
def outer(a, b):
    total = 0
    def inner(c):
        nonlocal total
        total += a + c
        return [total * i for i in range(c) if i % b]
    class Local:
        attr = b
        def method(self):
            return __class__, super().method()
    return inner, Local, {k: v for k, v in zip('ab', 'cd')}, (x for x in ())
async def coro(session, *args, **kwargs):
    async with session as s:
        async for item in s:
            await item
    return [await a async for a in args]
''',
    'unicode_names': '''\
def caf\xe9(\u00e4, *, \u03bc=1):
    return \u00e4 + \u03bc, 'caf\xe9', "\u03bc\u03bc", '\\u03bc'
\u03c0 = 3.14159
print(caf\xe9(1), \u03c0, f"{\u03c0!r:>10}")
''',
    'statements': '''\
import sys as system, collections.abc
from . import sibling
try:
    import missing_module_name
except ImportError as error:
    missing_module_name = None
finally:
    pass
for index, value in enumerate(system.argv):
    if index and value.startswith('-'):
        continue
    while False:
        break
with open(__file__) as handle, open(__file__) as other:
    data = handle.read()
assert data, 'no data'
del data
global_value: int = 3
print(*system.argv, sep=', ', end='\\n', file=system.stderr)
''',
}

# The candidate strings: every identifier and [A-Za-z0-9_]* string constant of the
# oracle's Lib/ (site-packages included), written by CPython 3.8 itself, and the
# attribute names of the types and modules a process that imported much of it holds.
UNIVERSE = r'''
import gc, os, re, sys, types, warnings
warnings.simplefilter('ignore')
root = os.path.dirname(os.__file__)
name_chars = re.compile(r'[A-Za-z0-9_]*\Z')
names, consts = set(), set()
stack = []
for module in list(sys.builtin_module_names) + ['_testcapi', 'unicodedata', 'sqlite3']:
    try:
        __import__(module)
    except Exception:
        pass
for value in gc.get_objects() + list(sys.modules.values()):
    if isinstance(value, (type, types.ModuleType)):
        try:
            names.update(n for n in dir(value) if isinstance(n, str))
        except Exception:
            pass
for folder, dirs, files in os.walk(root):
    dirs.sort()
    for f in sorted(files):
        if f.endswith('.py'):
            path = os.path.join(folder, f)
            try:
                stack.append(compile(open(path, 'rb').read(), path, 'exec'))
            except Exception:
                pass
while stack:
    value = stack.pop()
    if isinstance(value, types.CodeType):
        for table in (value.co_names, value.co_varnames, value.co_freevars, value.co_cellvars):
            names.update(table)
        names.add(value.co_name)
        stack.extend(value.co_consts)
    elif type(value) in (tuple, frozenset):
        stack.extend(value)
    elif type(value) is str and value.isascii() and name_chars.match(value):
        consts.add(value)
import json
json.dump([sorted(names), sorted(consts - names)], sys.stdout)
'''


def oracle_pyc(source: bytes, name: str, folder: str) -> bytes:
    """What `python3.8 -m py_compile NAME.py` writes for `source` (mtime MTIME)."""
    path = os.path.join(folder, name + '.py')
    with open(path, 'wb') as out:
        out.write(source)
    os.utime(path, (MTIME, MTIME))
    subprocess.run([oracle_python(), '-m', 'py_compile', name + '.py'], cwd=folder, check=True,
                   env=dict(os.environ, PYTHONHASHSEED='0'), capture_output=True)
    with open(os.path.join(folder, '__pycache__', name + '.cpython-38.pyc'), 'rb') as handle:
        return handle.read()


def probe_live_strings(folder: str) -> Dict[str, List[str]]:
    """The interned strings alive in a py_compile process ('live'), those alive only once
    the parser imported unicodedata to normalize a non-ASCII identifier ('unicodedata'),
    and the interned one-character singletons ('interned_singletons')."""
    names, consts = json.loads(subprocess.run(
        [oracle_python(), '-c', UNIVERSE], capture_output=True, check=True).stdout)
    # One-character strings are singletons (always shared); probed apart, as constants.
    # (__debug__ compiles to a constant: probed as a string constant.)
    statements = [n for n in names if n.isidentifier() and not keyword.iskeyword(n) and
                  len(n) > 1 and n != '__debug__']
    dotted = [n for n in names if '.' in n and all(
        part.isidentifier() and not keyword.iskeyword(part) for part in n.split('.'))]
    statements += ['from %s import _probe_' % n for n in dotted]
    consts += [n for n in names if len(n) > 1 and n not in dotted and not (
        n.isidentifier() and not keyword.iskeyword(n) and n != '__debug__')]
    singles = [chr(i) for i in range(256) if not (chr(i).isascii() and (
        chr(i).isalnum() or chr(i) == '_'))]
    statements.append('[_probe_ for _probe_ in ()]')    # '.0', a comprehension's argument
    tail = '\n_probe_consts = (%s)\n_probe_singles = (%s)\n' % (
        ', '.join(repr(c) for c in consts if not c.startswith('<')),
        ', '.join(repr(c) for c in singles))
    # Each candidate occurs once in a probe module: CPython flags it (FLAG_REF) only when
    # something outside the module holds it.  The first probe is ASCII only; the second
    # has non-ASCII identifiers, for which the parser imports unicodedata.
    ascii_only = [line for line in statements if line.isascii()]
    found = []
    for lines in (ascii_only, statements):
        data = oracle_pyc(('\n'.join(lines) + tail).encode('utf-8'), 'probe', folder)
        live, interned_singletons = set(), set()
        for item in walk(data[16:]):
            if item.type in 'zZaAut' and isinstance(item.value, str):
                if len(item.value) == 1 and item.value in singles:
                    if item.type in 'ZAt':
                        interned_singletons.add(item.value)
                elif item.flag and len(item.value) > 1 and not item.value.startswith(
                        '_probe'):
                    live.add(item.value)
        found.append((live, interned_singletons))
    (live, singletons), (live_unicodedata, _) = found
    # symtable.c interns these when it meets such a block (the probe has a listcomp);
    # marshal_refs adds them for a module that has one.
    live -= {'genexpr', 'listcomp', 'setcomp', 'dictcomp'}
    return {'interned_singletons': sorted(singletons), 'live': sorted(live),
            'unicodedata': sorted(name for name in live_unicodedata - live if name.isascii())}


def main() -> None:
    folder = tempfile.mkdtemp()
    try:
        table = {'reference': 'python3.8 -m py_compile (CPython 3.8, standard site)'}
        table.update(probe_live_strings(folder))
        with open(LIVE, 'w', encoding='utf-8') as out:
            json.dump(table, out, indent=0, ensure_ascii=True)
            out.write('\n')
        os.makedirs(HERE, exist_ok=True)
        for name, source in SAMPLES.items():
            data = oracle_pyc(source.encode('utf-8'), name, folder)
            with open(os.path.join(HERE, name + '.py'), 'wb') as out:
                out.write(source.encode('utf-8'))
            with open(os.path.join(HERE, name + '.pyc'), 'wb') as out:
                out.write(data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
