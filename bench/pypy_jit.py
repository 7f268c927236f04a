"""What PyPy's JIT does with our eval loop: per program and run, the loop's compilations and bridges.

    pypy3 bench/pypy_jit.py [--tier N] [--repeat R] [--log DIR] [--roots K] [NAME ...]

Runs each bench/programs/NAME.py in our VM R times (default 3) in one PyPy process, as
bench/vm.py's child does (compiled first, not timed; stdout captured), with PYPYLOG
recording the JIT's optimized loops and bridges and its summary. Prints, per run, the CPU
time, how many times the eval loop (`run_frame`) was compiled as a new loop, and how many
bridges were compiled; then the process's totals (traces, tracing and backend seconds,
bridges, and bridges freed).

Why it matters: the whole tier-0/1 VM is one host loop, so every path through one instruction
is a bridge of that loop, and every quasi-immutable fact any bridge relied on (a module dict's
version, a class's version tag) belongs to the loop as a whole. When a program changes one
(a new global in a module dict the loop has read from, a class attribute set), PyPy throws the
loop away with all its bridges and compiles them again: a `run_frame` count above 1 in a run
is that (bench/FINDINGS.md, "Session 13, s13pypy"). Each run's line also names the facts whose
change threw compiled code away (PyPy's jit-invalidate-quasi-immutable: the field, e.g.
`ModuleDictStrategy.version` for a module dict's new key, `Terminator.allow_unboxing` for a class
whose instances' int or float attribute was given another type, and how many loops and
bridges' loops it invalidated, whatever host function they trace) and the share of the run's
time spent tracing and compiling (`jit`; bench/FINDINGS.md, "Session 17, s17pyloop"). The
child runs with bench/vm.py's GC nursery. --log keeps each program's PYPYLOG.

--roots K names what makes a warm run's bridges (runs 2..R): a bridge whose guard lies in a
loop or bridge compiled in an earlier run is a *root* (the guard failed on something of this
run: a class, a map, a function, a module dict made again), the bridges compiled in the same
run out of the root's own guards, and out of theirs, its *descendants* (the paths it opened).
Prints the K guards whose roots had the most bridges in all: count of roots and of bridges,
the guard operation, and where it is: the host function, the line of its source (run_frame's
line of vm/eval_*_generated.py; a body's, trace's or step's line of its generated source,
`python -m pipeline.dis --tier2`, with the VM code it was compiled from; PyPy's own merge
point text otherwise), with the function it was inlined in (bench/FINDINGS.md, "Session 19,
s19ray").
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
from typing import List

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAMS = os.path.join(HERE, 'programs')
MARKER = 'bench-pypy-jit-run'

# The child: bench/vm.py's runs, each announced in the PYPYLOG by a marker section.
CHILD = r'''
import io, sys, time, types
import __pypy__
sys.path.insert(0, REPO)
from pipeline.pypy_nursery import tune_jit
tune_jit()   # (the JIT parameters pipeline.run and bench/vm.py's child run with)
import pipeline, pipeline.vm as vm
path, repeat = sys.argv[1], int(sys.argv[2])
code = pipeline.compile(open(path, encoding='utf-8').read(), path, 'exec')
times = []
for _ in range(repeat):
    __pypy__.debug_start('MARKER')
    __pypy__.debug_print('run')
    __pypy__.debug_stop('MARKER')
    main = types.ModuleType('__main__')
    main.__dict__['__builtins__'] = sys.modules['builtins']
    main.__file__ = path
    sys.modules['__main__'] = main
    sys.argv = [path]
    buffer, real = io.StringIO(), sys.stdout
    sys.stdout = buffer
    start = time.process_time()
    try:
        vm.run_code(code, main.__dict__)
    finally:
        times.append(time.process_time() - start)
        sys.stdout = real
print(' '.join('%.3f' % t for t in times))
'''
# --roots: the child also writes where each host code it compiled is (for bridges' merge points):
# run_frame's file and line starts, and each compiled trace's, body's and step's generated source
# with the line starts of its host function and the VM code it was compiled from
SOURCES = r'''
import dis, json
from pipeline.vm import tier2, tracing
loop = tracing.current_run_frame().__code__
made = []
for info in tier2.compiled:
    kind = info.source.split('(', 1)[0][len('def '):]
    host = info.namespace.get(kind)
    if host is not None:
        made.append([kind, '%s (%s:%d)' % (info.code.co_name, info.code.co_filename.rsplit('/', 1)[-1],
                                          info.code.co_firstlineno),
                     info.source, list(dis.findlinestarts(host.__code__))])
json.dump({'run_frame': [loop.co_filename, list(dis.findlinestarts(loop))], 'made': made},
          open(SOURCES_PATH, 'w'))
'''
CHILD = CHILD.replace('REPO', repr(REPO)).replace('MARKER', MARKER)

_SECTION = re.compile(r'^\[([0-9a-f]+)\] (\{)?([\w-]+)(\})?$')
# a quasi-immutable field's invalidation, as PyPy 7.3 prints it (two forms): the class, the field
_INVALIDATED = re.compile(r"^fieldname .*?(?:GcStruct [\w.]*?(\w+) \{.*'mutate_(\w+)'|FieldP [\w.]*?(\w+)\.mutate_(\w+) )"
                          r".* invalidated (\d+)$")
_LOOP = re.compile(r'^# Loop \d+ \((\w+);')
_BRIDGE = re.compile(r'^# bridge out of Guard')
_SUMMARY = re.compile(r'^(Tracing|Backend|Total # of bridges|Freed # of bridges|abort: trace too long|'
                      r'abort: vable escape|virtualizables forced):\s+(.*)$')


def read_log(text: str) -> dict:
    """Per run (the stretch after each marker): new run_frame loops and bridges, the loops each
    quasi-immutable field's change invalidated ({'Class.field': loops}), the share of its time
    spent in the JIT's tracing sections (tracing, optimizing, compiling); the summary."""
    runs = []
    summary = {}
    open_sections = []   # (name, start tick) of the sections open at this line
    end = 0
    for line in text.splitlines():
        section = _SECTION.match(line)
        if section:
            end = int(section.group(1), 16)
            if section.group(3) == MARKER:
                if section.group(2):
                    runs.append({'run_frame loops': 0, 'bridges': 0, 'invalidated': {}, 'start': end, 'jit': 0})
            elif section.group(2):
                open_sections.append((section.group(3), end))
            elif open_sections:
                name, start = open_sections.pop()
                if name == 'jit-tracing' and runs and not open_sections:
                    runs[-1]['jit'] += end - start
            continue
        invalidated = _INVALIDATED.match(line)
        if invalidated and runs and int(invalidated.group(5)):
            owner, field = invalidated.group(1, 2) if invalidated.group(1) else invalidated.group(3, 4)
            key = '%s.%s' % (owner, field)
            runs[-1]['invalidated'][key] = runs[-1]['invalidated'].get(key, 0) + int(invalidated.group(5))
            continue
        loop = _LOOP.match(line)
        if loop and runs and loop.group(1) == 'run_frame':
            runs[-1]['run_frame loops'] += 1
        elif _BRIDGE.match(line) and runs:
            runs[-1]['bridges'] += 1
        summary_line = _SUMMARY.match(line)
        if summary_line:
            summary[summary_line.group(1)] = summary_line.group(2).split()
    for run, after in zip(runs, runs[1:] + [{'start': end}]):
        run['jit'] = run['jit'] / max(after['start'] - run['start'], 1)
    return {'runs': runs, 'summary': summary}


_MERGE_POINT = re.compile(r"debug_merge_point\((\d+), \d+, '(.*)'\)")
_GUARD = re.compile(r'descr=<Guard(0x[0-9a-f]+)>')
_ANY_LOOP = re.compile(r'^# Loop \d+ \((.*)\) :')


def read_roots(text: str) -> list:
    """Per run, its root bridges (see --roots): [{'root': (merge points, guard op), 'bridges': n}],
    the merge points those of the guard's place (outermost first: 'function;file:first-line~#offset
    OPNAME', as PyPy writes them), n the root and its descendants. A loop compiled in the run (a
    loop thrown away, compiled again) is the root of the bridges out of it: ((its name,), 'new loop')."""
    guards = {}      # guard -> (merge points, op, the loop or bridge it is in)
    made_in = {}     # loop or bridge -> its run
    parent = {}      # bridge -> the guard it leaves
    order = []       # the bridges, as compiled
    loops = {}       # loop -> its name
    run, points, owner, count = 0, [], None, 0
    inside = False
    for line in text.splitlines():
        section = _SECTION.match(line)
        if section:
            name = section.group(3)
            if name == MARKER and section.group(2):
                run += 1
            elif name in ('jit-log-opt-loop', 'jit-log-opt-bridge'):
                inside = bool(section.group(2))
                if inside:
                    count += 1
                    points, owner = [], count
                    made_in[owner] = run
            continue
        if not inside:
            continue
        if _BRIDGE.match(line):
            parent[owner] = line.split()[5]
            order.append(owner)
            continue
        loop = _ANY_LOOP.match(line)
        if loop:
            loops[owner] = loop.group(1)
            continue
        point = _MERGE_POINT.search(line)
        if point:
            points = points[:int(point.group(1))] + [point.group(2)]
            continue
        guard = _GUARD.search(line)
        if guard:
            op = re.sub(r'^\+\d+: |(, )?descr=<Guard0x[0-9a-f]+>| \[.*\]$', '', line.strip())   # (its failargs)
            guards[guard.group(1)] = (tuple(points), re.sub(r'\b[ifp]\d+\b', 'v', op), owner)
    runs = [[] for _ in range(run + 1)]
    root_of = {}
    for bridge in order:
        guard = guards.get(parent[bridge])
        if guard is None:
            continue
        up = guard[2]
        if up in loops and made_in[up] == made_in[bridge] and up not in root_of:
            root_of[up] = {'root': ((loops[up],), 'new loop'), 'bridges': 0}
            runs[made_in[up]].append(root_of[up])
        if up in root_of and made_in[up] == made_in[bridge]:
            root = root_of[bridge] = root_of[up]
            root['bridges'] += 1
        else:
            root = root_of[bridge] = {'root': guard[:2], 'bridges': 1}
            runs[made_in[bridge]].append(root)
    return runs[1:]


def describe_run(run: dict) -> str:
    """One run's loops/bridges, JIT share and invalidations: `1/179 jit 35% [Terminator.allow_unboxing x12]`."""
    invalidated = ' '.join('%s x%d' % item for item in sorted(run['invalidated'].items()))
    return '%d/%d jit %.0f%%%s' % (run['run_frame loops'], run['bridges'], 100 * run['jit'],
                                   ' [%s]' % invalidated if invalidated else '')


_PLACE = re.compile(r'^(\w+);(.*):(\d+)-(\d+)~#(\d+) (\w+)$')


def where(point: str, sources: dict) -> str:
    """A merge point's place as a line of source: run_frame's line (its offset read back to a
    line of the child's loop), or a body's, trace's or step's line of its generated source (the
    line PyPy names, in the compiled code whose host function has it at that offset: the VM code
    or codes it may be), or the merge point as PyPy wrote it."""
    place = _PLACE.match(point)
    if place is None:
        return point
    function, filename, line, offset = place.group(1), place.group(2), int(place.group(4)), int(place.group(5))
    loop_file, starts = sources['run_frame']
    if function == 'run_frame' and filename == loop_file:
        line = starts[bisect.bisect_right([start for start, _ in starts], offset) - 1][1]
        with open(filename, encoding='utf-8') as stream:
            text = stream.read().splitlines()[line - 1].strip()
        return 'run_frame line %d: %s' % (line, text)
    found = []
    for kind, code, source, starts in sources['made']:
        if kind == function and starts and starts[bisect.bisect_right([start for start, _ in starts], offset) - 1][1] == line:
            found.append((code, source.splitlines()[line - 1].strip()))
    if not found:
        return point
    codes = sorted(set(code for code, _ in found))
    return '%s %s line %d: %s' % (function, ' or '.join(codes[:3]) + (' ...' if len(codes) > 3 else ''), line,
                                   found[0][1])


def describe_roots(runs: list, sources: dict, top: int) -> List[str]:
    """The `top` guards whose roots in runs 2.. had the most bridges (read_roots), one line each
    and its place (where), outermost function first."""
    bridges, roots = collections.Counter(), collections.Counter()
    for run in runs[1:]:
        for root in run:
            bridges[root['root']] += root['bridges']
            roots[root['root']] += 1
    lines = ['    warm runs: %d roots, %d bridges' % (sum(roots.values()), sum(bridges.values()))]
    for (points, op), count in bridges.most_common(top):
        lines.append('    %4d bridges %3d roots  %s' % (count, roots[points, op], op[:70]))
        lines.extend('        ' + where(point, sources)[:150] for point in points)
    return lines


def profile(name: str, tier: str, repeat: int, log_dir: str, top: int = 0) -> str:
    """One program's lines: run times and the JIT summary's totals; then per run the new
    run_frame loops / bridges, the JIT's share and the invalidations (describe_run)."""
    log = os.path.join(log_dir, name + '.pypylog')
    sys.path.insert(0, REPO)
    from pipeline.pypy_nursery import NURSERY_SIZE
    env = dict(os.environ, PYTHONHASHSEED='0', PIPELINE_TIER=tier,
               PYPYLOG='jit-log-opt,jit-summary,jit-tracing,jit-invalidate-quasi-immutable,%s:%s' % (MARKER, log))
    env.setdefault('PYPY_GC_NURSERY', NURSERY_SIZE.decode())   # (as bench/vm.py's child)
    sources_path = os.path.join(log_dir, name + '.sources.json')
    child = CHILD + SOURCES.replace('SOURCES_PATH', repr(sources_path)) if top else CHILD
    proc = subprocess.run([sys.executable, '-c', child, os.path.join(PROGRAMS, name + '.py'), str(repeat)],
                          capture_output=True, text=True, env=env)
    if proc.returncode:
        return '%-18s ERROR %s' % (name, (proc.stderr.strip().splitlines() or ['?'])[-1][:100])
    with open(log, encoding='utf-8', errors='replace') as stream:
        text = stream.read()
    found = read_log(text)
    summary = found['summary']
    times = proc.stdout.split()
    lines = [('%-18s times %-20s traces %s tracing %ss backend %ss bridges %s freed %s aborts too long %s '
              'vable escape %s forced %s') % (
        name, ' '.join(times), summary.get('Tracing', ['?'])[0], summary.get('Tracing', ['?', '?'])[1],
        summary.get('Backend', ['?', '?'])[1], summary.get('Total # of bridges', ['?'])[0],
        summary.get('Freed # of bridges', ['?'])[0], summary.get('abort: trace too long', ['?'])[0],
        summary.get('abort: vable escape', ['?'])[0], summary.get('virtualizables forced', ['?'])[0])]
    for number, run in enumerate(found['runs']):
        lines.append('    run %d %6ss  run_frame loops/bridges %s' % (
            number + 1, times[number] if number < len(times) else '?', describe_run(run)))
    if top:
        with open(sources_path, encoding='utf-8') as stream:
            lines.extend(describe_roots(read_roots(text), json.load(stream), top))
    return '\n'.join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('names', nargs='*')
    parser.add_argument('--tier', default='1', help='PIPELINE_TIER of the runs (default 1, PyPy\'s default)')
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--log', help='keep each program\'s PYPYLOG in this directory')
    parser.add_argument('--roots', type=int, default=0, metavar='K',
                        help='name the K guards whose failures in warm runs made the most bridges')
    args = parser.parse_args(argv)
    if sys.implementation.name != 'pypy':
        print('run this under PyPy (its JIT log is what it reads)', file=sys.stderr)
        return 1
    names = args.names or sorted(n[:-3] for n in os.listdir(PROGRAMS) if n.endswith('.py'))
    with tempfile.TemporaryDirectory() as scratch:
        log_dir = args.log or scratch
        os.makedirs(log_dir, exist_ok=True)
        for name in names:
            print(profile(name, args.tier, args.repeat, log_dir, args.roots), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
