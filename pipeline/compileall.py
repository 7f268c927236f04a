"""`python -m pipeline.compileall [DIR|FILE ...] [-j N] [-q] ...`: byte-compile a tree with
our compiler into CPython 3.8 `__pycache__/*.cpython-38.pyc`, printing and exiting like
3.8's `python -m compileall` (Lib/compileall.py); -j runs several processes.
"""
if __name__ == '__main__':
    # first, before the imports: on PyPy this process is replaced once by itself with a
    # bigger GC nursery (pipeline/pypy_nursery.py)
    from pipeline.pypy_nursery import (COMPILE_JIT_PARAMS, MANY_FILES_NURSERY_SIZE,
                                       relaunch_with_big_nursery)
    relaunch_with_big_nursery(COMPILE_JIT_PARAMS, MANY_FILES_NURSERY_SIZE)

import argparse
import os
import re
import struct
import sys
from functools import partial
from typing import Iterator, List, Optional, Pattern, Tuple

from pipeline.compile import (INVALIDATION_MODES, PyCompileError, cache_from_source,
                              compile_file as compile_pyc)

MAGIC_NUMBER = (3413).to_bytes(2, 'little') + b'\r\n'


def walk_dir(directory: str, ddir: Optional[str] = None, maxlevels: int = 10,
             quiet: int = 0) -> Iterator[Tuple[str, Optional[str]]]:
    """(file, ddir) of every entry under `directory`, sorted, as _walk_dir."""
    if not quiet:
        print('Listing {!r}...'.format(directory))
    try:
        names = os.listdir(directory)
    except OSError:
        if quiet < 2:
            print("Can't list {!r}".format(directory))
        names = []
    names.sort()
    for name in names:
        if name == '__pycache__':
            continue
        fullname = os.path.join(directory, name)
        dfile = os.path.join(ddir, name) if ddir is not None else None
        if not os.path.isdir(fullname):
            yield fullname, ddir
        elif (maxlevels > 0 and name not in (os.curdir, os.pardir)
              and not os.path.islink(fullname)):
            yield from walk_dir(fullname, dfile, maxlevels - 1, quiet)


def compile_file(fullname: str, ddir: Optional[str] = None, force: bool = False,
                 rx: Optional[Pattern] = None, quiet: int = 0, legacy: bool = False,
                 compiler: str = 'pipeline', invalidation_mode: Optional[str] = None) -> bool:
    """Compile one .py file unless its .pyc is up to date; False on an error (printed)."""
    name = os.path.basename(fullname)
    dfile = os.path.join(ddir, name) if ddir is not None else None
    if rx is not None and rx.search(fullname):
        return True
    if not os.path.isfile(fullname) or not name.endswith('.py'):
        return True
    cfile = fullname + 'c' if legacy else cache_from_source(fullname)
    if not force:
        try:
            expect = struct.pack('<4sll', MAGIC_NUMBER, 0, int(os.stat(fullname).st_mtime))
            with open(cfile, 'rb') as handle:
                if handle.read(12) == expect:
                    return True
        except OSError:
            pass
    if not quiet:
        print('Compiling {!r}...'.format(fullname))
    try:
        compile_pyc(fullname, cfile, dfile, compiler, invalidation_mode)
    except PyCompileError as error:
        message = error.msg
    except (SyntaxError, UnicodeError, OSError) as error:
        message = type(error).__name__ + ': ' + str(error)
    else:
        return True
    if quiet >= 2:
        return False
    if quiet:
        print('*** Error compiling {!r}...'.format(fullname))
    else:
        print('*** ', end='')
    encoding = sys.stdout.encoding or 'utf-8'
    print(message.encode(encoding, errors='backslashreplace').decode(encoding))
    return False


def _compile_file_pair(file_and_ddir: Tuple[str, Optional[str]], **options) -> bool:
    """compile_file for one (file, ddir): top level, so worker processes can run it."""
    fullname, ddir = file_and_ddir
    return compile_file(fullname, ddir, **options)


def compile_dir(directory: str, maxlevels: int = 10, ddir: Optional[str] = None,
                force: bool = False, rx: Optional[Pattern] = None, quiet: int = 0,
                legacy: bool = False, workers: int = 1, compiler: str = 'pipeline',
                invalidation_mode: Optional[str] = None) -> bool:
    """Compile every .py file of a tree (`workers` processes; 0 = one per CPU)."""
    if workers < 0:
        raise ValueError('workers must be greater or equal to 0')
    files = walk_dir(directory, ddir, maxlevels, quiet)
    options = dict(force=force, rx=rx, quiet=quiet, legacy=legacy, compiler=compiler,
                   invalidation_mode=invalidation_mode)
    if workers != 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=workers or None) as executor:
            results = executor.map(partial(_compile_file_pair, **options), files)
            return min(results, default=True)
    success = True
    for pair in files:
        if not _compile_file_pair(pair, **options):
            success = False
    return success


def compile_path(skip_curdir: bool = True, maxlevels: int = 0, force: bool = False,
                 quiet: int = 0, legacy: bool = False) -> bool:
    """Compile the modules on sys.path, as compileall.compile_path."""
    success = True
    for directory in sys.path:
        if (not directory or directory == os.curdir) and skip_curdir:
            if quiet < 2:
                print('Skipping current directory')
        else:
            success = compile_dir(directory, maxlevels, None, force, quiet=quiet,
                                  legacy=legacy) and success
    return success


def main(argv: Optional[List[str]] = None) -> bool:
    """The command line, as compileall.main(); True when everything compiled."""
    parser = argparse.ArgumentParser(
        prog='python -m pipeline.compileall',
        description='Utilities to support installing Python libraries.')
    parser.add_argument('-l', action='store_const', const=0, default=10, dest='maxlevels',
                        help="don't recurse into subdirectories")
    parser.add_argument('-r', type=int, dest='recursion',
                        help='control the maximum recursion level (overrides -l)')
    parser.add_argument('-f', action='store_true', dest='force',
                        help='force rebuild even if timestamps are up to date')
    parser.add_argument('-q', action='count', dest='quiet', default=0,
                        help='output only error messages; -qq suppresses them too')
    parser.add_argument('-b', action='store_true', dest='legacy',
                        help='use legacy (pre-PEP3147) compiled file locations')
    parser.add_argument('-d', metavar='DESTDIR', dest='ddir', default=None,
                        help='directory to prepend to file paths in code objects')
    parser.add_argument('-x', metavar='REGEXP', dest='rx', default=None,
                        help='skip files matching the regular expression')
    parser.add_argument('-i', metavar='FILE', dest='flist',
                        help='add the files and directories listed in FILE ("-": stdin)')
    parser.add_argument('compile_dest', metavar='FILE|DIR', nargs='*',
                        help='files and directories to compile (default: sys.path)')
    parser.add_argument('-j', '--workers', default=1, type=int,
                        help='Run compileall concurrently')
    parser.add_argument('--invalidation-mode', choices=INVALIDATION_MODES,
                        help='set .pyc invalidation mode; defaults to "checked-hash" if the '
                             'SOURCE_DATE_EPOCH environment variable is set, and '
                             '"timestamp" otherwise.')
    parser.add_argument('--compiler', choices=('pipeline', 'oracle'), default='pipeline',
                        help="'oracle': CPython 3.8's compiler (to compare .pyc files)")
    args = parser.parse_args(argv)
    destinations = args.compile_dest
    rx = re.compile(args.rx) if args.rx else None
    maxlevels = args.recursion if args.recursion is not None else args.maxlevels
    if args.flist:
        try:
            with (sys.stdin if args.flist == '-' else open(args.flist)) as handle:
                destinations.extend(line.strip() for line in handle)
        except OSError:
            if args.quiet < 2:
                print('Error reading file list {}'.format(args.flist))
            return False
    success = True
    try:
        if not destinations:
            return compile_path(legacy=args.legacy, force=args.force, quiet=args.quiet)
        for destination in destinations:
            if os.path.isfile(destination):
                ok = compile_file(destination, args.ddir, args.force, rx, args.quiet,
                                  args.legacy, args.compiler, args.invalidation_mode)
            else:
                ok = compile_dir(destination, maxlevels, args.ddir, args.force, rx,
                                 args.quiet, args.legacy, workers=args.workers,
                                 compiler=args.compiler,
                                 invalidation_mode=args.invalidation_mode)
            success = success and ok
    except KeyboardInterrupt:
        if args.quiet < 2:
            print('\n[interrupted]')
        return False
    return success


if __name__ == '__main__':
    sys.exit(int(not main()))
