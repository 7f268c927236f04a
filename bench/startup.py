"""Start-up time and footprint: `pipeline.run -c pass` beside the bare host and CPython 3.8.

    python bench/startup.py [--repeat N] [--host-python PY] [--compare DIR] [--modules] [--json FILE]

Each row is a command started REPEAT times, the rows interleaved (one run of each per round,
so a busy machine slows them alike); printed are the median wall time, the median CPU time
(user + system: less disturbed than wall time on a shared machine) and the median peak RSS
of the process, as GNU time's %M reports it (/usr/bin/time: a small process forking the
command, so that no page of this one counts in its ru_maxrss, as it would in a child of ours). Every command runs from an empty temporary directory with
PYTHONPATH set to this checkout, as a user's `python -m pipeline.run` would:

    host -c pass                 the host interpreter alone, with its site-packages' .pth files
    host -S -c pass              the same without site (no .pth files: the floor)
    run -c pass (no cache)       PYTHONDONTWRITEBYTECODE=1 and no __pycache__: every module of
                                 ours compiled by the host at each start (this environment's case)
    run -S -c pass (no cache)    the same without site
    run -c pass (pyc cache)      the host's .pyc files of our modules cached (PYTHONPYCACHEPREFIX
                                 in a temporary directory, written by a first run)
    python3.8 -c pass            CPython 3.8 (the oracle), when found

--compare DIR adds the two `run -c pass` rows for another checkout (say `git worktree add DIR
main`), run in the same rounds: before and after a change, side by side. --modules lists the
modules of ours that `-c pass` imports (what start-up pays for).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def oracle_python():
    """CPython 3.8's path (as tests/oracle.py finds it), or None."""
    sys.path.insert(0, REPO)
    try:
        from tests.oracle import oracle_python as find
        return find()
    except Exception:
        return None
    finally:
        sys.path.remove(REPO)


GNU_TIME = '/usr/bin/time'


def run_once(argv, env, cwd):
    """(wall seconds, CPU seconds, peak RSS in KB, exit status) of one run of argv, its output
    discarded."""
    report = os.path.join(cwd, '..', 'time.out')
    wrapped = [GNU_TIME, '-f', '%M %x %U %S', '-o', report] + argv
    start = time.perf_counter()
    result = subprocess.run(wrapped, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    with open(report) as stream:
        peak, status, user, system = stream.read().split()[-4:]
    cpu = float(user) + float(system)
    if result.returncode != 0:
        return elapsed, cpu, int(peak), result.returncode
    return elapsed, cpu, int(peak), int(status)


def commands(host, oracle, cache_dir, compare=None):
    """(label, argv, extra environment) of each row."""
    base = {'PYTHONDONTWRITEBYTECODE': '1', 'PYTHONPATH': REPO}
    cached = {'PYTHONPYCACHEPREFIX': cache_dir, 'PYTHONPATH': REPO}
    rows = [
        ('host -c pass', [host, '-c', 'pass'], base),
        ('host -S -c pass', [host, '-S', '-c', 'pass'], base),
        ('run -c pass (no cache)', [host, '-m', 'pipeline.run', '-c', 'pass'], base),
        ('run -S -c pass (no cache)', [host, '-S', '-m', 'pipeline.run', '-c', 'pass'], base),
        ('run -c pass (pyc cache)', [host, '-m', 'pipeline.run', '-c', 'pass'], cached),
    ]
    if compare:
        rows.append(('compared: run (no cache)', [host, '-m', 'pipeline.run', '-c', 'pass'],
                     dict(base, PYTHONPATH=compare)))
        rows.append(('compared: run (pyc cache)', [host, '-m', 'pipeline.run', '-c', 'pass'],
                     dict(cached, PYTHONPATH=compare, PYTHONPYCACHEPREFIX=cache_dir + '-compared')))
    if oracle:
        rows.append(('python3.8 -c pass', [oracle, '-c', 'pass'], base))
    return rows


def environment(extra):
    env = {key: value for key, value in os.environ.items()
           if key not in ('PYTHONDONTWRITEBYTECODE', 'PYTHONPYCACHEPREFIX', 'PIPELINE_TIER')}
    env['PYTHONPATH'] = REPO
    env.update(extra)
    return env


def pipeline_modules(host, cwd):
    """The modules of ours that `pipeline.run -c pass` has imported by the time it exits."""
    probe = ('import atexit, sys\n'
             'atexit.register(lambda: sys.__stderr__.write("\\n".join(sorted('
             'name for name in sys.modules if name.startswith("pipeline"))) + "\\n"))\n'
             'sys.argv = ["pipeline.run", "-c", "pass"]\n'
             'import runpy\nrunpy.run_module("pipeline.run", run_name="__main__", alter_sys=True)\n')
    result = subprocess.run([host, '-c', probe], cwd=cwd, env=environment({'PYTHONDONTWRITEBYTECODE': '1'}),
                            capture_output=True, text=True)
    return [line for line in result.stderr.splitlines() if line.startswith('pipeline')]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--host-python', default=sys.executable,
                        help='the interpreter hosting pipeline.run (default: this one)')
    parser.add_argument('--compare', metavar='DIR', help='another checkout to measure in the same rounds')
    parser.add_argument('--modules', action='store_true', help='list the modules -c pass imports')
    parser.add_argument('--json', help='also write the figures to this file')
    args = parser.parse_args()
    host = os.path.realpath(shutil.which(args.host_python) or args.host_python)
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit('needs GNU time at %s (apt-get install time)' % GNU_TIME)
    oracle = oracle_python()
    work = tempfile.mkdtemp(prefix='pipeline-startup-')
    cache_dir = os.path.join(work, 'pycache')
    cwd = os.path.join(work, 'cwd')
    os.mkdir(cwd)
    try:
        rows = commands(host, oracle, cache_dir, args.compare and os.path.abspath(args.compare))
        for label, argv, extra in rows:   # a first run of each: fills the pyc cache, checks it works
            _, _, _, status = run_once(argv, environment(extra), cwd)
            if status != 0:
                sys.exit('%s: exit status %d' % (label, status))
        times = {label: [] for label, _, _ in rows}
        cpus = {label: [] for label, _, _ in rows}
        peaks = {label: [] for label, _, _ in rows}
        for _ in range(args.repeat):
            for label, argv, extra in rows:
                elapsed, cpu, peak, _ = run_once(argv, environment(extra), cwd)
                times[label].append(elapsed)
                cpus[label].append(cpu)
                peaks[label].append(peak)
        print('host: %s (%s)' % (host, sys.version.split()[0] if host == os.path.realpath(sys.executable)
                                 else 'see --host-python'))
        print('median of %d runs, interleaved\n' % args.repeat)
        print('%-28s %10s %10s %14s' % ('command', 'time (s)', 'CPU (s)', 'peak RSS (MB)'))
        figures = {}
        for label, _, _ in rows:
            seconds = statistics.median(times[label])
            cpu = statistics.median(cpus[label])
            megabytes = statistics.median(peaks[label]) / 1024
            figures[label] = {'seconds': seconds, 'cpu_seconds': cpu, 'peak_rss_mb': megabytes,
                              'all_seconds': times[label], 'all_cpu_seconds': cpus[label],
                              'all_peak_kb': peaks[label]}
            print('%-28s %10.3f %10.2f %14.1f' % (label, seconds, cpu, megabytes))
        ours, floor = figures['run -c pass (no cache)'], figures['host -c pass']
        print('\nrun -c pass (no cache) over host -c pass: +%.3f s, +%.1f MB'
              % (ours['seconds'] - floor['seconds'], ours['peak_rss_mb'] - floor['peak_rss_mb']))
        if args.modules:
            names = pipeline_modules(host, cwd)
            print('\n%d modules of ours imported by -c pass:\n  %s' % (len(names), '\n  '.join(names)))
        if args.json:
            with open(args.json, 'w') as stream:
                json.dump({'host': host, 'repeat': args.repeat, 'figures': figures}, stream, indent=1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
