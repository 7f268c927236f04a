"""Front-end speed, side by side on one host in one run.

    python bench/frontend.py [PATHS...] [--limit N] [--repeat N] [--rev REV]

Tokenizer: pipeline.tokenizer.tokenize (and scan, the parser's feed) vs the host's stdlib
tokenize.  Source -> AST with positions: pipeline.parse vs lark's stock Python grammar
(python.lark, LALR, propagate_positions, PythonIndenter) vs CPython 3.8's ast.parse,
timed inside the oracle in the same run.  `--rev REV` instead compares pipeline.parse
at REV (exported with git archive) with the working tree's, file by file interleaved,
--repeat rounds (on PyPy the first rounds are the JIT's warm-up).  Lines/s counts
physical lines of the files per second of CPU time (process_time: robust on a shared,
loaded host); best of --repeat.
"""
import argparse
import io
import os
import sys
import time
import tokenize as host_tokenize
from typing import Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.dirname(HERE) not in sys.path:
    sys.path.insert(0, os.path.dirname(HERE))

from tests.corpus import python_files, stdlib_files  # noqa: E402
from tests.oracle import oracle_python  # noqa: E402


def race(runs: Dict[str, Callable[[], int]], repeat: int) -> Dict[str, Tuple[float, int]]:
    """name -> (least CPU time, failures); rounds interleave the contenders so that
    the load of a shared host falls on all of them alike."""
    best = {name: (float('inf'), 0) for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.process_time()
            failures = run()
            elapsed = time.process_time() - start
            if elapsed < best[name][0]:
                best[name] = (elapsed, failures)
    return best


def over(sources: List[Tuple[bytes, str]], one: Callable[[bytes, str], None],
         errors: tuple) -> Callable[[], int]:
    def run() -> int:
        failures = 0
        for data, path in sources:
            try:
                one(data, path)
            except errors:
                failures += 1
        return failures
    return run


def stdlib_tokenize(data: bytes, path: str) -> None:
    for _ in host_tokenize.tokenize(io.BytesIO(data).readline):
        pass


def our_tokenize(data: bytes, path: str) -> None:
    from pipeline.tokenizer import tokenize
    for _ in tokenize(data):
        pass


def our_scan(data: bytes, path: str) -> None:
    from pipeline.tokenizer import decode_source, scan
    for _ in scan(decode_source(data, path), path):
        pass


def stock_lark_parser():
    """lark's own Python grammar, LALR with positions (None when lark is missing)."""
    try:
        from lark import Lark
        from lark.indenter import PythonIndenter
    except ImportError:
        return None
    return Lark.open_from_package('lark', 'python.lark', ['grammars'], parser='lalr',
                                  postlex=PythonIndenter(), start='file_input',
                                  propagate_positions=True)


def oracle_parse_seconds(paths: List[str], repeat: int) -> Optional[float]:
    """CPython 3.8's ast.parse over `paths`, timed inside the oracle (best of `repeat`)."""
    if oracle_python() is None:
        return None
    from tests.corpus_oracle import OracleProcess
    oracle = OracleProcess()
    try:
        return min(oracle.ask({'op': 'bench_parse', 'paths': paths})['seconds']
                   for _ in range(repeat))
    finally:
        oracle.close()


def against(rev: str, sources: List[Tuple[bytes, str]], rounds: int) -> None:
    """pipeline.parse at `rev` and in the working tree, each file by both in turn (who
    goes first alternates by round): CPU seconds per round, new/old, best lines/s."""
    import importlib
    import statistics
    import tempfile
    from bench.compile import ROOT, _package_of, export_rev
    lines = sum(data.count(b'\n') for data, _ in sources)
    with tempfile.TemporaryDirectory() as directory:
        old_tree = export_rev(rev, directory)
        parses = {}
        for name, tree in (('old', old_tree), ('new', ROOT)):
            package = _package_of(tree, 'frontend_rev_' + name, directory)
            parses[name] = importlib.import_module(
                package.__name__.rsplit('.', 1)[0] + '.parser').parse
        seconds: Dict[str, List[float]] = {'old': [], 'new': []}
        for round_number in range(rounds):
            order = ('old', 'new') if round_number % 2 == 0 else ('new', 'old')
            spent = dict.fromkeys(order, 0.0)
            for data, path in sources:
                for name in order:
                    start = time.process_time()
                    try:
                        parses[name](data, path)
                    except (SyntaxError, ValueError):
                        pass
                    spent[name] += time.process_time() - start
            for name in order:
                seconds[name].append(spent[name])
    print('pipeline.parse at %s (old) and the working tree (new), %d lines, CPU s per round:'
          % (rev, lines))
    for name in ('old', 'new'):
        print('  %-4s %s; best %.0f lines/s' % (
            name, ' '.join('%.3f' % value for value in seconds[name]),
            lines / min(seconds[name])))
    ratios = [new / old for new, old in zip(seconds['new'], seconds['old'])]
    print('  new/old: %s; median %.3f' % (' '.join('%.3f' % ratio for ratio in ratios),
                                          statistics.median(ratios)))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python bench/frontend.py', description=__doc__.split(
        '\n')[0])
    parser.add_argument('paths', nargs='*', help='files or folders (default: 3.8 stdlib)')
    parser.add_argument('--limit', type=int, default=300,
                        help='first N files of the sorted corpus (0: all)')
    parser.add_argument('--repeat', type=int, default=3, help='best of N runs')
    parser.add_argument('--rev', help='compare pipeline.parse at this git revision')
    args = parser.parse_args(argv)
    paths = python_files(args.paths) if args.paths else stdlib_files()
    if args.limit:
        paths = paths[:args.limit]
    sources = []
    for path in paths:
        with open(path, 'rb') as handle:
            sources.append((handle.read(), path))
    if args.rev:
        against(args.rev, sources, args.repeat)
        return 0
    lines = sum(data.count(b'\n') for data, _ in sources)
    print('corpus: %d files, %d lines; host Python %s; best of %d' % (
        len(sources), lines, sys.version.split()[0], args.repeat))
    row = '  %-34s %10.0f lines/s  (%.2fs, %d failed)'

    tokenize_errors = (SyntaxError, host_tokenize.TokenError, UnicodeDecodeError, LookupError)
    from pipeline.tokenizer import TokenError
    timings = race({'std': over(sources, stdlib_tokenize, tokenize_errors),
                    'ours': over(sources, our_tokenize, tokenize_errors + (TokenError,)),
                    'scan': over(sources, our_scan, (SyntaxError, ValueError))}, args.repeat)
    (std_time, std_fail), (ours_time, ours_fail), (scan_time, scan_fail) = (
        timings['std'], timings['ours'], timings['scan'])
    print('tokenizer')
    print(row % ('stdlib tokenize (host)', lines / std_time, std_time, std_fail))
    print(row % ('pipeline.tokenizer.tokenize', lines / ours_time, ours_time, ours_fail))
    print(row % ('pipeline.tokenizer.scan', lines / scan_time, scan_time, scan_fail))
    print('  ratio tokenize / stdlib: %.2fx; scan / stdlib: %.2fx' % (
        std_time / ours_time, std_time / scan_time))

    print('source -> AST with positions')
    try:
        import pipeline
        parse = pipeline.parse
    except (ImportError, AttributeError) as error:
        parse = None
        print('  pipeline.parse unavailable: %s' % error)
    runs: Dict[str, Callable[[], int]] = {}
    if parse is not None:
        runs['ours'] = over(sources, lambda d, p: parse(d, p), (SyntaxError, ValueError))
    stock = stock_lark_parser()
    if stock is None:
        print('  lark unavailable')
    else:
        from lark.exceptions import LarkError
        texts = [data.decode('utf-8', 'replace') + '\n' for data, _ in sources]

        def stock_run() -> int:
            failures = 0
            for text in texts:
                try:
                    stock.parse(text)
                except LarkError:
                    failures += 1
            return failures
        runs['stock'] = stock_run
    timings = race(runs, args.repeat)
    ours_parse = timings['ours'][0] if 'ours' in timings else None
    if ours_parse:
        print(row % ('pipeline.parse', lines / ours_parse, ours_parse, timings['ours'][1]))
    if 'stock' in timings:
        stock_time, fail = timings['stock']
        print(row % ("lark's python.lark (LALR)", lines / stock_time, stock_time, fail))
        if ours_parse:
            print('  ratio pipeline.parse / stock lark: %.2fx' % (stock_time / ours_parse))
    cpython = oracle_parse_seconds(paths, args.repeat)
    if cpython is None:
        print('  CPython 3.8 oracle unavailable')
    else:
        print(row % ('CPython 3.8 ast.parse (oracle)', lines / cpython, cpython, 0))
        if ours_parse:
            print('  ratio pipeline.parse / CPython 3.8: %.3fx' % (cpython / ours_parse))
    return 0


if __name__ == '__main__':
    sys.exit(main())
