"""Hostile inputs of issue #11, each run by CPython 3.8 and by us: what a new user would try.

A case is files written into an empty directory plus a command line. `tool` names the
pair of commands compared: run (`python3.8 ARGS` / `python -m pipeline.run ARGS`),
compile (`-m py_compile` / `-m pipeline.compile`), dis (`-m dis` / `-m pipeline.dis`).
3.8's exit status, last stderr line and stdout are the goldens
(tests/golden/bad_input/, written by tests/regen/bad_input.py). A case whose 3.8 run
crashes (a signal) has `crash` set: ours must exit 1 with one clear line instead.
"""
import struct
from typing import Callable, Dict, List, NamedTuple, Optional, Union

FileData = Union[bytes, str, Callable[[], bytes]]


class Case(NamedTuple):
    name: str
    files: Dict[str, FileData]
    args: List[str]
    tool: str = 'run'
    stdin: Optional[bytes] = None
    compare_stdout: bool = True
    crash: bool = False   # 3.8 dies of a signal here
    full_stderr: bool = False   # compare all of stderr (addresses masked), not only its last line


def _pyc(source: str, patch: Callable[[bytearray], None] = lambda data: None) -> Callable[[], bytes]:
    """A .pyc of `source` (our bytes, identical to 3.8's), changed by `patch`."""
    def make() -> bytes:
        from pipeline.compiler import compile as compile_source
        from pipeline.compiler import marshal
        data = bytearray(marshal.dump_pyc(compile_source(source, 'prog.py', 'exec')))
        patch(data)
        return bytes(data)
    return make


def _set_argcount(data: bytearray) -> None:
    """co_argcount of the first function's code object := -2**31."""
    start = data.index(b'c\x01\x00\x00\x00', 17)    # TYPE_CODE, co_argcount 1: the function
    data[start + 1:start + 5] = struct.pack('<i', -2 ** 31)


def _replace_code(old: bytes, new: bytes) -> Callable[[bytearray], None]:
    def patch(data: bytearray) -> None:
        at = data.index(old)
        data[at:at + len(new)] = new
    return patch


RECURSE_REPR = '''\
class A:
    def __repr__(self):
        return repr(self)
repr(A())
'''

RECURSE_EQ_CAUGHT = '''\
class A:
    def __eq__(self, other):
        return self == other
for k in range(3):
    try:
        A() == A()
    except RecursionError as e:
        print('caught', type(e).__name__)
def g():
    raise KeyError('later')
try:
    g()
except KeyError as e:
    print('then', repr(e))
{}['missing']
'''

GEN_RECURSION = '''\
def gen():
    yield from gen()
list(gen())
'''

# the same through a for loop: 3.8's list() adds a level of its own (type_call through
# _PyObject_MakeTpCall's Py_EnterRecursiveCall), a for loop's FOR_ITER does not
GEN_RECURSION_FOR = '''\
def gen():
    yield from gen()
for item in gen():
    pass
'''

YIELD_FROM_DEEP = '''\
def gen(n):
    if n:
        yield from gen(n - 1)
    yield n
print(sum(gen(5000)))
'''

DEL_ERROR = '''\
class A:
    def __del__(self):
        raise ValueError('in del')
a = A()
del a
print('after')
'''

ATEXIT_ERROR = '''\
import atexit
def bad():
    raise ValueError('at exit')
atexit.register(bad)
print('registered')
'''

THREAD_ERROR = '''\
import threading
def bad():
    raise ValueError('in thread')
t = threading.Thread(target=bad)
t.start()
t.join()
print('joined')
'''

MEMORY_ERROR = '''\
def grow():
    return b'x' * (1 << 62)
grow()
'''

TRACED_PROGRAM = '''\
def f(a):
    return a + 1
x = f(2)
def g():
    return 1 / 0
def h():
    try:
        g()
    except ZeroDivisionError:
        pass
h()
y = 1 / 0
'''

CASES = [
    # 1. the recursion limit reached inside __repr__ / __eq__
    Case('recursion_repr', {'prog.py': RECURSE_REPR}, ['prog.py'], compare_stdout=False),
    Case('recursion_eq_caught', {'prog.py': RECURSE_EQ_CAUGHT}, ['prog.py'], full_stderr=True),
    # 2. a one-byte corrupt code object field
    Case('pyc_argcount_negative', {'prog.pyc': _pyc('def f(a):\n    return a\nprint(f(1))\n', _set_argcount)},
         ['prog.pyc'], full_stderr=True),
    # 3. bytecode the decoder must refuse: MAKE_FUNCTION on a non-code constant, POP_TOP on an empty stack
    Case('pyc_make_function_on_none', {'prog.pyc': _pyc(
        'def f():\n    pass\n', _replace_code(b'd\x00d\x01\x84\x00', b'd\x02d\x01\x84\x00'))},
         ['prog.pyc'], crash=True),
    Case('pyc_pop_empty_stack', {'prog.pyc': _pyc('x = 1\n', _replace_code(b'd\x00Z\x00', b'\x01\x00\x01\x00'))},
         ['prog.pyc'], crash=True),
    # 6. decoding
    Case('bom_with_latin1_cookie', {'prog.py': b'\xef\xbb\xbf# coding: latin-1\nprint(1)\n'}, ['prog.py'], full_stderr=True),
    Case('bom_with_unknown_cookie', {'prog.py': b'\xef\xbb\xbf# coding: nosuch\nprint(1)\n'}, ['prog.py']),
    Case('import_bom_with_cookie', {'main.py': 'import modb\n', 'modb.py': b'\xef\xbb\xbf# coding: latin-1\nx = 1\n'},
         ['main.py'], full_stderr=True),
    Case('nul_byte', {'prog.py': b'x = 1\x00\nprint(x)\n'}, ['prog.py'], full_stderr=True),
    # 7. the compile and dis CLIs on bad source
    Case('compile_tab_error', {'tab_error.py': 'if 1:\n        x = 1\n\ty = 2\n'}, ['tab_error.py'],
         tool='compile', full_stderr=True),
    Case('compile_syntax_error', {'bad.py': 'x = (1,\n'}, ['bad.py'], tool='compile', full_stderr=True),
    Case('dis_syntax_error', {'bad.py': 'x = = 1\n'}, ['bad.py'], tool='dis', full_stderr=True),
    Case('dis_indentation_error', {'bad.py': 'if 1:\nx = 1\n'}, ['bad.py'], tool='dis', full_stderr=True),
    # 8. reports of exceptions nobody catches in __del__, atexit, threads
    Case('del_error', {'prog.py': DEL_ERROR}, ['prog.py'], full_stderr=True),
    Case('atexit_error', {'prog.py': ATEXIT_ERROR}, ['prog.py'], full_stderr=True),
    Case('thread_error', {'prog.py': THREAD_ERROR}, ['prog.py'], full_stderr=True),
    # 9. details of recursion and memory errors
    Case('generator_recursion', {'prog.py': GEN_RECURSION}, ['prog.py'], full_stderr=True),
    Case('generator_recursion_for', {'prog.py': GEN_RECURSION_FOR}, ['prog.py'], full_stderr=True),
    Case('yield_from_deep', {'prog.py': YIELD_FROM_DEEP}, ['prog.py']),
    Case('memory_error', {'prog.py': MEMORY_ERROR}, ['prog.py'], full_stderr=True),
    # 14. the program --trace follows (tests/test_bad_input.py: its trace), uncaught at the end
    Case('trace_program', {'prog.py': TRACED_PROGRAM}, ['prog.py'], full_stderr=True),
    # 10. a script on a pipe
    Case('stdin_script', {}, [], stdin=b'import sys\nfor k in range(3):\n    print(k)\nsys.exit(3)\n'),
    Case('stdin_dash', {}, ['-'], stdin=b'print(6 * 7)\nraise SystemExit(4)\n'),
    # 12. a zip application
    Case('zip_app', {'app.zip': lambda: _zip({'__main__.py': 'import sys\nprint("zip", sys.argv[1:])\n'})},
         ['app.zip', 'x']),
    Case('zip_app_error', {'app.zip': lambda: _zip({'__main__.py': 'import sys\nprint(__file__, sys.path[0])\n1/0\n'})},
         ['app.zip'], full_stderr=True),
    # 13. options and __main__'s namespace
    Case('version', {}, ['-V']),
    Case('main_annotations', {'prog.py': 'x: int = 1\nprint(__annotations__)\n'}, ['prog.py']),
    Case('dash_c_loader', {}, ['-c', 'print(__loader__)']),
    Case('dash_m_runpy_warning', {'pkg/__init__.py': 'from . import mod\n',
                                  'pkg/mod.py': 'print("mod", __name__)\n'}, ['-m', 'pkg.mod']),
]


def _zip(files: Dict[str, str]) -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        for name, text in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
    return buffer.getvalue()


def write_files(case: Case, directory: str) -> None:
    import os
    for name, data in case.files.items():
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if callable(data):
            data = data()
        with open(path, 'wb') as stream:
            stream.write(data.encode('utf-8') if isinstance(data, str) else data)


ORACLE_MODULES = {'run': [], 'compile': ['-m', 'py_compile'], 'dis': ['-m', 'dis']}
OUR_MODULES = {'run': ['-m', 'pipeline.run'], 'compile': ['-m', 'pipeline.compile'],
               'dis': ['-m', 'pipeline.dis']}


def normalise(text: str, directory: str) -> str:
    """`text` with the case's directory as <DIR> and object addresses as 0x?."""
    import re
    text = re.sub(r'0x[0-9a-f]{6,}', '0x?', text.replace(directory, '<DIR>'))
    # the host's own stdlib frames (threading.py's, ...) differ by host version
    return re.sub(r'  File "[^"]*/lib/python3\.\d+/[^"]*", line \d+, in \S+\n(    .*\n)?', '', text)


def strip_tool_frames(stderr: str) -> str:
    """A tool's traceback without the frames of the tool itself (3.8's runpy.py and dis.py,
    our pipeline/dis.py): what stays is 'Traceback ...' and the error's own lines."""
    lines = stderr.splitlines(keepends=True)
    if not lines or not lines[0].startswith('Traceback'):
        return stderr
    kept = [lines[0]]
    skipping = True
    for line in lines[1:]:
        if skipping and (line.startswith('    ') or line.startswith('  File "') and (
                line.rstrip().endswith(('in _run_module_as_main', 'in _run_code', 'in <module>', 'in _test',
                                        'in main')))):
            continue
        skipping = False
        kept.append(line)
    return ''.join(kept)


def run_case(case: Case, prefix: List[str], directory: str, env: Dict[str, str]) -> Dict[str, object]:
    """Run `case` with command `prefix` in `directory`: exit status, last stderr line, stdout, stderr."""
    import subprocess
    write_files(case, directory)
    done = subprocess.run(prefix + case.args, cwd=directory, env=env, capture_output=True,
                          input=case.stdin if case.stdin is not None else b'', timeout=120)
    stdout = normalise(done.stdout.decode('utf-8', 'replace'), directory)
    stderr = normalise(done.stderr.decode('utf-8', 'replace'), directory)
    if case.tool == 'dis':
        stderr = strip_tool_frames(stderr)
    lines = stderr.rstrip('\n').splitlines()
    return {'status': done.returncode, 'last': lines[-1] if lines else '', 'stdout': stdout,
            'stderr': stderr}
