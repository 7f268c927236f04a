"""`pipeline.compile(source, filename, mode)`, and `python -m pipeline.compile FILE [-o OUT]`
writing a CPython 3.8 .pyc the way `python3.8 -m py_compile` does (Lib/py_compile.py).

.pyc files are timestamp-based (PEP 552 flags 0: source mtime and size) unless
SOURCE_DATE_EPOCH is set or --invalidation-mode asks for a hash-based one (flags 0b11
checked, 0b01 unchecked, with 3.8's SipHash-2-4 of the source keyed by the magic number).
"""
if __name__ == '__main__':
    # first, before the imports: on PyPy this process is replaced once by itself with a
    # bigger GC nursery (pipeline/pypy_nursery.py)
    from pipeline.pypy_nursery import COMPILE_JIT_PARAMS, relaunch_with_big_nursery
    relaunch_with_big_nursery(COMPILE_JIT_PARAMS)

import argparse
import os
import sys
from typing import Any, Iterator, List, Optional

from pipeline._callable import make_callable

CACHE_TAG = 'cpython-38'
INVALIDATION_MODES = ('checked-hash', 'timestamp', 'unchecked-hash')


def compile_source(source: Any, filename: str = '<unknown>', mode: str = 'exec',
                   flags: int = 0, dont_inherit: bool = False, optimize: int = -1,
                   *, frame_depth: int = 2) -> Any:
    """Our compiler: source (str, bytes or AST) -> a 3.8 code object, like 3.8's compile()
    (`frame_depth`: see pipeline.compiler.compile)."""
    from pipeline.compiler import compile as compile_with_pipeline
    return compile_with_pipeline(source, filename, mode, flags, dont_inherit, optimize,
                                 frame_depth=frame_depth)


class PyCompileError(Exception):
    """A file that does not compile, with the message py_compile prints for it."""

    def __init__(self, error: BaseException, filename: str) -> None:
        if type(error) is SyntaxError:   # exactly: IndentationError and TabError are "Sorry: ..."
            message = ''.join(format_syntax_error(error))
        else:
            message = 'Sorry: %s: %s' % (type(error).__name__, error)
        Exception.__init__(self, message)
        self.msg = message


def format_syntax_error(error: SyntaxError) -> Iterator[str]:
    """3.8's traceback.format_exception_only for a SyntaxError (what py_compile shows)."""
    yield '  File "%s", line %s\n' % (error.filename or '<string>', error.lineno)
    text = error.text
    if text is not None:
        yield '    %s\n' % text.strip()
        if error.offset is not None:
            caret_space = text.rstrip('\n')
            offset = min(len(caret_space), error.offset) - 1
            caret_space = caret_space[:offset].lstrip()
            yield '    %s^\n' % ''.join(char if char.isspace() else ' ' for char in caret_space)
    kind = type(error)
    label = kind.__qualname__
    if kind.__module__ not in ('__main__', 'builtins'):
        label = kind.__module__ + '.' + label
    yield '%s: %s\n' % (label, error.msg or '<no detail available>')


def cache_from_source(path: str) -> str:
    """`__pycache__/NAME.cpython-38.pyc` beside `path`, as importlib.util.cache_from_source."""
    head, tail = os.path.split(path)
    base, separator, _ = tail.rpartition('.')
    stem = base if separator else tail
    return os.path.join(head, '__pycache__', '%s.%s.pyc' % (stem, CACHE_TAG))


_compilers: dict = {}


def get_compiler(name: str = 'pipeline'):
    """compile(source, filename, mode) of --compiler NAME: 'pipeline' (ours) or 'oracle'."""
    if name == 'pipeline':
        return compile_source
    if name not in _compilers:
        from pipeline.run import get_compiler as make_compiler
        _compilers[name] = make_compiler(name)
    return _compilers[name]


def default_invalidation_mode() -> str:
    """'checked-hash' when SOURCE_DATE_EPOCH is set, else 'timestamp' (as py_compile)."""
    return 'checked-hash' if os.environ.get('SOURCE_DATE_EPOCH') else 'timestamp'


def source_hash(data: bytes) -> bytes:
    """importlib.util.source_hash of CPython 3.8: SipHash-2-4 keyed (magic number, 0)."""
    from pipeline.compiler.marshal import MAGIC_NUMBER
    from pipeline.compiler.siphash import siphash24
    return siphash24(int.from_bytes(MAGIC_NUMBER, 'little'), 0, data).to_bytes(8, 'little')


def pyc_bytes(code: Any, filename: str, source: bytes, mode: str) -> bytes:
    """A 3.8 .pyc of `code`: timestamp header, or hash-based (_code_to_hash_pyc)."""
    from pipeline.compiler.marshal import MAGIC_NUMBER, dump_pyc, dumps
    if mode == 'timestamp':
        stat = os.stat(filename)
        return dump_pyc(code, int(stat.st_mtime), stat.st_size)
    flags = 0b11 if mode == 'checked-hash' else 0b01
    return MAGIC_NUMBER + flags.to_bytes(4, 'little') + source_hash(source) + dumps(code)


def compile_file(filename: str, cfile: Optional[str] = None, dfile: Optional[str] = None,
                 compiler: str = 'pipeline', invalidation_mode: Optional[str] = None) -> str:
    """Compile one source file to a 3.8 .pyc, as py_compile.compile(doraise=True); the
    .pyc path. Raises PyCompileError when the source does not compile."""
    if cfile is None:
        cfile = cache_from_source(filename)
    if os.path.islink(cfile):
        raise FileExistsError('{} is a symlink and will be changed into a regular file if '
                              'import writes a byte-compiled file to it'.format(cfile))
    if os.path.exists(cfile) and not os.path.isfile(cfile):
        raise FileExistsError('{} is a non-regular file and will be changed into a regular '
                              'one if import writes a byte-compiled file to it'.format(cfile))
    with open(filename, 'rb') as handle:
        source_bytes = handle.read()
    try:
        code = get_compiler(compiler)(source_bytes, dfile or filename, 'exec')
    except Exception as error:    # as py_compile: every compile failure is reported
        raise PyCompileError(error, dfile or filename) from error
    directory = os.path.dirname(cfile)
    if directory:
        os.makedirs(directory, exist_ok=True)
    data = pyc_bytes(code, filename, source_bytes,
                     invalidation_mode or default_invalidation_mode())
    _write_atomic(cfile, data, _source_mode(filename))
    return cfile


def _source_mode(filename: str) -> int:
    """The .pyc's permission bits, from the source's, as _calc_mode."""
    try:
        mode = os.stat(filename).st_mode
    except OSError:
        mode = 0o666
    return (mode | 0o200) & 0o777


STALE_TEMPORARY_AGE = 60.0   # seconds: older empty temporaries are a killed run's leftovers


def _remove_stale_temporaries(path: str) -> None:
    """Remove `path.<digits>` files a killed earlier run left empty (no live writer keeps one
    empty for a minute)."""
    import time
    directory, name = os.path.split(path)
    try:
        entries = os.listdir(directory or '.')
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.startswith(name + '.') and entry[len(name) + 1:].isdigit():
            stale = os.path.join(directory, entry)
            try:
                status = os.stat(stale)
                if status.st_size == 0 and now - status.st_mtime > STALE_TEMPORARY_AGE:
                    os.unlink(stale)
            except OSError:
                pass


def _write_atomic(path: str, data: bytes, mode: int) -> None:
    """Write via a temporary file and rename, as importlib's _write_atomic; the temporary
    goes on any failure, an interrupt included."""
    _remove_stale_temporaries(path)
    temporary = '{}.{}'.format(path, id(path))
    descriptor = os.open(temporary, os.O_EXCL | os.O_CREAT | os.O_WRONLY, mode & 0o666)
    try:
        with open(descriptor, 'wb') as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def main(argv: Optional[List[str]] = None) -> int:
    """The command line; the exit status (1 if any file failed), as py_compile.main."""
    parser = argparse.ArgumentParser(
        prog='python -m pipeline.compile',
        description='Compile Python 3.8 source files to CPython 3.8 .pyc files.')
    parser.add_argument('-o', '--output', metavar='OUT.pyc',
                        help='the .pyc to write (default __pycache__/NAME.cpython-38.pyc)')
    parser.add_argument('-d', '--dfile', metavar='NAME',
                        help='file name recorded in the code objects')
    parser.add_argument('--compiler', choices=('pipeline', 'oracle'), default='pipeline',
                        help="'oracle': CPython 3.8's compiler (to compare .pyc files)")
    parser.add_argument('--invalidation-mode', choices=INVALIDATION_MODES,
                        help='.pyc kind; default checked-hash if SOURCE_DATE_EPOCH is set, '
                             'else timestamp')
    parser.add_argument('files', nargs='+', metavar='FILE',
                        help="source files; '-' reads their names from stdin")
    args = parser.parse_args(argv)
    names = args.files
    if names == ['-']:
        names = [line.rstrip('\n') for line in sys.stdin]
    if args.output and len(names) != 1:
        parser.error('-o needs exactly one FILE')
    status = 0
    for name in names:
        try:
            compile_file(name, args.output, args.dfile, args.compiler, args.invalidation_mode)
        except PyCompileError as error:
            status = 1
            sys.stderr.write('%s\n' % error.msg)
        except OSError as error:
            status = 1
            sys.stderr.write('%s\n' % error)
    return status


make_callable(__name__, compile_source)

if __name__ == '__main__':
    sys.exit(main())
