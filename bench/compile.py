"""Compile throughput: our source -> code object, against CPython 3.8's compile() in the
same run. `python -m bench.compile [--limit N] [--files GLOB] [--profile]`.

Lines are source lines (newlines) of the files that both compilers accept; the oracle
times its own compile() calls in one python3.8 process over the same files.
"""
import argparse
import cProfile
import glob
import io
import json
import os
import pstats
import subprocess
import sys
import time
from typing import List, Optional, Tuple

ORACLE_TIMER = r'''
import json, sys, time
paths = json.load(sys.stdin)
sources = [open(path, 'rb').read() for path in paths]
for source, path in zip(sources, paths):    # warm-up, as ours gets its imports done
    compile(source, path, 'exec', dont_inherit=True)
best = None
for _ in range(3):
    start = time.perf_counter()
    for source, path in zip(sources, paths):
        compile(source, path, 'exec', dont_inherit=True)
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps(best))
'''


def corpus(pattern: Optional[str], limit: int) -> List[str]:
    """The benchmark files: GLOB, or the oracle's stdlib top level, sorted, first `limit`."""
    if pattern:
        paths = sorted(glob.glob(pattern, recursive=True))
    else:
        from tests.oracle import oracle_stdlib
        stdlib = oracle_stdlib()
        if stdlib is None:
            raise SystemExit('no CPython 3.8 stdlib found; pass --files GLOB')
        paths = sorted(glob.glob(os.path.join(stdlib, '*.py')))
    return paths[:limit] if limit else paths


def oracle_seconds(paths: List[str]) -> Optional[float]:
    """CPython 3.8's best-of-3 time to compile `paths`, or None without an oracle."""
    from tests.oracle import oracle_python
    python = oracle_python()
    if python is None:
        return None
    out = subprocess.run([python, '-c', ORACLE_TIMER], input=json.dumps(paths),
                         capture_output=True, text=True, timeout=3600)
    if out.returncode:
        raise SystemExit('oracle timing failed:\n' + out.stderr)
    return json.loads(out.stdout)


def our_run(paths: List[str]) -> Tuple[float, int, List[str], List[Tuple[str, str]]]:
    """(seconds, lines compiled, files compiled, failures) for our compiler."""
    import pipeline
    compile_source = pipeline.compile
    compile_source('x = 1\n', '<warm-up>', 'exec')    # loads the parser tables
    seconds, lines = 0.0, 0
    compiled, failures = [], []
    for path in paths:
        with open(path, 'rb') as handle:
            source = handle.read()
        start = time.perf_counter()
        try:
            compile_source(source, path, 'exec')
        except Exception as error:   # a benchmark reports failures and goes on
            failures.append((path, '%s: %s' % (type(error).__name__, error)))
            continue
        seconds += time.perf_counter() - start
        lines += source.count(b'\n')
        compiled.append(path)
    return seconds, lines, compiled, failures


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m bench.compile', description=__doc__)
    parser.add_argument('--files', metavar='GLOB', help='files to compile (default: stdlib)')
    parser.add_argument('--limit', type=int, default=0, help='only the first N files')
    parser.add_argument('--profile', action='store_true',
                        help='profile our run and print the top functions')
    args = parser.parse_args(argv)
    paths = corpus(args.files, args.limit)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    seconds, lines, compiled, failures = our_run(paths)
    if profiler:
        profiler.disable()
    for path, message in failures[:20]:
        print('failed: %s: %s' % (path, message[:200]))
    print('files: %d compiled, %d failed' % (len(compiled), len(failures)))
    if not compiled:
        return 1
    ours = lines / seconds
    print('ours:    %8d lines in %7.2f s = %8.0f lines/s (host %s)' % (
        lines, seconds, ours, sys.version.split()[0]))
    theirs_seconds = oracle_seconds(compiled)
    if theirs_seconds:
        theirs = lines / theirs_seconds
        print('CPython: %8d lines in %7.2f s = %8.0f lines/s (3.8 compile())' % (
            lines, theirs_seconds, theirs))
        print('ratio:   ours is %.1fx slower' % (theirs / ours))
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats('cumulative').print_stats(40)
        stats.sort_stats('tottime').print_stats(25)
        print(out.getvalue())
    return 0


if __name__ == '__main__':
    sys.exit(main())
