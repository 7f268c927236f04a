"""Where PyPy's compiled eval loop spends its operations: the hottest run_frame traces of a program.

    pypy3 bench/pypy_trace.py [--tier N] [--repeat R] [--top K] [--log FILE] PROGRAM

Runs PROGRAM (a path, or a name of bench/programs) in our VM R times in one PyPy process, as
bench/pypy_jit.py does, with PYPYLOG recording the optimized traces (jit-log-opt) and how many
times each was entered (jit-backend-counts). Prints the K run_frame traces (loop bodies after
their label, and bridges) with the most operations times entries: entries, operations by kind,
the residual calls and allocations in them, and the lines of the generated loop they pass
(their merge points' bytecode offsets in run_frame, read back to lines in the child). An entry
count counts the guard failures that led in, so a trace left early by a guard counts in full:
read the figures as where to look, not as a profile. (bench/FINDINGS.md, Session 17, s17pycall.)
"""
import argparse
import bisect
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pypy_jit import CHILD, PROGRAMS   # noqa: E402  (the runs, as pypy_jit's child makes them)

# the child also writes the line starts of the loop it runs (offset -> line of run_frame's code)
LINES = r'''
import dis, json
from pipeline.vm import tracing
loop = tracing.current_run_frame().__code__
json.dump([loop.co_filename, list(dis.findlinestarts(loop))], open(LINES_PATH, 'w'))
'''
_MERGE = re.compile(r"debug_merge_point\(\d+, \d+, '(\w+);[^~]*~#(\d+) ")
_OP = re.compile(r'^\+\d+: (?:[ip]\d+ = )?([a-z_]+)\((.*)$')


def traces(log: str) -> list:
    """Each loop body (after a label) and bridge: key, merge points, op counts, calls."""
    found, counts, current, in_counts = [], {}, None, False
    for line in log.splitlines():
        if '{jit-backend-counts' in line:
            in_counts = True
        elif 'jit-backend-counts}' in line:
            in_counts = False
        elif in_counts:
            key, _, value = line.rpartition(':')
            counts[key.strip()] = int(value)
        elif line.startswith('# Loop'):
            current = None   # (its preamble: counted from its label on)
        elif line.startswith('# bridge out of Guard'):
            current = {'key': 'bridge %d' % int(line.split()[5], 16), 'points': [], 'ops': collections.Counter(),
                       'calls': []}
            found.append(current)
        elif 'debug_merge_point' in line and current is not None:
            point = _MERGE.search(line)
            if point:
                current['points'].append((point.group(1), int(point.group(2))))
        else:
            op = _OP.match(line)
            if op is None:
                continue
            if op.group(1) == 'label':
                current = {'key': re.search(r'descr=(TargetToken\(\d+\))', line).group(1), 'points': [],
                           'ops': collections.Counter(), 'calls': []}
                found.append(current)
            elif current is not None:
                current['ops'][op.group(1)] += 1
                if op.group(1).startswith(('call', 'new', 'cond_call')):
                    current['calls'].append(op.group(1) + '(' + op.group(2)[:90])
    for trace in found:
        trace['entries'] = counts.get(trace['key'], 0)
    return [t for t in found if any(name == 'run_frame' for name, _ in t['points'])]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('program')
    parser.add_argument('--tier', default='1')
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--top', type=int, default=12)
    parser.add_argument('--log', help='keep the PYPYLOG in this file')
    args = parser.parse_args(argv)
    if sys.implementation.name != 'pypy':
        print('run this under PyPy (its JIT log is what it reads)', file=sys.stderr)
        return 1
    path = args.program if os.path.exists(args.program) else os.path.join(PROGRAMS, args.program + '.py')
    with tempfile.TemporaryDirectory() as scratch:
        log_path = args.log or os.path.join(scratch, 'pypylog')
        lines_path = os.path.join(scratch, 'lines.json')
        env = dict(os.environ, PYTHONHASHSEED='0', PIPELINE_TIER=args.tier,
                   PYPYLOG='jit-log-opt,jit-backend-counts:%s' % log_path)
        child = CHILD + LINES.replace('LINES_PATH', repr(lines_path))
        proc = subprocess.run([sys.executable, '-c', child, path, str(args.repeat)], capture_output=True,
                              text=True, env=env)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return 1
        with open(lines_path) as stream:
            filename, starts = json.load(stream)
        with open(log_path, encoding='utf-8', errors='replace') as stream:
            found = traces(stream.read())
    with open(filename, encoding='utf-8') as stream:
        source = stream.read().splitlines()
    offsets = [offset for offset, _ in starts]
    print('times', proc.stdout.strip())
    found.sort(key=lambda t: -t['entries'] * sum(t['ops'].values()))
    for trace in found[:args.top]:
        lines = []
        for name, offset in trace['points']:
            line = starts[bisect.bisect_right(offsets, offset) - 1][1] if name == 'run_frame' else name
            if line not in lines:
                lines.append(line)
        print('%s: entered %d, %d operations' % (trace['key'], trace['entries'], sum(trace['ops'].values())))
        print('    ' + ', '.join('%s %d' % item for item in trace['ops'].most_common(12)))
        for call in trace['calls']:
            print('    ' + call)
        print('    ' + ' | '.join(source[line - 1].strip()[:50] if type(line) is int else '[%s]' % line
                                  for line in lines))
    return 0


if __name__ == '__main__':
    sys.exit(main())
