"""Host code calling VM functions (Function.__call__): an old revision and the working tree, interleaved.

    python bench/host_calls.py [--rev REV] [--rounds N] [--calls N]

map() over a VM function, sorted() with a VM key function and a VM property read by a host
generator's sum(): each call enters the VM from host code. For each round the old tree
(REV, default HEAD, exported with `git archive`) and the working tree run the program in a
fresh `pipeline.run` process, alternately; each prints the best of 5 runs in CPU time. Prints
both trees' best over the rounds, the time per call and the new/old ratio.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from baseline import REPO, checkout  # noqa: E402  (bench/baseline.py)

PROGRAM = '''
import sys, time
def square(x):
    return x * x
def key(x):
    return -x
class P:
    def __init__(self, v):
        self.v = v
    @property
    def double(self):
        return self.v * 2
calls = int(sys.argv[1])
data = list(range(calls))
points = [P(1)] * calls
best = None
for _ in range(5):
    started = time.process_time()
    list(map(square, data))
    sorted(data, key=key)
    sum(p.double for p in points)
    spent = time.process_time() - started
    best = spent if best is None or spent < best else best
print(best)
'''


def run(tree: str, path: str, calls: int) -> float:
    env = dict(os.environ, PYTHONPATH=tree, PYTHONHASHSEED='0')
    proc = subprocess.run([sys.executable, '-m', 'pipeline.run', '--no-cache', path, str(calls)],
                          capture_output=True, text=True, env=env, timeout=600, check=True)
    return float(proc.stdout.split()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rev', default='HEAD')
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--calls', type=int, default=100000, help='calls per kind per run')
    args = parser.parse_args(argv)
    directory = tempfile.mkdtemp(prefix='pipeline-host-calls-')
    try:
        old_tree = checkout(args.rev, directory)
        path = os.path.join(directory, 'host_calls_program.py')
        with open(path, 'w') as stream:
            stream.write(PROGRAM)
        best = {'old': None, 'new': None}
        for round_number in range(args.rounds):
            order = [('old', old_tree), ('new', REPO)]
            if round_number % 2:
                order.reverse()
            for label, tree in order:
                seconds = run(tree, path, args.calls)
                print('round %d %s %.3fs' % (round_number + 1, label, seconds))
                if best[label] is None or seconds < best[label]:
                    best[label] = seconds
        per_call = 1e9 / (3 * args.calls)
        print('old (%s) %.3fs (%.0f ns a call), new (working tree) %.3fs (%.0f ns a call): new/old %.3f'
              % (args.rev, best['old'], best['old'] * per_call, best['new'], best['new'] * per_call,
                 best['new'] / best['old']))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
