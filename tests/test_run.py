"""`python -m pipeline.run`: CLI behaviour vs CPython 3.8 (exit statuses, .pyc files, -c/-m, REPL, import hook)."""
import os
import subprocess
import sys
import textwrap

import pytest

from pipeline import traceback_format
from tests.regen.programs import environment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_ours(args, cwd, stdin=None, compiler='oracle', oracle=None):
    """Run `python -m pipeline.run --compiler COMPILER ARGS` in `cwd`."""
    env = environment()
    env['PYTHONPATH'] = REPO
    if oracle:
        env['PIPELINE_ORACLE_PYTHON'] = oracle
    return subprocess.run([sys.executable, '-m', 'pipeline.run', '--compiler', compiler] + args,
                          cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120)


def run_oracle(oracle, args, cwd, stdin=None):
    return subprocess.run([oracle] + args, cwd=cwd, env=environment(), input=stdin,
                          capture_output=True, text=True, timeout=120)


def same_as_oracle(oracle, tmp_path, args, stdin=None, compiler='oracle'):
    ours = run_ours(args, str(tmp_path), stdin, compiler=compiler, oracle=oracle)
    theirs = run_oracle(oracle, args, str(tmp_path), stdin)
    assert (ours.stdout, ours.stderr, ours.returncode) == (theirs.stdout, theirs.stderr, theirs.returncode)
    return ours


# -- no VM needed: .pyc validation and compile errors ------------------------------------------

def test_bad_magic_pyc(oracle, tmp_path):
    (tmp_path / 'bad.pyc').write_bytes(b'garbage-garbage-garbage')
    result = same_as_oracle(oracle, tmp_path, ['bad.pyc'])
    assert result.stderr == 'RuntimeError: Bad magic number in .pyc file\n'
    assert result.returncode == 1


@pytest.mark.parametrize('payload', [b'', b'c\x00\x00', b'N', b'\xff\xff'])
def test_truncated_or_non_code_pyc(oracle, tmp_path, payload):
    from pipeline.compiler import marshal
    (tmp_path / 'short.pyc').write_bytes(marshal.pyc_header() + payload)
    result = same_as_oracle(oracle, tmp_path, ['short.pyc'])
    assert result.stderr == 'RuntimeError: Bad code object in .pyc file\n'


@pytest.mark.parametrize('source', ['x = 1 +\n', 'def f(:\n  pass\n', 'if 1:\n        x = (1,\n   2 3)\n',
                                    'for x in y:\npass\n', 'print "hello"\n',
                                    # at EOF, 3.8's file tokenizer reports other lines than compile()
                                    'x = """abc\n', 'a = 1\nx = """abc', 'x = """abc\nmore\n\n',
                                    'x = (\n', 'x = (', 'x = [1,\n  2,\n\n', 'if x:\n    pass\nelse:\n',
                                    'x = (\"\u00e9\"\n', 'x = (\r\n  # c\r\n'])
@pytest.mark.parametrize('compiler', ['oracle', 'pipeline'])
def test_main_script_syntax_error(oracle, tmp_path, source, compiler):
    (tmp_path / 'script.py').write_text(source)
    ours = run_ours(['script.py'], str(tmp_path), compiler=compiler, oracle=oracle)
    theirs = run_oracle(oracle, ['script.py'], str(tmp_path))
    assert (ours.stdout, ours.stderr, ours.returncode) == (theirs.stdout, theirs.stderr, 1)


def test_missing_file_exit_status(tmp_path):
    result = run_ours(['nothere.py'], str(tmp_path))
    assert result.returncode == 2
    assert "can't open file 'nothere.py'" in result.stderr


def test_unknown_option():
    result = run_ours(['--bogus'], REPO)
    assert result.returncode == 2 and 'Unknown option' in result.stderr


# -- the uncaught-exception format (pure formatting, host exceptions) ---------------------------

def _syntax_error(msg, filename, lineno, offset, text):
    error = SyntaxError(msg, (filename, lineno, offset, text))
    return ''.join(traceback_format.format_exception_only(error))


def test_syntax_error_layout():
    assert _syntax_error('invalid syntax', 'x.py', 1, 8, 'x = 1 +\n') == \
        '  File "x.py", line 1\n    x = 1 +\n          ^\nSyntaxError: invalid syntax\n'
    # leading blanks are stripped and the caret moves with them (print_error_text)
    assert _syntax_error('invalid syntax', 'y.py', 3, 6, '   2 3)\n') == \
        '  File "y.py", line 3\n    2 3)\n      ^\nSyntaxError: invalid syntax\n'
    assert _syntax_error('msg', None, 2, None, 'abc') == '  File "<string>", line 2\n    abc\nSyntaxError: msg\n'


def test_exception_line_labels():
    class Local(Exception):
        pass
    Local.__module__ = '__main__'
    assert list(traceback_format.format_exception_only(Local('boom'))) == ['__main__.Local: boom\n']
    assert list(traceback_format.format_exception_only(KeyError('k'))) == ["KeyError: 'k'\n"]
    assert list(traceback_format.format_exception_only(ValueError())) == ['ValueError\n']


def test_chained_sections():
    try:
        try:
            raise KeyError('a')
        except KeyError as inner:
            raise ValueError('b') from inner
    except ValueError as exc:
        exc.__traceback__ = None
        exc.__cause__.__traceback__ = None
        text = ''.join(traceback_format.format_exception(exc))
    assert text == ("KeyError: 'a'\n\nThe above exception was the direct cause of the following "
                    "exception:\n\nValueError: b\n")


def test_repeated_lines_collapse():
    entries = [('f.py', 1, '<module>')] + [('f.py', 3, 'f')] * 10
    lines = list(traceback_format.format_entries(entries))
    assert lines[-1] == '  [Previous line repeated 7 more times]\n'
    assert sum(1 for line in lines if 'in f' in line) == 3


# -- running programs (needs the VM) ------------------------------------------------------------

PROGRAM = textwrap.dedent('''\
    import sys
    print(__name__, sys.argv[1:], type(__builtins__).__name__, __file__.endswith('.py'))
    def fail(n):
        if n == 0:
            raise ValueError('bottom')
        fail(n - 1)
    try:
        fail(3)
    except ValueError as exc:
        print('caught', exc)
    if sys.argv[1:] == ['exit']:
        sys.exit(4)
    fail(2)
''')


@pytest.mark.parametrize('compiler', ['oracle', 'pipeline'])
def test_script_argv_and_uncaught(oracle, tmp_path, compiler):
    (tmp_path / 'prog.py').write_text(PROGRAM)
    same_as_oracle(oracle, tmp_path, ['prog.py', 'a', 'b'], compiler=compiler)
    result = same_as_oracle(oracle, tmp_path, ['prog.py', 'exit'], compiler=compiler)
    assert result.returncode == 4


def test_cpython_pyc_file(oracle, tmp_path):
    (tmp_path / 'prog.py').write_text(PROGRAM)
    subprocess.run([oracle, '-c', 'import py_compile; py_compile.compile("prog.py", cfile="prog.pyc")'],
                   cwd=str(tmp_path), check=True)
    (tmp_path / 'prog.py').rename(tmp_path / 'moved.py')   # the .pyc must run without its source
    ours = run_ours(['prog.pyc', 'x'], str(tmp_path), oracle=oracle)
    theirs = run_oracle(oracle, ['prog.pyc', 'x'], str(tmp_path))
    assert (ours.stdout, ours.stderr, ours.returncode) == (theirs.stdout, theirs.stderr, theirs.returncode)


@pytest.mark.parametrize('code', ['print(1 + 1)', 'import sys; sys.exit("bye")', 'import sys; sys.exit(None)',
                                  'raise SystemExit(3)', 'import sys; print(sys.argv)', '1/0',
                                  'raise KeyboardInterrupt', 'import sys; sys.exit(256 + 7)',
                                  'raise SystemExit(1, 2)', 'import sys; sys.exit(-1)', 'import sys; sys.exit(True)',
                                  'import sys; sys.excepthook = lambda *a: print("hooked", a[0].__name__); 1/0',
                                  'import sys; sys.tracebacklimit = 0; 1/0',
                                  'class E(Exception):\n    def __str__(self): raise ValueError\nraise E'])
@pytest.mark.parametrize('compiler', ['oracle', 'pipeline'])
def test_dash_c(oracle, tmp_path, code, compiler):
    same_as_oracle(oracle, tmp_path, ['-c', code, 'arg1'], compiler=compiler)


def test_dash_m_module_and_package(oracle, tmp_path):
    (tmp_path / 'tool.py').write_text('import sys\nprint(__name__, sys.argv[1:], __package__ == "")\n')
    package = tmp_path / 'app'
    package.mkdir()
    (package / '__init__.py').write_text('X = 1\n')
    (package / 'helper.py').write_text('def hello():\n    return "hi from helper"\n')
    (package / '__main__.py').write_text('from . import helper, X\nprint(__name__, X, helper.hello())\n')
    same_as_oracle(oracle, tmp_path, ['-m', 'tool', 'q'])
    ours = run_ours(['-m', 'app'], str(tmp_path), oracle=oracle)
    theirs = run_oracle(oracle, ['-m', 'app'], str(tmp_path))
    assert (ours.stdout, ours.returncode) == (theirs.stdout, theirs.returncode), ours.stderr


def test_import_hook_cache(oracle, tmp_path):
    (tmp_path / 'helper.py').write_text('VALUE = 1\n')
    (tmp_path / 'main.py').write_text('import helper\nprint(helper.VALUE, helper.__cached__.split("__pycache__")[1])\n')
    env_args = ['main.py']
    first = run_ours(env_args, str(tmp_path), oracle=oracle)
    assert first.returncode == 0, first.stderr
    cache = tmp_path / '__pycache__' / 'helper.pipeline-38-oracle.pyc'
    assert first.stdout.strip().endswith('helper.pipeline-38-oracle.pyc')
    # PYTHONDONTWRITEBYTECODE is set by the corpus environment: no cache was written
    assert not cache.exists()


def test_import_hook_writes_and_invalidates_cache(oracle, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, 'dont_write_bytecode', False)
    from pipeline.oracle_compiler import OracleCompiler
    from pipeline.vm import importer
    compiled = []

    def compile_source(source, filename, mode):
        compiled.append(filename)
        return OracleCompiler(oracle)(source, filename, mode)

    ran = []
    (tmp_path / 'cached_mod.py').write_text('X = 1\n')
    finder = importer.PipelineFinder(compile_source, lambda code, ns: ran.append(code), [str(tmp_path)])
    spec = finder.find_spec('cached_mod')
    assert spec is not None and spec.cached.endswith(os.path.join('__pycache__', 'cached_mod.pipeline-38.pyc'))
    first = spec.loader.get_code('cached_mod')
    assert os.path.exists(spec.cached) and len(compiled) == 1
    again = spec.loader.get_code('cached_mod')
    assert len(compiled) == 1 and again == first          # served from the cache
    (tmp_path / 'cached_mod.py').write_text('X = 22\n')    # size changes: stale
    spec.loader.get_code('cached_mod')
    assert len(compiled) == 2
    assert finder.find_spec('not_there') is None


REPL_INPUT = 'x = 5\nx * 2\nif x:\n    print("yes")\n\n1/0\ndef f(:\nprint("after")\n'


@pytest.mark.parametrize('compiler', ['oracle', 'pipeline'])
def test_repl(oracle, tmp_path, compiler):
    result = run_ours(['-i'], str(tmp_path), stdin=REPL_INPUT, compiler=compiler, oracle=oracle)
    assert result.stdout == '10\nyes\nafter\n', result.stderr
    assert 'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nZeroDivisionError: division by zero\n' in result.stderr
    assert 'SyntaxError: invalid syntax' in result.stderr
    assert result.stderr.split('information.\n', 1)[1].startswith('>>> >>> ') and '... ' in result.stderr
    assert result.returncode == 0


# -- tools and bad bytecode ---------------------------------------------------------------------

def test_trace_lines(oracle, tmp_path):
    result = run_ours(['--trace', '-c', 'x = [1, 2]\nprint(len(x))'], str(tmp_path), oracle=oracle)
    assert result.stdout == '2\n'
    lines = result.stderr.splitlines()
    assert lines[0] == '<string>:1    0 LOAD_CONST 1  stack=[1]'
    assert "<string>:1    6 STORE_NAME 'x'  stack=[]" in lines
    assert lines[-1] == '<string>:2   22 RETURN_VALUE  stack=[]'


def test_stats_table(oracle, tmp_path):
    result = run_ours(['--stats', '-c', 'for i in range(3):\n    pass'], str(tmp_path), oracle=oracle)
    assert result.returncode == 0
    header, *rows = result.stderr.split('specialization statistics')[0].splitlines()
    assert header.startswith('opcode statistics (')
    counts = {row.split()[0]: int(row.split()[1]) for row in rows}
    assert counts['FOR_ITER'] == 4 and counts['STORE_NAME'] == 3
    assert sum(counts.values()) == int(header.split('(')[1].split()[0])


@pytest.mark.parametrize('co_code, message', [(b'\xff\x00', 'unknown opcode 255'),
                                              (b'd\x05S\x00', 'argument 5 out of range')])
def test_corrupt_bytecode_one_line(tmp_path, co_code, message):
    from pipeline.compiler import marshal
    from pipeline.compiler.code import CodeType
    code = CodeType(0, 0, 0, 0, 1, 64, co_code, (None,), (), (), 'bad.py', '<module>', 1, b'')
    (tmp_path / 'corrupt.pyc').write_bytes(marshal.dump_pyc(code))
    result = run_ours(['corrupt.pyc'], str(tmp_path))
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert 'Traceback' not in result.stderr


@pytest.mark.skipif(sys.version_info[:2] != (3, 8), reason='--vm-stdlib needs a CPython 3.8 host')
def test_vm_stdlib(oracle, tmp_path):
    (tmp_path / 'std.py').write_text('import json, textwrap\nprint(json.dumps({"a": [1]}), '
                                     'type(json.__spec__.loader).__name__, textwrap.shorten("a b c d", 5))\n')
    result = run_ours(['--vm-stdlib', 'std.py'], str(tmp_path), oracle=oracle)
    native = run_oracle(oracle, ['std.py'], str(tmp_path))
    assert result.stdout == native.stdout.replace('SourceFileLoader', 'PipelineLoader'), result.stderr


def test_vm_stdlib_refused_off_38(tmp_path):
    if sys.version_info[:2] == (3, 8):
        pytest.skip('this host is 3.8')
    result = run_ours(['--vm-stdlib', '-c', 'pass'], str(tmp_path))
    assert result.returncode == 2 and '3.8' in result.stderr


def test_directory_with_main(oracle, tmp_path):
    app = tmp_path / 'appdir'
    app.mkdir()
    (app / 'helper.py').write_text('WORD = "helper"\n')
    (app / '__main__.py').write_text('import sys, helper\nprint(__name__, sys.argv, __file__.endswith("__main__.py"), helper.WORD)\n')
    ours = run_ours(['appdir', 'x'], str(tmp_path), oracle=oracle)
    theirs = run_oracle(oracle, ['appdir', 'x'], str(tmp_path))
    assert (ours.stdout, ours.returncode) == (theirs.stdout, theirs.returncode), ours.stderr
    (tmp_path / 'empty').mkdir()
    ours = run_ours(['empty'], str(tmp_path), oracle=oracle)
    assert ours.returncode == 1 and "can't find '__main__' module in 'empty'" in ours.stderr


def test_script_from_stdin(oracle, tmp_path):
    script = 'import sys\nprint("from stdin", sys.argv, __file__)\n1/0\n'
    same_as_oracle(oracle, tmp_path, ['-', 'a'], stdin=script)


def test_path_option_and_install_api(oracle, tmp_path):
    lib = tmp_path / 'lib'
    lib.mkdir()
    (lib / 'extra.py').write_text('def where():\n    return type(__loader__).__name__\n')
    (tmp_path / 'main.py').write_text('import sys\nsys.path.append("lib")\nimport extra\nprint(extra.where())\n')
    result = run_ours(['--path', 'lib', 'main.py'], str(tmp_path), oracle=oracle)
    assert result.stdout == 'PipelineLoader\n', result.stderr
    result = run_ours(['main.py'], str(tmp_path), oracle=oracle)
    assert result.stdout == 'SourceFileLoader\n', result.stderr   # not ours without --path


def test_program_module_loader_is_a_source_loader(oracle, tmp_path):
    """importlib.abc's loader classes say of our loader what they say of a native module's."""
    (tmp_path / 'mod.py').write_text('X = 1\n')
    (tmp_path / 'main.py').write_text(
        'import importlib.abc, importlib.machinery, mod\n'
        'for kind in (importlib.abc.Loader, importlib.abc.InspectLoader, importlib.abc.ExecutionLoader,\n'
        '             importlib.abc.ResourceLoader, importlib.abc.FileLoader, importlib.abc.SourceLoader,\n'
        '             importlib.machinery.SourceFileLoader):\n'
        '    print(kind.__name__, isinstance(mod.__loader__, kind))\n'
        'print(mod.__loader__.get_source("mod"), mod.__loader__.is_package("mod"))\n'
        'code = mod.__loader__.source_to_code(b"y = 2\\n", "y.py")\n'
        'print(code.co_filename, code.co_names, type(code).__module__ == type(mod.__loader__.get_code("mod")).__module__)\n')
    ours = run_ours(['--path', '.', 'main.py'], str(tmp_path), oracle=oracle)
    theirs = run_oracle(oracle, ['main.py'], str(tmp_path))
    assert (ours.stdout, ours.stderr, ours.returncode) == (theirs.stdout, theirs.stderr, theirs.returncode)
    assert ours.stdout.count('True') == 8


def test_install_default_runner(monkeypatch, tmp_path):
    from pipeline.vm import importer
    (tmp_path / 'plain_mod.py').write_text('X = 41 + 1\n')
    calls = []

    def compile_source(source, filename, mode):
        calls.append(filename)
        import pipeline
        return pipeline.compile(source, filename, mode)

    monkeypatch.setattr(sys, 'dont_write_bytecode', True)
    finder = importer.install(compile_source=compile_source, paths=[str(tmp_path)])
    try:
        import plain_mod
        assert plain_mod.X == 42 and calls == [str(tmp_path / 'plain_mod.py')]
        assert isinstance(plain_mod.__spec__.loader, importer.PipelineLoader)
    finally:
        importer.uninstall(finder)
        sys.modules.pop('plain_mod', None)


@pytest.mark.parametrize('data', [b'# -*- coding: xyz -*-\nprint(1)\n', b'print("caf\xe9")\n',
                                  b'# coding: ascii\nx = 1\nprint("caf\xc3\xa9")\n', b'\n\nx = 1\ny = "\xff"\n',
                                  b'#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nprint("caf\xe9")\n',
                                  b'\xef\xbb\xbfprint("bom")\n'])
def test_script_encodings(oracle, tmp_path, data):
    (tmp_path / 'enc.py').write_bytes(data)
    same_as_oracle(oracle, tmp_path, ['enc.py'])


REPL_SESSIONS = [
    'x = 5\nx * 2\nif x:\n    print("yes")\n\n1/0\ndef f(:\nprint("after")\n(1,\n 2)\n'
    'for i in range(2):\n    i\n\nclass A:\n    def m(self):\n        return 1\n\nA().m()\nNone\n"s"\n'
    'import sys; sys.exit(3)\n',
    'def gen():\n    yield 1\n    yield 2\n\nlist(gen())\n_\ntry:\n    {}["k"]\nexcept KeyError as e:\n'
    '    e\n\nraise ValueError("shown")\n[i * i for i in range(4)]\n',
    'def f():\n    x = 1\n\n    return x\nx = 1 + \\\n  2\nx\n@staticmethod\ndef g(): pass\n\n'
    'if True:\n    y = (1 +\n  2)\n\ny\nwhile False:\n    pass\nelse:\n    print("else")\n\n'
    'print(undefined)\nfor i in range(3): print(i)\n\n',
    # a statement at column 0 right after a block's body is an error at once (issue #11)
    'x = 1\nif x:\n    x\nimport sys\nprint("next")\n\nif 1:\n    y = (1,\n2)\nelse:\n    pass\n\ny\n',
]


@pytest.mark.parametrize('session', REPL_SESSIONS)
@pytest.mark.parametrize('compiler', ['oracle', 'pipeline'])
def test_repl_matches_python_i(oracle, tmp_path, session, compiler):
    ours = run_ours(['-i'], str(tmp_path), stdin=session, compiler=compiler, oracle=oracle)
    theirs = run_oracle(oracle, ['-i'], str(tmp_path), stdin=session)
    def after_banner(stderr):   # -i prints a banner (ours names the host)
        return stderr[stderr.index('information.\n') + len('information.\n'):]
    assert (ours.stdout, after_banner(ours.stderr), ours.returncode) == (
        theirs.stdout, after_banner(theirs.stderr), theirs.returncode)


def test_dash_m_uncaught_shows_runpy_frames(oracle, tmp_path):
    (tmp_path / 'failing.py').write_text('def f():\n    1/0\nf()\n')
    ours = run_ours(['-m', 'failing'], str(tmp_path), oracle=oracle)
    theirs = run_oracle(oracle, ['-m', 'failing'], str(tmp_path))
    from tests.oracle import oracle_stdlib
    host_stdlib = os.path.dirname(os.__file__)
    assert ours.stderr.replace(host_stdlib, oracle_stdlib()) == theirs.stderr
    assert ours.returncode == theirs.returncode == 1


# A program's rebound builtins are its own: 3.8's compile(), its traceback printer and its exit
# are C, which call none of them (but the __import__ of io before each source line it shows)
REBOUND = {
    'syntax_error_from_exec': '''
import builtins
def broken(*args, **kwargs):
    raise RuntimeError('called')
for name in ('str', 'type', 'isinstance', 'len', 'getattr', 'hasattr', 'print', 'repr', 'open',
             'iter', 'next', 'tuple', 'list', 'sorted', 'max', 'min', 'id', 'int', 'range'):
    setattr(builtins, name, broken)
exec("x = (")
''',
    'import_fails_before_each_line': '''
import builtins, sys
def raising(*args, **kwargs):
    sys.stderr.write('__import__%r\\n' % (args[:1],))
    raise ImportError('no')
def inner():
    return {}['k']
builtins.__import__ = raising
inner()
''',
}


@pytest.mark.parametrize('name', sorted(REBOUND))
def test_uncaught_with_rebound_builtins(oracle, tmp_path, name):
    (tmp_path / 'rebound.py').write_text(REBOUND[name])
    result = same_as_oracle(oracle, tmp_path, ['rebound.py'], compiler='pipeline')
    assert result.returncode == 1
