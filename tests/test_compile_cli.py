"""`python -m pipeline.compile` / `pipeline.compileall` print, exit and write .pyc files
like CPython 3.8's py_compile / compileall; the .pyc files run under python3.8."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = {
    'a.py': 'print("hi", 1 + 2)\n',
    'bad.py': 'x = (\n',
    'sub/c.py': 'def f(:\n    pass\n',
    'sub/d.py': 'import sys\nprint(sys.version_info[:2], [n * n for n in range(4)])\n',
    'notes.txt': 'not python\n',
}


def _tree(base: str) -> str:
    for name, text in FILES.items():
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as handle:
            handle.write(text)
    return base


def _ours(args, cwd, compiler='oracle'):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, '-m'] + args[:1] + ['--compiler', compiler] +
                          args[1:], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=300)


def _theirs(oracle, args, cwd):
    return subprocess.run([oracle, '-m'] + args, cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_compileall_output_and_status(oracle, tmp_path):
    ours_dir, theirs_dir = tmp_path / 'ours', tmp_path / 'theirs'
    _tree(str(ours_dir / 't'))
    _tree(str(theirs_dir / 't'))
    ours = _ours(['pipeline.compileall', 't'], str(ours_dir))
    theirs = _theirs(oracle, ['compileall', 't'], str(theirs_dir))
    assert (ours.stdout, ours.stderr, ours.returncode) == (
        theirs.stdout, theirs.stderr, theirs.returncode)
    assert ours.returncode == 1 and 'SyntaxError' in ours.stdout
    assert sorted(os.listdir(str(ours_dir / 't' / '__pycache__'))) == ['a.cpython-38.pyc']
    # Up to date now: nothing is compiled again, only the failures.
    again = _ours(['pipeline.compileall', '-q', 't'], str(ours_dir))
    theirs = _theirs(oracle, ['compileall', '-q', 't'], str(theirs_dir))
    assert (again.stdout, again.returncode) == (theirs.stdout, theirs.returncode)


def test_compileall_workers(oracle, tmp_path):
    _tree(str(tmp_path))
    compiler = 'pipeline' if _has_codegen() else 'oracle'
    ours = _ours(['pipeline.compileall', '-qq', '-j', '2', '.'], str(tmp_path), compiler)
    assert (ours.stdout, ours.returncode) == ('', 1)
    run = subprocess.run([oracle, os.path.join('sub', '__pycache__', 'd.cpython-38.pyc')],
                         cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert run.stdout == '(3, 8) [0, 1, 4, 9]\n'


def test_py_compile_errors_and_output_path(oracle, tmp_path):
    _tree(str(tmp_path))
    ours = _ours(['pipeline.compile', 'bad.py', 'a.py'], str(tmp_path))
    theirs = _theirs(oracle, ['py_compile', 'bad.py', 'a.py'], str(tmp_path))
    assert (ours.stderr, ours.returncode) == (theirs.stderr, theirs.returncode) != ('', 0)
    assert os.path.exists(str(tmp_path / '__pycache__' / 'a.cpython-38.pyc'))
    out = _ours(['pipeline.compile', 'a.py', '-o', 'out.pyc'], str(tmp_path))
    assert out.returncode == 0, out.stderr
    data = (tmp_path / 'out.pyc').read_bytes()
    stat = os.stat(str(tmp_path / 'a.py'))
    assert data[:4] == b'U\r\r\n' and data[4:8] == bytes(4)
    assert int.from_bytes(data[8:12], 'little') == int(stat.st_mtime) & 0xFFFFFFFF
    assert int.from_bytes(data[12:16], 'little') == stat.st_size
    run = subprocess.run([oracle, 'out.pyc'], cwd=str(tmp_path), capture_output=True,
                         text=True, timeout=60)
    assert run.stdout == 'hi 3\n'


def test_syntax_error_format_matches_traceback_module():
    from pipeline.compile import format_syntax_error
    error = SyntaxError('invalid syntax', ('f.py', 3, 7, '\tdef f(:\n'))
    assert ''.join(format_syntax_error(error)) == (
        '  File "f.py", line 3\n    def f(:\n         ^\nSyntaxError: invalid syntax\n')


def _has_codegen() -> bool:
    try:
        from pipeline.compiler import compile  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _has_codegen(), reason='pipeline.compiler.compile not there yet')
def test_our_pyc_runs_like_cpythons(oracle, tmp_path):
    _tree(str(tmp_path))
    for name in ('a.py', os.path.join('sub', 'd.py')):
        ours = _ours(['pipeline.compile', name, '-o', 'ours.pyc'], str(tmp_path), 'pipeline')
        assert ours.returncode == 0, ours.stderr
        run_ours = subprocess.run([oracle, 'ours.pyc'], cwd=str(tmp_path),
                                  capture_output=True, text=True, timeout=60)
        run_theirs = subprocess.run([oracle, name], cwd=str(tmp_path), capture_output=True,
                                    text=True, timeout=60)
        assert (run_ours.stdout, run_ours.returncode) == (run_theirs.stdout, 0)


def test_source_hash_is_cpython_38s():
    from pipeline.compile import source_hash
    # importlib.util.source_hash in CPython 3.8 (SipHash-2-4 keyed by the magic number).
    assert source_hash(b'').hex() == '81e4881b3643e8e9'
    assert source_hash(b'print(1)\n').hex() == '9bf71decb71ddb20'


def test_hash_based_pyc_header(oracle, tmp_path):
    _tree(str(tmp_path))
    ours = _ours(['pipeline.compile', '--invalidation-mode', 'checked-hash', 'a.py', '-o',
                  'ours.pyc'], str(tmp_path))
    assert ours.returncode == 0, ours.stderr
    theirs = subprocess.run(
        [oracle, '-c', 'import py_compile as p; p.compile("a.py", "theirs.pyc", '
         'invalidation_mode=p.PycInvalidationMode.CHECKED_HASH)'], cwd=str(tmp_path),
        timeout=60)
    assert theirs.returncode == 0
    assert (tmp_path / 'ours.pyc').read_bytes()[:16] == (tmp_path / 'theirs.pyc').read_bytes()[:16]
    run = subprocess.run([oracle, 'ours.pyc'], cwd=str(tmp_path), capture_output=True,
                         text=True, timeout=60)
    assert run.stdout == 'hi 3\n'
