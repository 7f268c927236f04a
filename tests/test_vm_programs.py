"""VM differential tests: CPython 3.8's code objects run in our VM must print what 3.8 printed.

Goldens (tests/golden/vm/cases.json, from tests/regen/vm.py) carry the 3.8 code and
its output, so these run without the oracle; with the oracle, the goldens are checked
against a live run too.
"""
import pytest

from tests.hosts import vm_limit
from tests.regen import vm as vm_cases

GOLDEN = vm_cases.load_golden()


@pytest.mark.parametrize('name', sorted(GOLDEN))
def test_program_matches_cpython38(name):
    if vm_limit(name):
        pytest.skip(vm_limit(name))
    entry = GOLDEN[name]
    got = vm_cases.run_in_vm(vm_cases.load_code(entry))
    assert got['stdout'] == entry['stdout']
    assert got['exc'] == entry['exc']
    assert got['tb'] == entry['tb']


def test_goldens_match_live_oracle(oracle):
    live = vm_cases.oracle_results(vm_cases.program_cases())
    assert sorted(live) == sorted(GOLDEN), 'goldens out of date: run python -m tests.regen_golden vm'
    for name, entry in live.items():
        for key in ('stdout', 'exc', 'tb', 'code'):
            assert entry[key] == GOLDEN[name][key], (name, key)


def test_goldens_execute_every_opcode():
    """The golden programs run every 3.8 opcode (PRINT_EXPR is in test_vm_api: 'single' mode)."""
    import io
    import sys
    from pipeline import vm
    from pipeline.compiler import opcodes
    counts = {}
    for name in sorted(GOLDEN):
        out = io.StringIO()
        saved = sys.stdout
        sys.stdout = out
        try:
            with vm.hooks(stats=True, counts=counts):
                vm.run_code(vm_cases.load_code(GOLDEN[name]), {'__name__': '__main__'})
        except BaseException:   # the uncaught_* programs end with their exception
            pass
        finally:
            sys.stdout = saved
    missing = sorted(set(opcodes.opmap) - set(counts) - {'EXTENDED_ARG', 'PRINT_EXPR'})
    assert missing == []
