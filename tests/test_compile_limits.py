"""Compile-time limits as CPython 3.8 meets them running a script (issue 11, item 4):
nesting past the parser stack (MemoryError after s_push's message), the compiler's
recursion limit (exactly 2,998 nested attributes, subscripts, calls, operators or
elifs compile; 2,999 do not), indentation levels. Goldens from tests/regen/compile_limits.py."""
import pytest

from tests.compile_limits import CASES, load_golden, ours, run_cases

GOLDEN = load_golden()


def test_golden_covers_every_case():
    assert sorted(GOLDEN) == sorted(CASES)


@pytest.mark.parametrize('name', sorted(CASES))
def test_same_outcome_as_38(name):
    assert run_cases([name], ours)[name] == GOLDEN[name]
