"""3.8's answers to the hostile inputs of tests/bad_input_cases.py: tests/golden/bad_input/cases.json."""
import json
import os
import tempfile

from tests.bad_input_cases import CASES, ORACLE_MODULES, run_case
from tests.oracle import oracle_python
from tests.regen.programs import environment

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'golden', 'bad_input')


def main() -> None:
    python = oracle_python()
    answers = {}
    for case in CASES:
        with tempfile.TemporaryDirectory() as directory:
            result = run_case(case, [python] + ORACLE_MODULES[case.tool], directory, environment())
        if not case.full_stderr:
            del result['stderr']
        answers[case.name] = result
    os.makedirs(GOLDEN, exist_ok=True)
    with open(os.path.join(GOLDEN, 'cases.json'), 'w') as stream:
        json.dump(answers, stream, indent=1, sort_keys=True)
        stream.write('\n')


if __name__ == '__main__':
    main()
