import pytest

from tests.oracle import REASON, oracle_python


@pytest.fixture(scope='session')
def oracle():
    """Path of CPython 3.8; tests that need it skip with a clear reason when it is absent."""
    python = oracle_python()
    if python is None:
        pytest.skip(REASON)
    return python
