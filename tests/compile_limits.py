"""Compile-time limits of CPython 3.8, as the interpreter meets them running a script:
generated sources at and past each limit, with what `python3.8 FILE` prints last and its
exit status (tests/golden/compile_limits/cases.json, from tests/regen/compile_limits.py).

    python -m tests.compile_limits [NAME ...]   # ours against the live oracle
"""
import json
import os
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, 'tests', 'golden', 'compile_limits', 'cases.json')

# name -> (head, repeated piece, count, tail): the source is head + piece * count + tail.
CASES: Dict[str, Tuple[str, str, int, str]] = {}
for _count in (2998, 2999):
    CASES['attribute_%d' % _count] = ('a', '.b', _count, '\n')
    CASES['subscript_%d' % _count] = ('a', '[0]', _count, '\n')
    CASES['call_%d' % _count] = ('a', '()', _count, '\n')
    CASES['elif_%d' % _count] = ('if x:\n    pass\n', 'elif x:\n    pass\n', _count, '')
    CASES['binop_%d' % _count] = ('a', ' + a', _count, '\n')
    CASES['compare_and_%d' % _count] = ('a', ' and a', _count, '\n')
CASES.update({
    'parentheses_100': ('x = ' + '(' * 100 + '1', ')', 100, '\n'),
    'parentheses_93': ('x = ' + '(' * 93 + '1', ')', 93, '\n'),
    'brackets_100': ('x = ' + '[' * 100 + '1', ']', 100, '\n'),
    'unary_minus_1000': ('x = ' + '-' * 1000, '1', 1, '\n'),
    'not_500': ('x = ' + 'not ' * 500, '1', 1, '\n'),
    'elif_10000': ('if x:\n    pass\n', 'elif x:\n    pass\n', 10000, ''),
    'attribute_100000': ('a', '.b', 100000, '\n'),
    'indent_100': ('', '', 0, ''.join(' ' * i + 'if x:\n' for i in range(100)) +
                   ' ' * 100 + 'pass\n'),
    'indent_99': ('', '', 0, ''.join(' ' * i + 'if x:\n' for i in range(99)) +
                  ' ' * 99 + 'pass\n'),
    # 1 MB of simple statements under a 150 MB address-space limit (as `ulimit -v`):
    # MemoryError, exit 1, nothing lost on the way out
    'statements_1mb_in_150mb': ('', 'x = 1\ny = x + 2\nf(x, y)\nif x: y = 2\n', 26000, ''),
})
# name -> address-space limit in MiB for the run
ADDRESS_SPACE_MB = {'statements_1mb_in_150mb': 150}


def source(name: str) -> str:
    head, piece, count, tail = CASES[name]
    return head + piece * count + tail


def outcome(command: List[str], path: str, env: Optional[dict] = None) -> Dict[str, object]:
    """Exit status, first and last stderr lines of `command path` (its folder as <dir>)."""
    limit = ADDRESS_SPACE_MB.get(os.path.splitext(os.path.basename(path))[0])

    def limit_memory() -> None:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))
    done = subprocess.run(command + [path], capture_output=True, text=True, env=env,
                          cwd=os.path.dirname(path), timeout=600,
                          preexec_fn=limit_memory if limit else None)
    lines = done.stderr.replace(os.path.dirname(path), '<dir>').strip().splitlines()
    return {'status': done.returncode, 'first_line': lines[0] if lines else '',
            'last_line': lines[-1] if lines else ''}


def ours(path: str) -> Dict[str, object]:
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.pop('PIPELINE_DEBUG', None)
    return outcome([sys.executable, '-m', 'pipeline.run', '--no-cache'], path, env)


def run_cases(names: List[str], runner) -> Dict[str, Dict[str, object]]:
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        for name in names:
            path = os.path.join(directory, name + '.py')
            with open(path, 'w') as handle:
                handle.write(source(name))
            results[name] = runner(path)
    return results


def load_golden() -> Dict[str, Dict[str, object]]:
    with open(GOLDEN) as handle:
        return json.load(handle)


def main(argv: Optional[List[str]] = None) -> int:
    from tests.oracle import REASON, oracle_python
    names = (argv if argv is not None else sys.argv[1:]) or sorted(CASES)
    python = oracle_python()
    if python is None:
        print(REASON, file=sys.stderr)
        return 1
    theirs = run_cases(names, lambda path: outcome([python], path))
    mine = run_cases(names, ours)
    failures = 0
    for name in names:
        same = theirs[name] == mine[name]
        failures += not same
        print('%-20s %s 3.8 %s | ours %s' % (name, 'same' if same else 'DIFF', theirs[name],
                                             mine[name]))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
