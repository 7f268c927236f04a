"""Golden data for compiler acceptance 4: CPython 3.8's SyntaxError cases from test_syntax and
test_grammar with the oracle's outcomes, written to tests/golden/syntax_errors/cases.json."""
import json
import os

from tests.oracle import REASON, oracle_python
from tests.syntax_errors import GOLDEN, extract_cases


def main() -> None:
    python = oracle_python()
    if python is None:
        raise RuntimeError(REASON)
    cases = extract_cases(python)
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, 'w', encoding='utf-8') as stream:
        json.dump(cases, stream, indent=1, sort_keys=True)
        stream.write('\n')
    print('wrote %d cases to %s' % (len(cases), GOLDEN))


if __name__ == '__main__':
    main()
