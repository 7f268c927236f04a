"""The .pyc fuzz test's inputs and 3.8's answers: tests/golden/pyc_fuzz/{base.pyc,oracle.json}.

base.pyc is tests/programs/json_parser.py compiled by 3.8's py_compile (unchecked hash,
so the bytes do not depend on a file's mtime); oracle.json holds, for each of the 300
mutants of tests.pyc_fuzz (fixed seed), what running it with python3.8 gave.
"""
import json
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

from tests import pyc_fuzz
from tests.oracle import oracle_python

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, 'programs', 'json_parser.py')
COUNT = 300

_COMPILE = ('import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], '
            'dfile="fuzz_module.py", doraise=True, '
            'invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)')


def main() -> None:
    python = oracle_python()
    os.makedirs(pyc_fuzz.GOLDEN, exist_ok=True)
    subprocess.run([python, '-c', _COMPILE, SOURCE, pyc_fuzz.BASE_PYC], check=True)
    with tempfile.TemporaryDirectory() as work:
        paths = pyc_fuzz.write_mutants(work, COUNT, pyc_fuzz.SEED)
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda path: pyc_fuzz.run_oracle(python, path), paths))
    with open(pyc_fuzz.ORACLE_OUTCOMES, 'w') as stream:
        json.dump(outcomes, stream, indent=0)
        stream.write('\n')


if __name__ == '__main__':
    main()
