"""Regenerate every golden file from CPython 3.8: `python -m tests.regen_golden [AREA ...]`.

Each area has a module tests/regen/<area>.py with a main() that writes tests/golden/<area>/.
"""
import importlib
import pkgutil
import sys

import tests.regen
from tests.oracle import REASON, oracle_python


def main(argv=None) -> int:
    areas = (argv if argv is not None else sys.argv[1:]) or [
        info.name for info in pkgutil.iter_modules(tests.regen.__path__)]
    if oracle_python() is None:
        print(REASON, file=sys.stderr)
        return 1
    for area in areas:
        print('regenerating', area)
        importlib.import_module('tests.regen.' + area).main()
    return 0


if __name__ == '__main__':
    sys.exit(main())
