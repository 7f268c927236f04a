"""The VM benchmarks on an old revision and on the working tree, in one sitting, interleaved.

    python bench/baseline.py [--rev REV] [--repeat N] [--rounds R] [--compiler pipeline|oracle] [--cpu]
                             [--tiers 0,1,2] [NAME ...]

REV (default HEAD) is exported with `git archive` into a temporary directory. For each
program and round, the old tree's VM and the working tree's VM run it alternately (best of
N runs each, as bench/vm.py measures), so machine load hits both alike. Prints each
program's times, new/old ratio, and the geometric means: of the VM/native slowdown for
both trees when CPython 3.8 is present, and of the new/old ratios always. --cpu times each
run by its process's CPU time (time.process_time) rather than the wall clock. --tiers runs
both trees at each tier listed (PIPELINE_TIER in the child) and prints, per tier, each tree's
slowdown against native, side by side.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import vm as bench_vm  # noqa: E402  (bench/vm.py: its child script and helpers)


def run_in_tree(tree: str, path: str, kind: str, compiler: str, repeat: int, timeout: float,
                cpu: bool = False, tier: str = '') -> dict:
    """bench/vm.py's child run with the pipeline imported from `tree` (`cpu`: the process's
    CPU time instead of the wall clock, which a loaded machine stretches unevenly)."""
    child = bench_vm.CHILD.replace('REPO', repr(tree))
    if cpu:
        child = child.replace('time.perf_counter()', 'time.process_time()')
    env = bench_vm.child_environment(kind)
    if tier:
        env['PIPELINE_TIER'] = tier
    python = sys.executable if kind == 'vm' else bench_vm.oracle_python()
    proc = subprocess.run([python, '-c', child, path, kind, compiler, str(repeat)],
                          capture_output=True, text=True, timeout=timeout, env=env)
    if proc.returncode:
        return {'error': (proc.stderr.strip().splitlines() or ['exit %d' % proc.returncode])[-1]}
    return bench_vm.json.loads(proc.stdout.strip().splitlines()[-1])


def checkout(rev: str, directory: str) -> str:
    """REV's tree exported into `directory`/old (git archive: the repository is not touched)."""
    tree = os.path.join(directory, 'old')
    os.mkdir(tree)
    archive = subprocess.run(['git', 'archive', '--format=tar', rev],   # the repository of the cwd
                             check=True, capture_output=True).stdout
    subprocess.run(['tar', '-x', '-C', tree], input=archive, check=True)
    return tree


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('names', nargs='*')
    parser.add_argument('--rev', default='HEAD')
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--compiler', choices=('pipeline', 'oracle'), default='pipeline')
    parser.add_argument('--timeout', type=float, default=600)
    parser.add_argument('--cpu', action='store_true', help='CPU time of the child, not wall time')
    parser.add_argument('--tiers', help='run both trees at each of these tiers, e.g. 0,1,2')
    args = parser.parse_args(argv)
    if args.tiers:
        return by_tier(args)
    programs = bench_vm.PROGRAMS
    names = args.names or sorted(n[:-3] for n in os.listdir(programs) if n.endswith('.py'))
    have_native = bench_vm.oracle_python() is not None
    directory = tempfile.mkdtemp(prefix='pipeline-baseline-')
    try:
        old_tree = checkout(args.rev, directory)
        print('old: %s (%s); new: working tree %s; best of %d, %d round(s), %s time'
              % (args.rev, old_tree, REPO, args.repeat, args.rounds, 'CPU' if args.cpu else 'wall'))
        print('%-20s %10s %10s %10s %8s' % ('benchmark', 'native', 'old', 'new', 'new/old'))
        slow_old, slow_new, ratios = [], [], []
        for name in names:
            path = os.path.join(programs, name + '.py')
            native = (run_in_tree(REPO, path, 'native', 'none', args.repeat, args.timeout, args.cpu)
                      if have_native else {})
            best = {'old': None, 'new': None}
            error = None
            for round_number in range(args.rounds):
                order = [('old', old_tree), ('new', REPO)]
                if round_number % 2:
                    order.reverse()
                for label, tree in order:
                    result = run_in_tree(tree, path, 'vm', args.compiler, args.repeat, args.timeout, args.cpu)
                    if 'error' in result:
                        error = '%s: %s' % (label, result['error'][:200])
                        continue
                    if 'output' in native and result['output'] != native['output']:
                        error = '%s: output differs from native' % label
                        continue
                    if best[label] is None or result['time'] < best[label]:
                        best[label] = result['time']
            if error or best['old'] is None or best['new'] is None:
                print('%-20s ERROR %s' % (name, error), flush=True)
                continue
            ratio = best['new'] / best['old']
            ratios.append(ratio)
            native_time = native.get('time')
            if native_time:
                slow_old.append(best['old'] / native_time)
                slow_new.append(best['new'] / native_time)
            print('%-20s %10s %9.3fs %9.3fs %7.3fx' % (
                name, '%.3fs' % native_time if native_time else '-', best['old'], best['new'], ratio),
                flush=True)
        mean = bench_vm.geometric_mean
        if slow_old:
            print('geometric mean slowdown vs native: old %.2fx, new %.2fx over %d benchmarks'
                  % (mean(slow_old), mean(slow_new), len(slow_old)))
        print('geometric mean new/old: %.3fx over %d benchmarks' % (mean(ratios), len(ratios)))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


def by_tier(args) -> int:
    """--tiers: per program, native once, then old and new at each tier (interleaved per round);
    each tree's slowdown against native, per tier, side by side, and their geometric means."""
    programs = bench_vm.PROGRAMS
    names = args.names or sorted(n[:-3] for n in os.listdir(programs) if n.endswith('.py'))
    tiers = [tier.strip() for tier in args.tiers.split(',')]
    columns = [(label, tier) for tier in tiers for label in ('old', 'new')]
    directory = tempfile.mkdtemp(prefix='pipeline-baseline-')
    try:
        trees = {'old': checkout(args.rev, directory), 'new': REPO}
        print('old: %s; new: working tree %s; best of %d, %d round(s), %s time; slowdown vs native CPython 3.8'
              % (args.rev, REPO, args.repeat, args.rounds, 'CPU' if args.cpu else 'wall'))
        print('%-20s %9s' % ('benchmark', 'native') + ''.join('%9s' % ('%s@t%s' % c) for c in columns))
        slowdowns: dict = {column: [] for column in columns}
        for name in names:
            path = os.path.join(programs, name + '.py')
            native = run_in_tree(REPO, path, 'native', 'none', args.repeat, args.timeout, args.cpu)
            best: dict = {}
            for round_number in range(args.rounds):
                for label, tier in (columns if round_number % 2 == 0 else columns[::-1]):
                    result = run_in_tree(trees[label], path, 'vm', args.compiler, args.repeat, args.timeout,
                                         args.cpu, tier)
                    if 'error' in result or result.get('output') != native.get('output'):
                        continue
                    if best.get((label, tier)) is None or result['time'] < best[label, tier]:
                        best[label, tier] = result['time']
            line = '%-20s %8.3fs' % (name, native['time']) if 'time' in native else '%-20s %9s' % (name, 'ERROR')
            for column in columns:
                if column in best and native.get('time'):
                    slowdowns[column].append(best[column] / native['time'])
                    line += '%8.1fx' % (best[column] / native['time'])
                else:
                    line += '%9s' % 'ERROR'
            print(line, flush=True)
        print('%-30s' % 'geometric mean' + ''.join('%8.1fx' % bench_vm.geometric_mean(slowdowns[c]) for c in columns))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
