"""Corrupt .pyc files (byte flips, truncations) run by us and by CPython 3.8: same accept/reject.

    python -m tests.pyc_fuzz [--count N] [--seed S] [-j N] [--oracle]

The mutants come from one committed .pyc (tests/golden/pyc_fuzz/base.pyc, a mid-size
module written by 3.8's py_compile) and a fixed seed. Each runs in a child with a 2 GB
address-space limit and a 20 s timeout. Ours runs through a fork server (one process
that imported pipeline.run forks per mutant), so hundreds of runs stay cheap; 3.8's
outcomes come from tests/golden/pyc_fuzz/oracle.json (tests/regen/pyc_fuzz.py), or live
with --oracle.
"""
import argparse
import io
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden', 'pyc_fuzz')
BASE_PYC = os.path.join(GOLDEN, 'base.pyc')
ORACLE_OUTCOMES = os.path.join(GOLDEN, 'oracle.json')
SEED = 3813
MEMORY_LIMIT = 2 << 30
TIMEOUT = 20.0
HEADER = 16

# what run_pyc_file prints when it refuses a .pyc (Python/pythonrun.c)
REJECT_LINES = ('RuntimeError: Bad code object in .pyc file', 'RuntimeError: Bad magic number in .pyc file')
# our one-line refusal of bytecode that cannot run
FAULT_PREFIX = 'pipeline.run: cannot run corrupt bytecode'


def mutants(base: bytes, count: int, seed: int = SEED) -> List[bytes]:
    """`count` corrupt copies of `base`: 3 in 4 have 1-3 bytes changed, the rest are truncated."""
    rng = random.Random(seed)
    result = []
    for _ in range(count):
        if rng.randrange(4) == 3:
            result.append(base[:rng.randrange(len(base))])
            continue
        data = bytearray(base)
        for _ in range(1 + rng.randrange(3)):
            position = rng.randrange(HEADER, len(data))
            if rng.randrange(2):
                data[position] ^= 1 << rng.randrange(8)
            else:
                data[position] = rng.randrange(256)
        result.append(bytes(data))
    return result


def classify(status: Optional[int], stderr: str) -> str:
    """One word for a run: signal, timeout, reject (at load), fault (bytecode refused while running:
    ours, or a SystemError from 3.8's ceval), ok, or error (a program-level traceback)."""
    if status is None:
        return 'timeout'
    if status < 0:
        return 'signal'
    lines = stderr.rstrip('\n').splitlines()
    last = lines[-1] if lines else ''
    if last in REJECT_LINES:
        return 'reject'
    if last.startswith((FAULT_PREFIX, 'SystemError: ')):   # (3.8's ceval faults are SystemErrors)
        return 'fault'
    return 'ok' if status == 0 else 'error'


def agrees(ours: dict, oracle: dict) -> bool:
    """Same accept/reject of the .pyc: where 3.8 refused it at load, so did we; where 3.8
    crashed, we refused it (at load or as corrupt bytecode); where 3.8 loaded it, so did we
    (what its undefined behaviour then does with out-of-range operands is not compared)."""
    if oracle['kind'] == 'reject':
        return ours['kind'] == 'reject' and ours['last'] == oracle['last']
    if oracle['kind'] == 'signal':
        return ours['kind'] in ('reject', 'fault')
    return ours['kind'] != 'reject'


def runs_alike(ours: dict, oracle: dict) -> bool:
    """Stricter: where 3.8 ran the program to its end or to a program-level exception, so did we."""
    return oracle['kind'] not in ('ok', 'error') or ours['kind'] in ('ok', 'error')


def internal_leak(ours: dict, oracle: dict) -> bool:
    """A host traceback, a signal, a hang where 3.8 does not hang, or our internals' frames."""
    stderr = ours['stderr']
    if ours['kind'] == 'timeout':
        return oracle['kind'] != 'timeout'
    return (ours['kind'] == 'signal' or ours['status'] == 70 or 'Traceback (most recent call last)' in stderr
            and ('/pipeline/' in stderr or '/vm/' in stderr or '/compiler/' in stderr
                 or 'File "<frozen' in stderr))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_oracle(python: str, path: str) -> dict:
    """3.8 running the .pyc at `path`."""
    try:
        done = subprocess.run([python, path], capture_output=True, timeout=TIMEOUT,
                              preexec_fn=_limit_memory, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {'kind': 'timeout', 'status': None, 'last': ''}
    stderr = done.stderr.decode('utf-8', 'replace')
    lines = stderr.rstrip('\n').splitlines()
    return {'kind': classify(done.returncode, stderr), 'status': done.returncode,
            'last': lines[-1] if lines else ''}


# -- our side: a fork server ----------------------------------------------------------------

def _child(run, path: str, out_path: str, err_path: str) -> None:
    """One forked run of `python -m pipeline.run PATH`; never returns.

    Only locals here: finalize_program clears the namespace of whatever __main__ is,
    which, when the .pyc is refused before a __main__ is made, is this module."""
    import os as os_
    import sys as sys_
    exit_now = os_._exit
    try:
        _limit_memory()
        for fd, target in ((1, out_path), (2, err_path)):
            handle = os_.open(target, os_.O_WRONLY | os_.O_CREAT | os_.O_TRUNC)
            os_.dup2(handle, fd)
            os_.close(handle)
        sys_.stdout = io.TextIOWrapper(open(1, 'wb', closefd=False), line_buffering=True)
        sys_.stderr = io.TextIOWrapper(open(2, 'wb', closefd=False), line_buffering=True)
        sys_.argv = [path]
        status = run.main([path])
        run.finalize_program()
        run.exit_process(status)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback
        traceback.print_exc()
        code = 70
    else:
        code = 0
    for stream in (sys_.stdout, sys_.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    exit_now(code)


def _serve() -> None:
    """Fork server loop: reads 'PATH OUT ERR' lines, prints 'STATUS' (or 'timeout') per line."""
    import pipeline.run as run   # imported once; each child starts from this state
    import pipeline.vm.importer  # noqa: F401  (what every run imports)
    for request in sys.stdin:
        path, out_path, err_path = request.split('\0')
        err_path = err_path.rstrip('\n')
        pid = os.fork()
        if pid == 0:
            _child(run, path, out_path, err_path)
        deadline = time.monotonic() + TIMEOUT
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                status = None
                break
            time.sleep(0.005)
        if status is None:
            answer = 'timeout'
        elif os.WIFSIGNALED(status):
            answer = str(-os.WTERMSIG(status))
        else:
            answer = str(os.WEXITSTATUS(status))
        sys.__stdout__.write(answer + '\n')
        sys.__stdout__.flush()


class Server:
    """A fork-server process running our pipeline.run on one .pyc per request."""

    def __init__(self) -> None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get('PYTHONPATH', ''))
        self.process = subprocess.Popen([sys.executable, '-m', 'tests.pyc_fuzz', '--serve'],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        cwd=root, env=env)

    def run(self, path: str, work: str) -> dict:
        out_path, err_path = path + '.out', path + '.err'
        self.process.stdin.write('%s\0%s\0%s\n' % (path, out_path, err_path))
        self.process.stdin.flush()
        answer = self.process.stdout.readline().strip()
        with open(err_path, encoding='utf-8', errors='replace') as stream:
            stderr = stream.read()
        status = None if answer == 'timeout' else int(answer)
        lines = stderr.rstrip('\n').splitlines()
        return {'kind': classify(status, stderr), 'status': status,
                'last': lines[-1] if lines else '', 'stderr': stderr}

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()
        self.process.stdout.close()


def write_mutants(work: str, count: int, seed: int) -> List[str]:
    with open(BASE_PYC, 'rb') as stream:
        base = stream.read()
    paths = []
    for index, data in enumerate(mutants(base, count, seed)):
        path = os.path.join(work, 'm%04d.pyc' % index)
        with open(path, 'wb') as stream:
            stream.write(data)
        paths.append(path)
    return paths


def run_ours(paths: List[str], work: str, jobs: int) -> List[dict]:
    servers = [Server() for _ in range(jobs)]
    try:
        chunks = [paths[k::jobs] for k in range(jobs)]
        with ThreadPoolExecutor(jobs) as pool:
            parts = list(pool.map(lambda k: [servers[k].run(p, work) for p in chunks[k]], range(jobs)))
    finally:
        for server in servers:
            server.close()
    results: List[dict] = [{}] * len(paths)
    for k, part in enumerate(parts):
        for offset, result in enumerate(part):
            results[k + offset * jobs] = result
    return results


def compare(ours: List[dict], oracle: List[dict]) -> Dict[str, Any]:
    """Figures: agreement rate, internal leaks, and the cases behind them."""
    cases = range(len(ours))
    kinds: Dict[str, int] = {}
    for k in cases:
        key = '%s/%s' % (oracle[k]['kind'], ours[k]['kind'])
        kinds[key] = kinds.get(key, 0) + 1
    return {'count': len(ours), 'disagreements': [k for k in cases if not agrees(ours[k], oracle[k])],
            'leaks': [k for k in cases if internal_leak(ours[k], oracle[k])],
            'ran': sum(oracle[k]['kind'] in ('ok', 'error') for k in cases),
            'ran_alike': sum(oracle[k]['kind'] in ('ok', 'error') and runs_alike(ours[k], oracle[k])
                             for k in cases),
            'hangs': [k for k in cases if ours[k]['kind'] == 'timeout'], 'kinds': kinds,
            'both_raised': [k for k in cases if oracle[k]['kind'] == ours[k]['kind'] == 'error'],
            'same_exception': sum(oracle[k]['kind'] == ours[k]['kind'] == 'error'
                                  and oracle[k]['last'] == ours[k]['last'] for k in cases)}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m tests.pyc_fuzz', description=__doc__.splitlines()[0])
    parser.add_argument('--count', type=int, default=300)
    parser.add_argument('--seed', type=int, default=SEED)
    parser.add_argument('-j', '--jobs', type=int, default=2)
    parser.add_argument('--oracle', action='store_true', help='run CPython 3.8 live, not the golden outcomes')
    parser.add_argument('--serve', action='store_true', help=argparse.SUPPRESS)
    parser.add_argument('--show', type=int, default=10, help='disagreements and leaks to print')
    args = parser.parse_args(argv)
    if args.serve:
        _serve()
        return 0
    with tempfile.TemporaryDirectory() as work:
        paths = write_mutants(work, args.count, args.seed)
        if args.oracle or args.count > 300 or args.seed != SEED:
            from tests.oracle import oracle_python
            python = oracle_python()
            if python is None:
                print('needs CPython 3.8 for --count > 300 or another seed', file=sys.stderr)
                return 2
            with ThreadPoolExecutor(args.jobs) as pool:
                oracle = list(pool.map(lambda p: run_oracle(python, p), paths))
        else:
            with open(ORACLE_OUTCOMES) as stream:
                oracle = json.load(stream)[:args.count]
        start = time.monotonic()
        ours = run_ours(paths, work, args.jobs)
        elapsed = time.monotonic() - start
    figures = compare(ours, oracle)
    count = figures['count']
    agree = count - len(figures['disagreements'])
    print('%d mutants (seed %d): same accept/reject as 3.8 on %d (%.1f%%); %d internal leaks; '
          '%d hang as 3.8 does; %.1f s' % (count, args.seed, agree, 100.0 * agree / count,
                                          len(figures['leaks']), len(figures['hangs']), elapsed))
    print('of the %d 3.8 ran to the end or to a program exception, we ran %d; where both raised '
          '(%d), the same last line %d times' % (figures['ran'], figures['ran_alike'],
                                                len(figures['both_raised']), figures['same_exception']))
    print('3.8/ours outcomes:', ', '.join('%s %d' % item for item in sorted(figures['kinds'].items())))
    for k in (figures['leaks'] + figures['disagreements'])[:args.show]:
        print('  m%04d: 3.8 %s %r; ours %s %r' % (k, oracle[k]['kind'], oracle[k]['last'],
                                                   ours[k]['kind'], ours[k]['last']))
    return 0 if agree >= 0.95 * count and not figures['leaks'] else 1


if __name__ == '__main__':
    sys.exit(main())
