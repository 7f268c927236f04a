"""Peak memory against run length: each bench program run 1, 3 and 9 times in one process,
natively on CPython 3.8 and in our VM on this host.

    python bench/memory.py [--loops 1,3,9] [--full] [--json FILE] [NAME ...]

A loop executes the program's module code once more in a fresh __main__ (compiled once,
stdout discarded), as pyperformance's outer loops do, then collects the cycles it left (a
module's functions and globals: else the peak tracks when gen 2 is collected, natively too);
the figure is the child process's peak RSS (VmHWM, else ru_maxrss). A VM that keeps
something per call or per loop shows it as growth along the row; native CPython's rows are
flat to a few percent. Programs run with a smaller
size argument than bench/vm.py's (SIZES) so that 9 loops in the VM take seconds, not
minutes; --full uses their defaults.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import PEAK_RSS   # noqa: E402  (bench/vm.py)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, 'programs')

# argv[1] of each program for one loop here (about a tenth of its bench/vm.py work)
SIZES = {
    'calls_recursion': '22', 'dict_string_work': '25000', 'exceptions_flow': '20000',
    'fannkuch': '8', 'float_points': '20000', 'generators_chain': '50000', 'go': '1',
    'nbody': '4000', 'nqueens': '6', 'pystone_like': '5000', 'raytrace_small': '40',
    'richards_like': '10000', 'spectral_norm': '40',
}

# Runs one program LOOPS times in the current interpreter (natively, or in our VM after
# compiling it with our compiler); prints {"maxrss_kb": peak RSS, "output": last stdout}.
CHILD = r'''
import gc, io, json, os, resource, sys, types
''' + PEAK_RSS + r'''path, kind, loops, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
source = open(path, encoding='utf-8').read()
if kind == 'native':
    code = compile(source, path, 'exec')
    execute = exec
else:
    sys.path.insert(0, REPO)
    import pipeline, pipeline.vm as vm
    code = pipeline.compile(source, path, 'exec')
    execute = vm.run_code
output = ''
for _ in range(loops):
    main = types.ModuleType('__main__')
    main.__dict__['__builtins__'] = sys.modules['builtins']
    main.__file__ = path
    sys.modules['__main__'] = main
    sys.argv = [path] + ([size] if size else [])
    buffer, real = io.StringIO(), sys.stdout
    sys.stdout = buffer
    try:
        execute(code, main.__dict__)
    finally:
        sys.stdout = real
    output = buffer.getvalue()
    main = buffer = None
    gc.collect()   # the loop's module (its functions and globals, a cycle) goes now, not at gen 2's turn
print(json.dumps({'maxrss_kb': peak_rss_kb(), 'output': output}))
'''


def run_child(python, path, kind, loops, size, timeout):
    """{'maxrss_kb', 'output'} of one child run, or {'error'}."""
    child = CHILD.replace('REPO', repr(REPO))
    env = dict(os.environ, PYTHONHASHSEED='0')
    try:
        proc = subprocess.run([python, '-c', child, path, kind, str(loops), size],
                              capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {'error': 'timeout'}
    if proc.returncode:
        return {'error': (proc.stderr.strip().splitlines() or ['exit %d' % proc.returncode])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def spread(values):
    """(max - min) / min, the growth along a row."""
    return (max(values) - min(values)) / min(values) if values and min(values) else float('nan')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('names', nargs='*')
    parser.add_argument('--loops', default='1,3,9', help='comma-separated loop counts')
    parser.add_argument('--full', action='store_true', help="the programs' default sizes")
    parser.add_argument('--timeout', type=float, default=1800)
    parser.add_argument('--json', help='write the figures to this file')
    args = parser.parse_args(argv)
    sys.path.insert(0, REPO)
    from pipeline.oracle_compiler import find_python38
    python38 = find_python38()
    if python38 is None:
        print('CPython 3.8 is needed for the native baseline', file=sys.stderr)
        return 1
    loops = [int(n) for n in args.loops.split(',')]
    names = args.names or sorted(n[:-3] for n in os.listdir(PROGRAMS) if n.endswith('.py'))
    print('host %s; native CPython 3.8 (%s); peak RSS in MB by outer loops %s'
          % (sys.version.split()[0], python38, args.loops))
    header = ''.join('%8s' % ('x%d' % n) for n in loops)
    print('%-18s %-7s%s %7s %7s' % ('program', '', header, 'spread', 'vs nat'))
    figures = []
    worst_spread, worst_excess = 0.0, 0.0
    for name in names:
        path = os.path.join(PROGRAMS, name + '.py')
        size = '' if args.full else SIZES.get(name, '')
        record = {'name': name, 'size': size}
        for kind, python in (('native', python38), ('vm', sys.executable)):
            row = []
            for count in loops:
                result = run_child(python, path, kind, count, size, args.timeout)
                if 'error' in result:
                    print('  %s %s x%d: %s' % (name, kind, count, result['error'][:200]), file=sys.stderr)
                    row.append(None)
                    continue
                if kind == 'vm' and result['output'] != record.get('output'):
                    print('  %s x%d: output differs from native' % (name, count), file=sys.stderr)
                record.setdefault('output', result['output'])
                row.append(result['maxrss_kb'] / 1024)
            record[kind] = row
            valid = [value for value in row if value is not None]
            cells = ''.join('%8.1f' % value if value is not None else '%8s' % 'ERROR' for value in row)
            line = '%-18s %-7s%s %6.1f%%' % (name if kind == 'native' else '', kind, cells,
                                            100 * spread(valid))
            if kind == 'vm' and valid and all(record['native']):
                excess = max(valid) - max(record['native'])
                line += ' %+6.1f' % excess
                worst_excess = max(worst_excess, excess)
                worst_spread = max(worst_spread, spread(valid))
            print(line, flush=True)
        record.pop('output', None)
        figures.append(record)
    print('VM: largest spread across loop counts %.1f%%, largest excess over native %+.1f MB'
          % (100 * worst_spread, worst_excess))
    if args.json:
        with open(args.json, 'w') as stream:
            json.dump({'host': sys.version, 'loops': loops, 'figures': figures}, stream, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
