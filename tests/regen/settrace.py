"""Trace and profile events of tests/trace_cases.py as CPython 3.8 reports them.

`main()` writes tests/golden/settrace/trace_cases.jsonl (one JSON line per case);
tests/test_settrace.py compares our VM's run of the same file with it.
"""
import os
import subprocess

from tests.oracle import oracle_python

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(TESTS, 'golden', 'settrace', 'trace_cases.jsonl')
CASES_FILE = 'trace_cases.py'


def oracle_events() -> str:
    """The oracle's output for tests/trace_cases.py (run from tests/, as the test runs it)."""
    result = subprocess.run([oracle_python(), CASES_FILE], cwd=TESTS, capture_output=True,
                            text=True, timeout=300, check=True)
    return result.stdout


def main() -> None:
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, 'w') as stream:
        stream.write(oracle_events())


if __name__ == '__main__':
    main()
