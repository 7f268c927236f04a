"""Golden constant folds: what CPython 3.8 folds each tests.test_ast_opt expression to."""
import json
import os

from pipeline.compiler import marshal
from tests.oracle import oracle_python


def main() -> None:
    from tests.test_ast_opt import EXPRESSIONS, GOLDEN, oracle_folds
    folds = oracle_folds(oracle_python(), EXPRESSIONS)
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, 'w') as out:
        json.dump({'expressions': EXPRESSIONS,
                   'folds': [None if value is None else marshal.dumps(value).hex()
                             for value in folds]}, out, indent=0)
        out.write('\n')


if __name__ == '__main__':
    main()
