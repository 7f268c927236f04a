"""Golden data for the compile-time limits: what `python3.8 FILE` does with each source of
tests/compile_limits.py, written to tests/golden/compile_limits/cases.json."""
import json
import os

from tests.compile_limits import CASES, GOLDEN, outcome, run_cases
from tests.oracle import REASON, oracle_python


def main() -> None:
    python = oracle_python()
    if python is None:
        raise RuntimeError(REASON)
    results = run_cases(sorted(CASES), lambda path: outcome([python], path))
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, 'w', encoding='utf-8') as stream:
        json.dump(results, stream, indent=1, sort_keys=True)
        stream.write('\n')
    print('wrote %d cases to %s' % (len(results), GOLDEN))


if __name__ == '__main__':
    main()
