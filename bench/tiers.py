"""VM tiers side by side: each bench/programs/*.py in our VM with PIPELINE_TIER=0 and =2 in one run.

    python bench/tiers.py [--compiler oracle|pipeline] [--repeat N] [--tiers 0,2] [--native] [NAME ...]

Uses bench/vm.py's child run (best of N runs of the module's code, compilation excluded, output
checked equal across tiers, with the child's peak RSS). Prints per program the time and
peak RSS of every tier, the time ratio of each tier to the first (below 1.0: faster) and the
RSS ratio, then the geometric means. `--native` adds CPython 3.8 itself as a column.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import vm as vm_bench   # noqa: E402  (bench/vm.py)

def run_child(python, path, kind, compiler, repeat, timeout, tier):
    """bench/vm.py's child run at `tier` (its figures include the peak RSS, maxrss_kb)."""
    try:
        return vm_bench.run_child(python, path, kind, compiler, repeat, timeout, str(tier))
    except subprocess.TimeoutExpired:
        return {'error': 'timeout'}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('names', nargs='*')
    parser.add_argument('--compiler', choices=('oracle', 'pipeline'), default='pipeline')
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--timeout', type=float, default=600)
    parser.add_argument('--tiers', default='0,2')
    parser.add_argument('--native', action='store_true', help='also time CPython 3.8 itself')
    parser.add_argument('--json', help='write the figures to this file')
    args = parser.parse_args(argv)
    tiers = [int(t) for t in args.tiers.split(',')]
    names = args.names or sorted(n[:-3] for n in os.listdir(vm_bench.PROGRAMS) if n.endswith('.py'))
    python38 = vm_bench.oracle_python() if args.native or args.compiler == 'oracle' else None
    print('host %s; tiers %s; %s bytecode; best of %d' % (
        sys.version.split()[0], ', '.join(map(str, tiers)), args.compiler, args.repeat))
    header = '%-20s' % 'benchmark'
    if args.native:
        header += '%10s' % 'native'
    for tier in tiers:
        header += '%10s %8s' % ('tier %d' % tier, 'RSS MB')
    for tier in tiers[1:]:
        header += '%9s %7s' % ('t%d/t%d' % (tier, tiers[0]), 'RSS')
    print(header)
    ratios = {tier: [] for tier in tiers[1:]}
    rss_ratios = {tier: [] for tier in tiers[1:]}
    figures = []
    for name in names:
        path = os.path.join(vm_bench.PROGRAMS, name + '.py')
        line = '%-20s' % name
        record = {'name': name}
        if args.native:
            native = run_child(python38, path, 'native', 'none', args.repeat, args.timeout, 0)
            record['native'] = native.get('time')
            line += '%9.3fs' % native['time'] if 'time' in native else '%10s' % 'ERROR'
        results = {}
        for tier in tiers:
            result = run_child(sys.executable, path, 'vm', args.compiler, args.repeat, args.timeout, tier)
            results[tier] = result
            if 'error' in result:
                print('  tier %d: %s' % (tier, result['error'][:200]), file=sys.stderr)
                line += '%10s %8s' % ('ERROR', '-')
                continue
            line += '%9.3fs %8.1f' % (result['time'], result['maxrss_kb'] / 1024)
            record['tier%d' % tier] = {'time': result['time'], 'rss_kb': result['maxrss_kb']}
        base = results[tiers[0]]
        for tier in tiers[1:]:
            result = results[tier]
            if 'error' in base or 'error' in result:
                line += '%9s %7s' % ('-', '-')
            elif result['output'] != base['output']:
                line += '%9s %7s' % ('WRONG', '-')
            else:
                ratio = result['time'] / base['time']
                rss = result['maxrss_kb'] / base['maxrss_kb']
                ratios[tier].append(ratio)
                rss_ratios[tier].append(rss)
                line += '%8.2fx %6.2fx' % (ratio, rss)
        print(line, flush=True)
        figures.append(record)
    for tier in tiers[1:]:
        print('tier %d / tier %d: time geomean %.2fx (max %.2fx), peak RSS geomean %.2fx (max %.2fx) over %d programs'
              % (tier, tiers[0], vm_bench.geometric_mean(ratios[tier]), max(ratios[tier] or [0]),
                 vm_bench.geometric_mean(rss_ratios[tier]), max(rss_ratios[tier] or [0]), len(ratios[tier])))
    if args.json:
        with open(args.json, 'w') as stream:
            json.dump({'host': sys.version, 'figures': figures}, stream, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
