"""VM benchmarks: each bench/programs/*.py natively on CPython 3.8 and in our VM on this host.

    python bench/vm.py [--compiler oracle|pipeline|both] [--repeat N] [--json FILE]
                       [--host-python PATH] [--tier 0,1] [--cpu] [NAME ...]

Times cover executing the module's code only (compilation excluded), best of N runs,
stdout captured and checked equal to the native run's. Prints each slowdown ratio
(VM time / native time) and the geometric mean, and each child process's peak RSS in MB
(native, then ours; bench/memory.py shows it against run length). `--compiler oracle` runs CPython 3.8's
own bytecode in our VM; `pipeline` runs our compiler's; `both` does both. `--host-python`
runs the VM under another interpreter (e.g. pypy3) while the baseline stays CPython 3.8.
`--tier 0,1` runs each at every tier listed (PIPELINE_TIER in the child), columns side by side.
`--cpu` times each run by the child's CPU time (for a loaded machine; the native run's too).
"""
import argparse
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, 'programs')

# The child's peak RSS (also used by bench/memory.py's child).
PEAK_RSS = r'''
def peak_rss_kb():
    # VmHWM: this process image's own peak (ru_maxrss also counts the parent's pages
    # mapped between fork and exec, about 15 MB here, which would hide small programs)
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
'''

# Runs one program in the current interpreter: natively (exec of the host's compile, on the
# 3.8 oracle only) or in our VM; prints {"time": seconds, "output": stdout text,
# "maxrss_kb": the process's peak RSS, compilation included}.
CHILD = r'''
import io, json, resource, sys, time, types
''' + PEAK_RSS + r'''path, kind, compiler, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
source = open(path, encoding='utf-8').read()
if kind == 'native':
    code = compile(source, path, 'exec')
    def execute(code, namespace):
        exec(code, namespace)
else:
    sys.path.insert(0, REPO)
    import pipeline.vm as vm
    try:    # the JIT parameters `pipeline.run` sets itself on PyPy (none on CPython)
        from pipeline.pypy_nursery import tune_jit
    except ImportError:     # a tree from before them
        pass
    else:
        tune_jit()
    if compiler == 'oracle':
        from pipeline.oracle_compiler import OracleCompiler
        code = OracleCompiler()(source, path, 'exec')
    else:
        import pipeline
        code = pipeline.compile(source, path, 'exec')
    execute = vm.run_code
best, output = None, None
for _ in range(repeat):
    main = types.ModuleType('__main__')
    main.__dict__['__builtins__'] = sys.modules['builtins']
    main.__file__ = path
    sys.modules['__main__'] = main
    sys.argv = [path]
    buffer, real = io.StringIO(), sys.stdout
    sys.stdout = buffer
    start = time.perf_counter()
    try:
        execute(code, main.__dict__)
    finally:
        elapsed = time.perf_counter() - start
        sys.stdout = real
    best = elapsed if best is None else min(best, elapsed)
    output = buffer.getvalue()
print(json.dumps({'time': best, 'output': output,
                  'maxrss_kb': peak_rss_kb()}))
'''


def oracle_python():
    sys.path.insert(0, REPO)
    from pipeline.oracle_compiler import find_python38
    return find_python38()


def child_environment(kind):
    """The environment of a child run. The VM runs with the GC nursery `pipeline.run` gives
    itself on PyPy (pipeline/pypy_nursery.py: the tools relaunch with it), so that these
    figures are the product's; a preset PYPY_GC_NURSERY stands, and CPython ignores it."""
    env = dict(os.environ, PYTHONHASHSEED='0')
    if kind == 'vm':
        sys.path.insert(0, REPO)
        from pipeline.pypy_nursery import NURSERY_SIZE
        env.setdefault('PYPY_GC_NURSERY', NURSERY_SIZE.decode())
    return env


def run_child(python, path, kind, compiler, repeat, timeout, tier=None, cpu=False):
    """One program run in a child process (`cpu`: timed by the child's CPU time, which a
    loaded machine stretches less unevenly than the wall clock)."""
    child = CHILD.replace('REPO', repr(REPO))
    if cpu:
        child = child.replace('time.perf_counter()', 'time.process_time()')
    env = child_environment(kind)
    if tier is not None:
        env['PIPELINE_TIER'] = tier
    proc = subprocess.run([python, '-c', child, path, kind, compiler, str(repeat)],
                          capture_output=True, text=True, timeout=timeout, env=env)
    if proc.returncode:
        return {'error': (proc.stderr.strip().splitlines() or ['exit %d' % proc.returncode])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _megabytes(kilobytes):
    return '-' if kilobytes is None else '%.1f' % (kilobytes / 1024)


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float('nan')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('names', nargs='*')
    parser.add_argument('--compiler', choices=('oracle', 'pipeline', 'both'), default='oracle')
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--timeout', type=float, default=600)
    parser.add_argument('--json', help='write the figures to this file')
    parser.add_argument('--host-python', default=sys.executable,
                        help='the interpreter that runs our VM (default: this one)')
    parser.add_argument('--cpu', action='store_true', help='time each run by CPU time, not wall time')
    parser.add_argument('--tier', help="the VM's tiers to run, e.g. 0,1 (default: PIPELINE_TIER or the highest)")
    args = parser.parse_args(argv)
    host = subprocess.run([args.host_python, '-c', 'import sys; print(sys.version.split()[0], '
                           'sys.implementation.name)'], capture_output=True, text=True).stdout.strip()
    python38 = oracle_python()
    if python38 is None:
        print('CPython 3.8 is needed for the native baseline', file=sys.stderr)
        return 1
    names = args.names or sorted(n[:-3] for n in os.listdir(PROGRAMS) if n.endswith('.py'))
    compilers = ['oracle', 'pipeline'] if args.compiler == 'both' else [args.compiler]
    if args.tier:   # a column per compiler and tier, named compiler@tN
        compilers = ['%s@t%s' % (c, t.strip()) for c in compilers for t in args.tier.split(',')]
    print('host %s (%s); native baseline CPython 3.8 (%s)' % (host, args.host_python, python38))
    print('%-20s %10s' % ('benchmark', 'native') + ''.join('%14s %8s' % ('vm/' + c, 'ratio') for c in compilers)
          + '  peak RSS MB: native' + ''.join(' %9s' % ('vm/' + c) for c in compilers))
    ratios = {c: [] for c in compilers}
    figures = []
    for name in names:
        path = os.path.join(PROGRAMS, name + '.py')
        native = run_child(python38, path, 'native', 'none', args.repeat, args.timeout, cpu=args.cpu)
        line = '%-20s %9.3fs' % (name, native['time']) if 'time' in native else '%-20s %10s' % (name, 'ERROR')
        record = {'name': name, 'native': native.get('time'), 'native_maxrss_kb': native.get('maxrss_kb')}
        memory = ' %20s' % _megabytes(native.get('maxrss_kb'))
        for compiler in compilers:
            try:
                result = run_child(args.host_python, path, 'vm', compiler.split('@')[0], args.repeat, args.timeout,
                                   compiler.split('@t')[1] if '@t' in compiler else None, cpu=args.cpu)
            except subprocess.TimeoutExpired:
                result = {'error': 'timeout'}
            memory += ' %9s' % _megabytes(result.get('maxrss_kb'))
            if 'error' in result:
                line += '%14s %8s' % ('ERROR', '-')
                record[compiler] = {'error': result['error']}
                print('  %s: %s' % (compiler, result['error'][:200]), file=sys.stderr)
                continue
            if result['output'] != native.get('output'):
                line += '%14s %8s' % ('WRONG', '-')
                record[compiler] = {'error': 'output differs from native'}
                continue
            ratio = result['time'] / native['time']
            ratios[compiler].append(ratio)
            line += '%13.3fs %7.1fx' % (result['time'], ratio)
            record[compiler] = {'time': result['time'], 'ratio': ratio,
                                'maxrss_kb': result.get('maxrss_kb')}
        print(line + memory, flush=True)
        figures.append(record)
    for compiler in compilers:
        print('geometric mean slowdown (%s bytecode in our VM): %.1fx over %d benchmarks' % (
            compiler, geometric_mean(ratios[compiler]), len(ratios[compiler])))
    if args.json:
        with open(args.json, 'w') as stream:
            json.dump({'host': host, 'figures': figures,
                       'geomean': {c: geometric_mean(r) for c, r in ratios.items()}}, stream, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
