import os

import pytest

from tests.oracle import REASON, oracle_python

# a failure of tier 2's translator (its bug) raised in the program, here and in the children the
# tests start, rather than hidden by running that code in the loop (vm/tier2.py's STRICT)
os.environ.setdefault('PIPELINE_TIER2_STRICT', '1')


@pytest.fixture(scope='session')
def oracle():
    """Path of CPython 3.8; tests that need it skip with a clear reason when it is absent."""
    python = oracle_python()
    if python is None:
        pytest.skip(REASON)
    return python
