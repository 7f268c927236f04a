"""Compile throughput: our source -> code object, against CPython 3.8's compile() in the
same run, per pass, with peak memory on large generated sources.

    python -m bench.compile [--limit N] [--files GLOB] [--profile] [--passes]
                            [--memory] [--startup] [--all] [--warmup N] [--repeat N]
    python -m bench.compile --scaling

Lines are source lines (newlines) of the files that both compilers accept; the oracle
times its own compile() calls in one python3.8 process over the same files. Times are
CPU times of the process (time.process_time): the machine is shared, and wall time
there measures the other processes as much as ours. On PyPy,
`--warmup N` (default 2 there, 0 on CPython) compiles the corpus N times before timing
so that the JIT has seen the compiler. `--passes` times each pass separately (tokenize,
parse, ast_opt, symtable, codegen, assemble, marshal); `--profile` prints a cProfile
of each pass. `--memory` compiles generated 1 MB and 5 MB sources of simple statements,
each compilation in its own subprocess, ours and 3.8's, and prints their peak RSS.
`--startup` times `python -m pipeline.run -c pass` against `python3.8 -c pass` (and the
bare host interpreter), median wall and CPU time of several runs, with the .pyc caches
written first as an installation has them (PYTHONDONTWRITEBYTECODE is dropped for it).
`--scaling` only compiles generated sources of N and 4N repeated pieces (functions,
methods, nested functions, statements, ...) and prints the time ratio: 4 is linear.
`--all` is --passes --memory --startup. `--rev REV` compares our compiler at REV (exported
with git archive) with the working tree's in one process, file by file interleaved, so that
load from other processes falls on both alike: seconds of each per round and new/old, then
each pass's lines/s (best round) old and new. On PyPy the JIT keeps speeding the compiler up
for many rounds of the corpus (codegen most of all): give --warmup generously. On PyPy the
benchmark re-executes itself with a 256 MB GC nursery and sets the compile tools' JIT
parameters, as pipeline.compile and pipeline.compileall do (pipeline/pypy_nursery.py); set PYPY_GC_NURSERY (e.g. 1MB,
PyPy's default here) to measure with another nursery, and give PyPy a --jit option (e.g.
`--jit trace_eagerness=200`, its default) to measure with other JIT parameters. The host line
shows the nursery used.
"""
if __name__ == '__main__':
    # first, before the imports: the nursery the tools run with (pipeline/pypy_nursery.py)
    from pipeline.pypy_nursery import (COMPILE_JIT_PARAMS, MANY_FILES_NURSERY_SIZE,
                                       relaunch_with_big_nursery)
    relaunch_with_big_nursery(COMPILE_JIT_PARAMS, MANY_FILES_NURSERY_SIZE)

import argparse
import cProfile
import gc
import glob
import io
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ORACLE_TIMER = r'''
import json, sys, time
paths = json.load(sys.stdin)
sources = [open(path, 'rb').read() for path in paths]
for source, path in zip(sources, paths):    # warm-up, as ours gets its imports done
    compile(source, path, 'exec', dont_inherit=True)
best = None
for _ in range(3):
    start = time.process_time()
    for source, path in zip(sources, paths):
        compile(source, path, 'exec', dont_inherit=True)
    elapsed = time.process_time() - start
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps(best))
'''

# One compilation of a file in a fresh process: prints its seconds and peak RSS (KiB).
MEMORY_CHILD = r'''
import resource, sys, time
path, which = sys.argv[1], sys.argv[2]
source = open(path, 'rb').read()
if which == 'ours':
    import pipeline
    compile_source = pipeline.compile
    compile_source('x = 1\n', '<warm-up>', 'exec')
else:
    compile_source = compile
start = time.process_time()
try:
    compile_source(source, path, 'exec')
    outcome = 'ok'
except MemoryError:
    outcome = 'MemoryError'
elapsed = time.process_time() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, outcome)
'''

PASSES = ('tokenize', 'parse', 'ast_opt', 'symtable', 'codegen', 'assemble', 'marshal')
# Generated sources of N repeated pieces (--scaling): compile time at N and 4N should
# grow 4x; more is a pass that is superlinear in the pieces (a module's or class's
# functions, a function's nested functions, statements, ...).
SCALING_SHAPES = {
    'functions': lambda n: ''.join('def f%d(x):\n    return x + %d\n' % (i, i)
                                   for i in range(n)),
    'methods': lambda n: 'class C:\n' + ''.join('    def m%d(self):\n        return %d\n'
                                                % (i, i) for i in range(n)),
    'closures': lambda n: 'def f():\n' + ''.join(
        '    v%d = 1\n    def g%d():\n        return v%d\n' % (i, i, i) for i in range(n)),
    'statements': lambda n: ''.join('x%d = y + %d\n' % (i, i) for i in range(n)),
    'branches': lambda n: 'def f():\n    while x:\n' + ''.join(
        '        if a%d: break\n' % i for i in range(n)),
    'fstrings': lambda n: ''.join('s%d = f"{a%d} and {b%d!r:>10}"\n' % (i, i, i)
                                  for i in range(n)),
    'dict': lambda n: 'd = {\n' + ''.join('    "k%d": %d,\n' % (i, i) for i in range(n)) + '}\n',
}
SIMPLE_STATEMENTS = ('x = 1\n', 'y = x + 2\n', 'z = [x, y, 3]\n', 'f(x, y)\n',
                     'a.b = c[1]\n', 'if x: y = 2\n', 'del z\n', 'w = "text"\n')


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


def read_sources(paths: List[str]) -> List[Tuple[str, bytes]]:
    result = []
    for path in paths:
        with open(path, 'rb') as handle:
            result.append((path, handle.read()))
    return result


def our_run(sources: List[Tuple[str, bytes]]) -> Tuple[float, int, List[str],
                                                       List[Tuple[str, str]]]:
    """(seconds, lines compiled, files compiled, failures) for our compiler."""
    import pipeline
    compile_source = pipeline.compile
    compile_source('x = 1\n', '<warm-up>', 'exec')    # loads the parser tables
    seconds, lines = 0.0, 0
    compiled, failures = [], []
    for path, source in sources:
        start = time.process_time()
        try:
            compile_source(source, path, 'exec')
        except Exception as error:   # a benchmark reports failures and goes on
            failures.append((path, '%s: %s' % (type(error).__name__, error)))
            continue
        seconds += time.process_time() - start
        lines += source.count(b'\n')
        compiled.append(path)
    return seconds, lines, compiled, failures


class PassTimer:
    """Runs the chain of passes one at a time over each source, timing (or profiling) each.

    `package` is the compiler's top package ('pipeline', or a revision's copy for --rev).
    assemble runs inside codegen once per code object; its time is measured around
    each call and taken out of codegen's. The wrapper is put in codegen's globals once,
    by `with timer:` around all the runs, not per file: on PyPy each rebinding of a
    module global throws away the machine code that read it. The cyclic collector is
    paused during each run, as compile() pauses it."""

    def __init__(self, profile: bool, package: str = 'pipeline') -> None:
        import importlib

        def module(name: str) -> Any:
            return importlib.import_module(package + '.' + name)

        self.seconds = dict.fromkeys(PASSES, 0.0)
        self.profiles = {name: cProfile.Profile() for name in PASSES} if profile else None
        self._scan = module('tokenizer.cscan').scan
        try:
            # what the file parse reads since s10front: the scanner's parser items
            self._items = module('tokenizer.items')
            self._lalr_int = module('parser.lalr_int')
        except ImportError:
            self._items = None
        self._parse = module('parser').parse
        self._parse_api = module('parser.api')
        # since s14fold the parse lists ast_opt's work for compile(), which then does
        # not walk the tree: time the two passes as compile() runs them
        self._parse_for_compiler = getattr(self._parse_api, 'parse_for_compiler', None)
        self._decode = self._parse_api.decode
        self._parse_future = module('compiler.future').parse_future
        self._optimize = module('compiler.ast_opt').optimize
        self._build_symtable = module('compiler.symtable_build').build_symtable
        self._codegen = module('compiler.codegen')
        self._generate = self._codegen.generate
        self._dumps = module('compiler.marshal').dumps
        self._assemble = self._codegen.assemble
        self._assemble_seconds = 0.0

    def __enter__(self) -> 'PassTimer':
        self._codegen.assemble = self._timed_assemble
        return self

    def __exit__(self, *exc: Any) -> None:
        self._codegen.assemble = self._assemble

    def _timed_assemble(self, *args: Any) -> Any:
        start = time.process_time()
        if self.profiles:
            self.profiles['codegen'].disable()
            self.profiles['assemble'].enable()
        try:
            return self._assemble(*args)
        finally:
            if self.profiles:
                self.profiles['assemble'].disable()
                self.profiles['codegen'].enable()
            self._assemble_seconds += time.process_time() - start

    def _time(self, name: str, function: Callable, *args: Any) -> Any:
        profile = self.profiles[name] if self.profiles else None
        start = time.process_time()
        if profile:
            profile.enable()
        try:
            return function(*args)
        finally:
            if profile:
                profile.disable()
            self.seconds[name] += time.process_time() - start

    def reset(self) -> None:
        """Forget the times so far (after a warm-up); profiles start again."""
        self.seconds = dict.fromkeys(PASSES, 0.0)
        if self.profiles:
            self.profiles = {name: cProfile.Profile() for name in PASSES}

    def _count_tokens(self, text: str, path: str) -> int:
        if self._items is not None:
            api = self._parse_api
            tables = self._lalr_int.int_tables(api.grammar(api.AstBuilder), api._TERMS,
                                               api._literal_terms())
            try:
                return sum(map(len, self._items.items(text, tables.item_terms,
                                                      api._string_value)))
            except self._items.Irregular:
                pass
        return sum(1 for _ in self._scan(text, path))

    def run(self, path: str, source: bytes) -> None:
        paused = gc.isenabled()
        gc.disable()
        try:
            self._run(path, source)
        finally:
            if paused:
                gc.enable()

    def _run(self, path: str, source: bytes) -> None:
        text = self._decode(source, path)
        self._time('tokenize', self._count_tokens, text, path)
        if self._parse_for_compiler is None:
            tree = self._time('parse', self._parse, source, path, 'exec')
            optimize_args = ()         # type: tuple
        else:
            tree, _, fold_list = self._time('parse', self._parse_for_compiler, source, path,
                                            'exec')
            optimize_args = (fold_list,)
        future = self._parse_future(tree, path)
        tree = self._time('ast_opt', self._optimize, tree, 0, future.flags, *optimize_args)
        table = self._time('symtable', self._build_symtable, tree, path, future.flags)
        self._assemble_seconds = 0.0
        code = self._time('codegen', self._generate, tree, table, path, future.flags, 0, 0,
                          future.lineno)
        self.seconds['codegen'] -= self._assemble_seconds
        self.seconds['assemble'] += self._assemble_seconds
        self._time('marshal', self._dumps, code)

    def per_pass(self) -> Dict[str, float]:
        """Seconds per pass; parse without its own tokenizing (tokens stream into it)."""
        seconds = dict(self.seconds)
        seconds['parse'] -= seconds['tokenize']
        seconds['sum'] = sum(seconds[name] for name in PASSES if name != 'marshal')
        return seconds


def report_passes(sources: List[Tuple[str, bytes]], lines: int, profile: bool,
                  warmup: int = 0) -> None:
    # one timer for warm-up and timing: on PyPy, its wrapper going into codegen's globals
    # again would throw away the machine code of the warm-up
    with PassTimer(profile) as timer:
        for _ in range(warmup):
            for path, source in sources:
                timer.run(path, source)
        timer.reset()
        for path, source in sources:
            timer.run(path, source)
    seconds = timer.per_pass()
    print('per pass (parse without its tokenizing):')
    for name in PASSES:
        print('  %-9s %7.2f s = %9.0f lines/s' % (name, seconds[name],
                                                  lines / max(seconds[name], 1e-9)))
    print('  %-9s %7.2f s = %9.0f lines/s (source -> code object)' % (
        'sum', seconds['sum'], lines / seconds['sum']))
    if timer.profiles:
        for name in PASSES:
            out = io.StringIO()
            stats = pstats.Stats(timer.profiles[name], stream=out)
            stats.sort_stats('tottime').print_stats(15)
            print('=== profile: %s ===' % name)
            print(out.getvalue())


def generated_source(size: int) -> bytes:
    """About `size` bytes of simple statements."""
    block = ''.join(SIMPLE_STATEMENTS).encode()
    return block * (size // len(block) + 1)


def run_child(python: List[str], path: str, which: str) -> Tuple[float, int, str]:
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run(python + ['-c', MEMORY_CHILD, path, which], capture_output=True,
                         text=True, env=env, timeout=3600)
    if out.returncode or not out.stdout.strip():
        return float('nan'), 0, 'exit %d: %s' % (out.returncode,
                                                 (out.stderr.strip().splitlines() or [''])[-1])
    seconds, rss, outcome = out.stdout.split()
    return float(seconds), int(rss), outcome


def report_scaling(pieces: int = 2000) -> None:
    """Compile time of each generated shape at `pieces` and 4x as many, and the ratio."""
    import pipeline
    compile_source = pipeline.compile
    compile_source('x = 1\n' * 3000, '<warm-up>', 'exec')
    print('scaling: seconds at N = %d and 4N pieces (4.0 is linear):' % pieces)
    for name, make in SCALING_SHAPES.items():
        seconds = []
        for count in (pieces, 4 * pieces):
            source = make(count)
            start = time.process_time()
            compile_source(source, '<%s>' % name, 'exec')
            seconds.append(time.process_time() - start)
        print('  %-10s %6.2f s %6.2f s  x%.1f' % (name, seconds[0], seconds[1],
                                                 seconds[1] / max(seconds[0], 1e-9)),
              flush=True)


def report_memory(sizes: Tuple[int, ...] = (1, 5)) -> None:
    from tests.oracle import oracle_python
    oracle = oracle_python()
    print('peak RSS compiling generated sources (each in its own process):')
    with tempfile.TemporaryDirectory() as directory:
        for megabytes in sizes:
            path = os.path.join(directory, 'simple_%dmb.py' % megabytes)
            data = generated_source(megabytes * 1000000)
            with open(path, 'wb') as handle:
                handle.write(data)
            ours = run_child([sys.executable], path, 'ours')
            line = '  %d MB (%d lines): ours %7.1f MB %6.2f s %s' % (
                megabytes, data.count(b'\n'), ours[1] / 1024, ours[0], ours[2])
            if oracle:
                theirs = run_child([oracle], path, 'theirs')
                line += ' | 3.8 %7.1f MB %6.2f s %s | RSS ratio %.2f' % (
                    theirs[1] / 1024, theirs[0], theirs[2], ours[1] / max(theirs[1], 1))
            print(line, flush=True)


def _timed_runs(command: List[str], runs: int, env: Dict[str, str]) -> Tuple[float, float]:
    """Median wall and median CPU (user + system) seconds of `runs` runs of `command`."""
    import resource
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return sorted(walls)[runs // 2], sorted(cpus)[runs // 2]


def report_startup(runs: int = 11) -> None:
    """Start-up of `pipeline.run -c pass` against `python3.8 -c pass` and the bare host."""
    from tests.oracle import oracle_python
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    ours = [sys.executable, '-m', 'pipeline.run', '-c', 'pass']
    subprocess.run(ours, env=env, check=True)     # writes the .pyc caches
    print('start-up, median of %d runs (wall / CPU):' % runs)
    commands = [('pipeline.run -c pass', ours),
                ('host -c pass', [sys.executable, '-c', 'pass'])]
    oracle = oracle_python()
    if oracle:
        commands.append(('python3.8 -c pass', [oracle, '-c', 'pass']))
    for label, command in commands:
        wall, cpu = _timed_runs(command, runs, env)
        print('  %-22s %6.3f s / %6.3f s' % (label, wall, cpu), flush=True)


COMPILER_FOLDERS = ('tokenizer', 'grammar', 'parser', 'compiler')


def _package_of(tree: str, name: str, directory: str) -> Any:
    """The compiler of source tree `tree`, importable as `name`.compiler (its folders
    linked into `directory`/`name`; every import inside them is relative)."""
    import importlib
    package = os.path.join(directory, name)
    os.makedirs(package)
    open(os.path.join(package, '__init__.py'), 'w').close()
    for folder in COMPILER_FOLDERS:
        os.symlink(os.path.join(tree, folder), os.path.join(package, folder))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    return importlib.import_module(name + '.compiler')


def export_rev(rev: str, directory: str) -> str:
    """The tree of `rev` (git archive), exported into `directory`/old: its path."""
    old_tree = os.path.join(directory, 'old')
    os.makedirs(old_tree)
    archive = subprocess.run(['git', 'archive', '--format=tar', rev], cwd=ROOT,
                             capture_output=True, check=True).stdout
    subprocess.run(['tar', '-x', '-C', old_tree], input=archive, check=True)
    return old_tree


def report_against(rev: str, sources: List[Tuple[str, bytes]], rounds: int,
                   warmup: int = 0) -> None:
    """Our compiler at `rev` and in the working tree, each file compiled by both in turn
    (who goes first alternates by round); a collection of the young generation after
    each compilation is counted in its time (the garbage it left). Then the same
    interleaving pass by pass: each pass's best round, old and new."""
    with tempfile.TemporaryDirectory() as directory:
        old_tree = export_rev(rev, directory)
        packages = {'old': _package_of(old_tree, 'pipeline_rev_old', directory),
                    'new': _package_of(ROOT, 'pipeline_rev_new', directory)}
        compilers = {name: package.compile for name, package in packages.items()}
        for compile_source in compilers.values():
            compile_source('x = 1\n' * 3000, '<warm-up>', 'exec')    # builds the int tables
        for _ in range(warmup):
            for path, source in sources:
                for compile_source in compilers.values():
                    compile_source(source, path, 'exec')
        seconds = {name: [0.0] * rounds for name in compilers}
        for round_number in range(rounds):
            order = ('old', 'new') if round_number % 2 == 0 else ('new', 'old')
            for path, source in sources:
                for name in order:
                    start = time.process_time()
                    compilers[name](source, path, 'exec')
                    gc.collect(0)
                    seconds[name][round_number] += time.process_time() - start
        passes: Dict[str, List[Dict[str, float]]] = {name: [] for name in compilers}
        timers = {name: PassTimer(False, package.__name__.rsplit('.', 1)[0])
                  for name, package in packages.items()}
        with timers['old'], timers['new']:
            for round_number in range(rounds):
                order = ('old', 'new') if round_number % 2 == 0 else ('new', 'old')
                for path, source in sources:
                    for name in order:
                        timers[name].run(path, source)
                for name in compilers:
                    passes[name].append(timers[name].per_pass())
                    timers[name].reset()
    lines = sum(source.count(b'\n') for _, source in sources)
    print('%s against the working tree, %d rounds, each file by both in turn:' % (rev, rounds))
    for name in ('old', 'new'):
        print('  %-4s %s s; best %8.0f lines/s' % (
            name, ' '.join('%6.2f' % value for value in seconds[name]),
            lines / min(seconds[name])))
    print('  new/old time per round: %s' % ' '.join(
        '%.3f' % (new / old) for new, old in zip(seconds['new'], seconds['old'])))
    print('per pass, best of %d rounds (lines/s; parse without its tokenizing):' % rounds)
    print('  %-9s %10s %10s %8s' % ('pass', 'old', 'new', 'new/old time'))
    for name in PASSES + ('sum',):
        old = min(run[name] for run in passes['old'])
        new = min(run[name] for run in passes['new'])
        print('  %-9s %10.0f %10.0f %8.3f' % (name, lines / max(old, 1e-9),
                                            lines / max(new, 1e-9), new / max(old, 1e-9)))


def host_nursery() -> str:
    """', nursery SIZE' on PyPy (the GC's young generation, which decides much of its speed
    here), else nothing."""
    size = getattr(gc.get_stats(), 'nursery_size', None)   # CPython's is a list of dicts
    return '' if size is None else ', nursery %s' % size

def main(argv: Optional[List[str]] = None) -> int:
    is_pypy = platform.python_implementation() == 'PyPy'
    parser = argparse.ArgumentParser(prog='python -m bench.compile', description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--files', metavar='GLOB', help='files to compile (default: stdlib)')
    parser.add_argument('--limit', type=int, default=0, help='only the first N files')
    parser.add_argument('--passes', action='store_true', help='time each pass')
    parser.add_argument('--profile', action='store_true', help='cProfile each pass')
    parser.add_argument('--memory', action='store_true',
                        help='peak RSS on generated 1 MB and 5 MB sources, ours and 3.8')
    parser.add_argument('--memory-only', action='store_true', help='only --memory')
    parser.add_argument('--scaling', action='store_true',
                        help='only: compile time of generated shapes at N and 4N pieces')
    parser.add_argument('--startup', action='store_true',
                        help='start-up time of pipeline.run -c pass against python3.8 -c pass')
    parser.add_argument('--all', action='store_true', help='--passes --memory --startup')
    parser.add_argument('--warmup', type=int, default=2 if is_pypy else 0,
                        help='untimed runs over the corpus first (default: 2 on PyPy)')
    parser.add_argument('--repeat', type=int, default=1, help='best of N timed runs')
    parser.add_argument('--rev', metavar='REV',
                        help='compare with our compiler at git REV, interleaved in one process '
                             '(--repeat rounds, default 3)')
    args = parser.parse_args(argv)
    if args.all:
        args.passes = args.memory = args.startup = True
    if args.memory_only:
        report_memory()
        return 0
    if args.scaling:
        report_scaling()
        return 0
    sources = read_sources(corpus(args.files, args.limit))
    if args.rev:
        report_against(args.rev, sources, args.repeat if args.repeat > 1 else 3,
                       args.warmup)
        return 0
    for _ in range(args.warmup):
        our_run(sources)
    best = None
    for _ in range(max(args.repeat, 1)):
        seconds, lines, compiled, failures = our_run(sources)
        best = seconds if best is None else min(best, seconds)
    seconds = best
    for path, message in failures[:20]:
        print('failed: %s: %s' % (path, message[:200]))
    print('files: %d compiled, %d failed' % (len(compiled), len(failures)))
    if not compiled:
        return 1
    ours = lines / seconds
    print('ours:    %8d lines in %7.2f s = %8.0f lines/s (host %s %s%s)' % (
        lines, seconds, ours, platform.python_implementation(), sys.version.split()[0],
        host_nursery()))
    theirs_seconds = oracle_seconds(compiled)
    if theirs_seconds:
        theirs = lines / theirs_seconds
        print('CPython: %8d lines in %7.2f s = %8.0f lines/s (3.8 compile())' % (
            lines, theirs_seconds, theirs))
        print('ratio:   ours is %.1fx slower' % (theirs / ours))
    if args.passes or args.profile:
        compiled_set = set(compiled)
        report_passes([item for item in sources if item[0] in compiled_set], lines,
                      args.profile, args.warmup)
    if args.memory:
        report_memory()
    if args.startup:
        report_startup()
    return 0


if __name__ == '__main__':
    sys.exit(main())
