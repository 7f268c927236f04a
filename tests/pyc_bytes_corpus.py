"""Are our .pyc files byte-identical to `python3.8 -m py_compile`'s? File by file.

    python -m tests.pyc_bytes_corpus [PATHS...] [-j N] [--limit N] [--show N]

PATHS (files or folders) default to the oracle's whole stdlib.  Files are copied into a
temporary folder in batches; a fresh `python3.8 -m py_compile` process (PYTHONHASHSEED=0)
compiles each there, and we compile the same copies with the same file names (so
co_filename and the mtime/size header agree).  Prints the percentage of byte-identical
.pyc files over the files CPython 3.8 compiles, the first differences, and how many
differences fall in each class (the first differing object of the marshal stream).
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from typing import List, Optional, Tuple

from tests.corpus import python_files, stdlib_files
from tests.oracle import REASON, oracle_python
from tests.pyc_walk import first_difference, walk

BATCH = 40


def compare_batch(paths: List[str]) -> List[Tuple[str, Optional[bool], str, str]]:
    """(path, identical or None when 3.8 rejects it, first difference, class)."""
    import pipeline
    from pipeline.compiler.marshal import dump_pyc
    folder = tempfile.mkdtemp(prefix='pyc_bytes_')
    try:
        names = []
        for index, path in enumerate(paths):
            name = os.path.join(str(index), os.path.basename(path))
            os.mkdir(os.path.join(folder, str(index)))
            shutil.copy2(path, os.path.join(folder, name))
            names.append(name)
        # One fresh process a file: compiling a file can change the process for the next
        # (unicodedata imported for a \\N{...} escape, a codec for a coding cookie).
        for name in names:
            subprocess.run([oracle_python(), '-m', 'py_compile', name], cwd=folder,
                           capture_output=True, env=dict(os.environ, PYTHONHASHSEED='0'),
                           timeout=600)
        results = []
        for path, name in zip(paths, names):
            source_path = os.path.join(folder, name)
            pyc = os.path.join(folder, str(os.path.dirname(name)), '__pycache__',
                               os.path.basename(name)[:-3] + '.cpython-38.pyc')
            if not os.path.exists(pyc):
                results.append((path, None, '', ''))
                continue
            with open(pyc, 'rb') as handle:
                theirs = handle.read()
            with open(source_path, 'rb') as handle:
                source = handle.read()
            stat = os.stat(source_path)
            try:
                code = pipeline.compile(source, name, 'exec')
                ours = dump_pyc(code, int(stat.st_mtime), stat.st_size)
            except Exception as error:    # reported, never hidden
                results.append((path, False, 'ours raised %s: %s' % (
                    type(error).__name__, error), 'ours raised'))
                continue
            if ours == theirs:
                results.append((path, True, '', ''))
            elif ours[:16] != theirs[:16]:
                results.append((path, False, 'header %r vs %r' % (ours[:16], theirs[:16]),
                                'header'))
            else:
                detail = first_difference(ours[16:], theirs[16:])
                results.append((path, False, detail, classify(ours[16:], theirs[16:])))
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def classify(ours: bytes, theirs: bytes) -> str:
    """A short class of the first differing object: 'Z flag missing', 'frozenset', ..."""
    try:
        mine, real = walk(ours), walk(theirs)
    except Exception:    # an unreadable stream is its own class
        return 'unreadable'
    for a, b in zip(mine, real):
        if (a.type, a.flag, a.value) == (b.type, b.flag, b.value):
            continue
        if a.type == '>' or b.type == '>' or (
                a.type == b.type and a.flag == b.flag and a.type in 'zZaAut'):
            return 'value (frozenset order?)'
        if a.type == b.type and a.value == b.value:
            return '%s FLAG_REF %s' % (b.type, 'missing' if b.flag else 'extra')
        if 'r' in (a.type, b.type):
            return 'ref vs %s' % (b.type if a.type == 'r' else a.type)
        return 'type %s vs %s' % (a.type, b.type)
    return 'length'


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m tests.pyc_bytes_corpus',
                                     description=__doc__.split('\n')[0])
    parser.add_argument('paths', nargs='*', help='files or folders (default: 3.8 stdlib)')
    parser.add_argument('-j', '--jobs', type=int, default=2, help='worker processes')
    parser.add_argument('--limit', type=int, help='at most this many files')
    parser.add_argument('--show', type=int, default=10, help='differences to print')
    args = parser.parse_args(argv)
    if oracle_python() is None:
        print(REASON, file=sys.stderr)
        return 2
    paths = python_files(args.paths) if args.paths else stdlib_files()
    if args.limit:
        paths = paths[:args.limit]
    batches = [paths[start:start + BATCH] for start in range(0, len(paths), BATCH)]
    results = []
    if args.jobs <= 1:
        for batch in batches:
            results.extend(compare_batch(batch))
    else:
        import multiprocessing
        with multiprocessing.get_context('fork').Pool(args.jobs) as pool:
            for done in pool.imap_unordered(compare_batch, batches):
                results.extend(done)
                sys.stderr.write('\r%d/%d files' % (len(results), len(paths)))
        sys.stderr.write('\n')
    compiled = [r for r in results if r[1] is not None]
    same = sum(1 for r in compiled if r[1])
    print('pyc bytes: %d files, %d compiled by CPython 3.8, %d byte-identical (%.2f%%)' % (
        len(results), len(compiled), same, 100.0 * same / max(len(compiled), 1)))
    classes = collections.Counter(r[3] for r in compiled if not r[1])
    for name, count in classes.most_common():
        print('  %5d  %s' % (count, name))
    differing = sorted(r for r in compiled if not r[1])
    if differing and args.show:
        print('first %d differences:' % min(args.show, len(differing)))
        for path, _, detail, _ in differing[:args.show]:
            print('  %s: %s' % (path, detail[:300]))
    return 0 if same == len(compiled) else 1


if __name__ == '__main__':
    sys.exit(main())
