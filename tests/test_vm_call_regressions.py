"""Regressions found by running CPython's Lib/test through the VM (tests/libtests.py)."""
import os
import subprocess
import sys

import pytest

from tests.hosts import ON_PYPY
from tests.oracle import oracle_python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


PROGRAM = r'''
import functools
def f(self):
    return self
print(functools.partial(f, self=1)())
print(f(self=2))
try:
    compile(b'Python = "\xcf\xb3\xf2\xee\xed" +', '<fragment>', 'exec')
except SyntaxError as e:
    print(repr(e.msg), e.lineno, e.offset)
code = compile(b'# -*- coding: latin-1 -*-\nx = "\xa4"\n', '<c>', 'exec')
ns = {}
exec(code, ns)
print(ascii(ns['x']), type(code).__module__)
'''

# What python3.8 prints for PROGRAM (checked by hand against the oracle), except the
# code object's module: in the VM, compile() returns our 3.8 CodeType.
EXPECTED = "1\n2\n'invalid syntax' 1 18\n'\\xa4' pipeline.compiler.code\n"


def test_keyword_named_self_and_compile_of_bytes(tmp_path):
    script = tmp_path / 'prog.py'
    script.write_text(PROGRAM, encoding='utf-8')
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', str(script)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.stderr == ''
    assert result.stdout == EXPECTED


UNPACKING = r'''
class Keys:
    def keys(self):
        return ['a', 'b']
    def __getitem__(self, key):
        return key.upper()
def f(**k):
    return k
for source in ["{**1}", "{**[]}", "{**{1: 2}, **[]}", "{**Keys()}", "{**{1: 2}, **Keys()}",
               "f(**1)", "f(**[])", "f(**Keys())", "dict(**1)"]:
    try:
        print(source, eval(source))
    except TypeError as exc:
        print(source, 'TypeError', exc)
'''

# python3.8 prints this: {**x} merges like PyDict_Update (keys() and [], never pairs).
UNPACKING_EXPECTED = """{**1} TypeError 'int' object is not a mapping
{**[]} TypeError 'list' object is not a mapping
{**{1: 2}, **[]} TypeError 'list' object is not a mapping
{**Keys()} {'a': 'A', 'b': 'B'}
{**{1: 2}, **Keys()} {1: 2, 'a': 'A', 'b': 'B'}
f(**1) TypeError f() argument after ** must be a mapping, not int
f(**[]) TypeError f() argument after ** must be a mapping, not list
f(**Keys()) {'a': 'A', 'b': 'B'}
dict(**1) TypeError type object argument after ** must be a mapping, not int
"""


def same_as_expected(tmp_path, program: str, expected: str) -> None:
    """`program` prints `expected` under python3.8 (when present) and in our VM, with no stderr."""
    script = tmp_path / 'program.py'
    script.write_text(program, encoding='utf-8')
    oracle = oracle_python()
    if oracle:   # the expected text is 3.8's
        assert subprocess.run([oracle, str(script)], capture_output=True, text=True,
                              timeout=60).stdout == expected
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    result = subprocess.run([sys.executable, '-m', 'pipeline.run', str(script)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert (result.stdout, result.stderr) == (expected, '')


def test_dict_display_unpacking_is_pydict_update(tmp_path):
    same_as_expected(tmp_path, UNPACKING, UNPACKING_EXPECTED)


HOST_EVAL = r'''
import unittest
def unimp(func):
    raise NotImplementedError
context = dict(nullval=None, unimp=unimp)
case = unittest.TestCase()
for expr, exc in [("undef", NameError), ("nullval", TypeError), ("unimp", NotImplementedError)]:
    code = compile("@%s\ndef f(): pass\nassert f() is None" % expr, "test", "exec")
    case.assertRaises(exc, eval, code, context)   # host code calls eval with our code object
    case.assertRaises(exc, exec, code, context)
    print('raised', exc.__name__)
x = 5
print(list(map(eval, [compile('x * 2', 's', 'eval')])))
'''

# python3.8 prints this (test_decorators.test_errors does the same through assertRaises).
HOST_EVAL_EXPECTED = "raised NameError\nraised TypeError\nraised NotImplementedError\n[10]\n"


def test_host_code_evaluates_our_code_objects(tmp_path):
    same_as_expected(tmp_path, HOST_EVAL, HOST_EVAL_EXPECTED)


FINISHED_FRAMES = r'''
import inspect, sys
def g():
    return sys._getframe()
fr = g()
print(fr.f_back is sys._getframe(), fr.f_back.f_code.co_name)
def h():
    return g()
fh = h()
print(fh.f_back.f_code.co_name, fh.f_back.f_back.f_code.co_name)
def gen():
    yield sys._getframe()
it = gen()
print(next(it).f_back, [f.f_back for f in gen()])
def spam(a, b):
    eggs(a + b)
def eggs(x):
    global fr
    fr = inspect.currentframe()
spam(1, 2)
print(inspect.getargvalues(fr.f_back), fr.f_back.f_back.f_code.co_name)
'''
# what python3.8 prints for FINISHED_FRAMES (test_inspect's test_previous_frame): a finished
# frame keeps its f_back; a generator's is None once it yields or ends
FINISHED_EXPECTED = '''True <module>
h <module>
None [None]
ArgInfo(args=['a', 'b'], varargs=None, keywords=None, locals={'a': 1, 'b': 2}) <module>
'''


def test_finished_frame_keeps_its_f_back(tmp_path):
    same_as_expected(tmp_path, FINISHED_FRAMES, FINISHED_EXPECTED)


MAPPING_BUILTINS = r'''
import collections
code = compile("print('Hello World!')", "", "exec")
for b in (123, {}, None):
    try:
        exec(code, {'__builtins__': b})
    except Exception as e:
        print(type(e).__name__, e)
class M(collections.UserDict):
    pass
for source, builtins in (("print(len('ab')); x = nope", M(print=print, len=len)),
                         ("class A: pass", M(print=print)), ("import os", 5),
                         ("def f(): return zzz\nf()", 5),
                         ("import sys", M(__import__=__import__))):
    try:
        exec(source, {'__builtins__': builtins})
    except Exception as e:
        print(type(e).__name__, e)
exec("print(type(__import__('sys')._getframe().f_builtins).__name__)",
     {'__builtins__': M(print=print, type=type, __import__=__import__)})
'''
# what python3.8 prints for MAPPING_BUILTINS (test_builtin's test_exec_globals): builtins that
# are not a dict or module are indexed (PyObject_GetItem), but IMPORT_NAME's dict lookup refuses them
MAPPING_BUILTINS_EXPECTED = '''TypeError 'int' object is not subscriptable
NameError name 'print' is not defined
TypeError 'NoneType' object is not subscriptable
2
NameError name 'nope' is not defined
NameError __build_class__ not found
SystemError Objects/dictobject.c:1438: bad argument to internal function
TypeError 'int' object is not subscriptable
SystemError Objects/dictobject.c:1438: bad argument to internal function
M
'''


@pytest.mark.skipif(ON_PYPY, reason="PyPy's own TypeError for a failed subscript adds \"(key 'print')\" to 3.8's message")
def test_exec_with_builtins_that_are_not_a_dict(tmp_path):
    same_as_expected(tmp_path, MAPPING_BUILTINS, MAPPING_BUILTINS_EXPECTED)


BOM_SOURCES = r'''
bom = b'\xef\xbb\xbf'
for label, fn in (('exec', lambda s: exec(s, {})), ('eval', lambda s: eval(s, {'a': 1})),
                  ('compile-exec', lambda s: compile(s, '<s>', 'exec')), ('compile-eval', lambda s: compile(s, '<s>', 'eval')),
                  ('compile-single', lambda s: compile(s, '<s>', 'single'))):
    for src in (b'a', b'a\n', b'1', b'x = 1\n', b'# -*- coding: latin-1 -*-\na\n', b'# coding: utf-8\na\n'):
        try:
            fn(bom + src); r = 'ok'
        except Exception as e:
            r = '%s: %s' % (type(e).__name__, e)
        print(label, src, r)
'''
# what python3.8 prints for BOM_SOURCES (test_builtin's test_eval): exec() and eval() of bytes read
# them as compile() does (a UTF-8 BOM, a coding cookie), eval() after skipping spaces and tabs
BOM_EXPECTED = "exec b'a' NameError: name 'a' is not defined\nexec b'a\\n' NameError: name 'a' is not defined\nexec b'1' ok\nexec b'x = 1\\n' ok\nexec b'# -*- coding: latin-1 -*-\\na\\n' SyntaxError: encoding problem: iso-8859-1 with BOM (<string>, line 0)\nexec b'# coding: utf-8\\na\\n' NameError: name 'a' is not defined\neval b'a' ok\neval b'a\\n' ok\neval b'1' ok\neval b'x = 1\\n' SyntaxError: invalid syntax (<string>, line 1)\neval b'# -*- coding: latin-1 -*-\\na\\n' SyntaxError: encoding problem: iso-8859-1 with BOM (<string>, line 0)\neval b'# coding: utf-8\\na\\n' ok\ncompile-exec b'a' ok\ncompile-exec b'a\\n' ok\ncompile-exec b'1' ok\ncompile-exec b'x = 1\\n' ok\ncompile-exec b'# -*- coding: latin-1 -*-\\na\\n' SyntaxError: encoding problem: iso-8859-1 with BOM (<s>, line 0)\ncompile-exec b'# coding: utf-8\\na\\n' ok\ncompile-eval b'a' ok\ncompile-eval b'a\\n' ok\ncompile-eval b'1' ok\ncompile-eval b'x = 1\\n' SyntaxError: invalid syntax (<s>, line 1)\ncompile-eval b'# -*- coding: latin-1 -*-\\na\\n' SyntaxError: encoding problem: iso-8859-1 with BOM (<s>, line 0)\ncompile-eval b'# coding: utf-8\\na\\n' ok\ncompile-single b'a' ok\ncompile-single b'a\\n' ok\ncompile-single b'1' ok\ncompile-single b'x = 1\\n' ok\ncompile-single b'# -*- coding: latin-1 -*-\\na\\n' SyntaxError: encoding problem: iso-8859-1 with BOM (<s>, line 0)\ncompile-single b'# coding: utf-8\\na\\n' ok\n"


def test_exec_and_eval_of_bytes_read_a_bom_and_cookie(tmp_path):
    same_as_expected(tmp_path, BOM_SOURCES, BOM_EXPECTED)


SINGLE_MODE = r'''
for source in ['def f(): pass', 'if 1: pass', 'if 1:\n  pass', 'class C: pass\n',
               'with a: pass', 'try: pass\nfinally: pass', '@d\ndef f(): pass',
               'if 1: pass\nelse: pass', 'x = 1', 'if 1: pass # c', 'if 1: pass\n# c\n',
               '1\n2', 'x = 5 # comment\nx = 6\n']:
    try:
        compile(source, 's', 'single')
        print('ok', repr(source))
    except SyntaxError as e:
        print(repr(source), e.lineno, e.offset, e.msg)
'''

# python3.8 prints this: compile() adds no final newline to 'single' input, so parsetok's
# one extra NEWLINE cannot end both a one-line suite and the compound statement.
SINGLE_MODE_EXPECTED = """'def f(): pass' 1 13 unexpected EOF while parsing
'if 1: pass' 1 10 unexpected EOF while parsing
ok 'if 1:\\n  pass'
ok 'class C: pass\\n'
'with a: pass' 1 12 unexpected EOF while parsing
'try: pass\\nfinally: pass' 2 13 unexpected EOF while parsing
'@d\\ndef f(): pass' 2 13 unexpected EOF while parsing
'if 1: pass\\nelse: pass' 2 10 unexpected EOF while parsing
ok 'x = 1'
'if 1: pass # c' 1 14 unexpected EOF while parsing
ok 'if 1: pass\\n# c\\n'
'1\\n2' 1 2 multiple statements found while compiling a single statement
'x = 5 # comment\\nx = 6\\n' 1 7 multiple statements found while compiling a single statement
"""


def test_single_mode_without_final_newline(tmp_path):
    same_as_expected(tmp_path, SINGLE_MODE, SINGLE_MODE_EXPECTED)


CODE_EQUALITY = r'''
def pair(a, b):
    ns = {}
    exec("f1, f2 = lambda: %r, lambda: %r" % (a, b), ns)
    return ns['f1'].__code__, ns['f2'].__code__
for a, b in [(0, 0.0), (0.0, -0.0), ((0,), (0.0,)), ('a', b'a'), (('a',), (b'a',)),
             (1, True), (0j, -0j), (frozenset([1]), frozenset([1.0])), (5, 5), ((1, 'x'), (1, 'x'))]:
    first, second = pair(a, b)
    print(repr(a), repr(b), first == second, first != second)
one, other = compile('a = 1', '<assign>1', 'exec'), compile('a = 1', '<assign>3', 'exec')
print('file', one == other, hash(one) == hash(other))
print('first line', compile('a = 1', '<a>', 'exec') == compile('\na = 1', '<a>', 'exec'))
print('line table', compile('a = 1\nb = 2', '<a>', 'exec') == compile('a = 1; b = 2', '<a>', 'exec'))
print('nested', compile('def f(): return 0', 's', 'exec') == compile('def f(): return 0.0', 's', 'exec'))
'''

# python3.8 prints this: code_richcompare compares constants by _PyCode_ConstantKey and never
# the file name or the line table.
CODE_EQUALITY_EXPECTED = """0 0.0 False True
0.0 -0.0 False True
(0,) (0.0,) False True
'a' b'a' False True
('a',) (b'a',) False True
1 True False True
0j (-0-0j) True False
frozenset({1}) frozenset({1.0}) False True
5 5 True False
(1, 'x') (1, 'x') True False
file True True
first line False
line table True
nested False
"""


def test_code_objects_compare_as_code_richcompare(tmp_path):
    same_as_expected(tmp_path, CODE_EQUALITY, CODE_EQUALITY_EXPECTED)


INT_DIGIT_LIMIT = r'''
import sys
source = "a = 1\nb = 2\nc = %s\nd = 4" % ('3' * 3000)
sys.set_int_max_str_digits(3000)
compile(source, "<long_int_pass>", "exec")
sys.set_int_max_str_digits(2999)
try:
    compile(source, "<long_int_fail>", "exec")
except SyntaxError as e:
    print(e.lineno, e.msg[:30])
'''


@pytest.mark.skipif(not hasattr(sys, 'set_int_max_str_digits'), reason='the host has no int digit limit')
def test_compile_again_under_a_lower_int_digit_limit(tmp_path):
    """A source compiled once is compiled again (not taken from the VM's cache) when the limit changed."""
    same_as_expected(tmp_path, INT_DIGIT_LIMIT, '3 Exceeds the limit (2999) for i\n')


KEYWORDS_CHANGED_BY_EQ = r'''
class Name(str):
    def __eq__(self, other):
        try:
             del x[self]
        except KeyError:
             pass
        return str.__eq__(self, other)
    def __hash__(self):
        return str.__hash__(self)

x = {Name("a"):1, Name("b"):2}
def f(a, b):
    print(a,b)
try:
    f(**x)
except Exception as e:
    print(type(e).__name__, e)
x = {Name("a"):1, Name("b"):2}
def g(**k):
    print(sorted(k.items()))
g(**x)
x = {Name("a"):1, Name("b"):2}
def h(a, **k):
    print(a, sorted(k.items()))
h(**x)
'''


def test_keyword_eq_deleting_from_the_callers_dict(tmp_path):
    """f(**d) binds from a copy of d's items (bpo-2016): a key's __eq__ may delete from d."""
    same_as_expected(tmp_path, KEYWORDS_CHANGED_BY_EQ, "1 2\n[('a', 1), ('b', 2)]\n1 [('b', 2)]\n")


RECURSION_DEPTH = r'''
import sys
from _testcapi import get_recursion_depth
print('module', get_recursion_depth())
def f(n):
    if n == 0:
        return get_recursion_depth()
    return f(n - 1)
print('f0', f(0), 'f3', f(3))
print('method', type('C', (), {'m': lambda self: get_recursion_depth()})().m())
print('listcomp', [get_recursion_depth() for _ in range(1)])
def g(n):
    if n == 0:
        for limit in range(1, 60):
            try:
                sys.setrecursionlimit(limit)
                sys.setrecursionlimit(1000)
                return limit, get_recursion_depth()
            except RecursionError:
                pass
    return g(n - 1)
print('lowest limit at g(10)', g(10))
'''


def test_testcapi_recursion_depth_is_the_programs(tmp_path):
    """_testcapi.get_recursion_depth (3.8's test_sys uses it) counts the program's frames, as
    sys.setrecursionlimit's check does; it exists on a 3.8 host, so the VM runs on the oracle."""
    oracle = oracle_python()
    if not oracle:
        pytest.skip('needs CPython 3.8 as the host (its _testcapi has get_recursion_depth)')
    script = tmp_path / 'program.py'
    script.write_text(RECURSION_DEPTH, encoding='utf-8')
    expected = ('module 1\nf0 2 f3 5\nmethod 2\nlistcomp [2]\nlowest limit at g(10) (20, 12)\n')
    assert subprocess.run([oracle, str(script)], capture_output=True, text=True,
                          timeout=60).stdout == expected
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get('PYTHONPATH', ''))
    result = subprocess.run([oracle, '-m', 'pipeline.run', str(script)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert (result.stdout, result.stderr) == (expected, '')


AUDIT_HOOK = r'''
import sys
heard = []
def hook(event, args):
    if event == 'object.__getattr__':
        heard.append((event, type(args[0]).__name__, args[1]))
    elif not event.startswith(('os.', 'open')):
        heard.append(event)
sys.addaudithook(hook)
def f():
    f()
try:
    f()
except RecursionError as e:
    print('recursion', e)
def g():
    raise KeyError(1)
for i in range(3):
    try:
        g()
    except KeyError:
        pass
try:
    1/0
except ZeroDivisionError as e:
    print(e.__traceback__.tb_frame.f_code.co_name)
def gen():
    yield 1
    raise ValueError('in gen')
try:
    list(gen())
except ValueError as e:
    print(e)
print(heard)
'''


@pytest.mark.skipif(ON_PYPY or not hasattr(sys, 'addaudithook'),
                    reason="PyPy's host audits no tb_frame or f_code read (3.8 does)")
def test_audit_hook_hears_only_the_program(tmp_path):
    """A program's audit hook hears none of the VM's own work (tracebacks, stand-in frames,
    ctypes), and one that is VM code survives a RecursionError (it recursed without end)."""
    same_as_expected(tmp_path, AUDIT_HOOK, "recursion maximum recursion depth exceeded\n<module>\nin gen\n[('object.__getattr__', 'traceback', 'tb_frame'), ('object.__getattr__', 'frame', 'f_code')]\n")


METACLASS_DICT_PROPERTY = r'''
import inspect
class Meta(type):
    @property
    def __dict__(self):
        self.executed = True
class Thing(metaclass=Meta):
    executed = False
    def __init__(self):
        self.spam = 42
instance = Thing()
print(inspect.getattr_static(instance, "spam"))
print(Thing.executed)
class MetaMeta(type):
    @property
    def __dict__(self):
        self.executed = True
        return dict(spam=42)
class Meta(type, metaclass=MetaMeta):
    executed = False
print(Meta.executed)
class Thing(metaclass=Meta):
    pass
print(Thing.executed, Meta.executed)
try:
    inspect.getattr_static(Thing, "spam")
except AttributeError:
    print('AttributeError')
print(Thing.executed)
class Meta2(type):
    @property
    def __dict__(self):
        self.executed = True
        return {}
class T2(metaclass=Meta2):
    def __repr__(self):
        return 'T2()'
    def __new__(cls):
        return object.__new__(cls)
    executed = False
print(T2.executed, T2(), str(T2()))
'''


def test_class_namespace_read_past_a_metaclass_dict_property(tmp_path):
    """The VM reads a class's own namespace as C reads tp_dict, never through a metaclass's
    `__dict__` property (test_inspect's getattr_static metaclass cases)."""
    same_as_expected(tmp_path, METACLASS_DICT_PROPERTY, '42\nFalse\nFalse\nFalse False\nAttributeError\nFalse\nFalse T2() T2()\n')
