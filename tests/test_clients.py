"""CI's share of tests/clients.py: part of toolz's suite natively on CPython 3.8 and in the VM.

The whole comparison (eight packages) is `python -m tests.clients`; this runs four of toolz's
test modules both ways (pytest's assertion rewriting on, the package and its tests compiled
into the VM) and wants every test's outcome identical. It skips, saying why, without the
oracle or without the package index (the sdist and the venv are cached after the first run).
"""
import pytest

from tests import clients

TOOLZ_FILES = ('toolz/tests/test_itertoolz.py', 'toolz/tests/test_functoolz.py',
               'toolz/tests/test_dicttoolz.py', 'toolz/tests/test_recipes.py')


def test_toolz_outcomes_identical_in_the_vm(tmp_path):
    result = clients.run_suite(clients.PACKAGES['toolz'], str(tmp_path), tests=TOOLZ_FILES,
                               timeout=600)
    if result.skipped:
        pytest.skip(result.skipped)
    assert result.native is not None and result.vm is not None
    assert len(result.native.outcomes) > 100, result.native.output
    assert result.differences() == [], result.vm.output
    assert set(result.vm.outcomes.values()) == {'passed'}


def test_a_timed_out_run_is_compared_on_the_tests_it_finished(tmp_path):
    # the plugin's lines as a run stopped by the timeout leaves them (the last one cut short)
    lines = tmp_path / 'outcomes.json.lines'
    lines.write_text('["t::a", "passed"]\n["t::b", "failed"]\n["t::b", "error"]\n["t::c", "pas')
    found = clients.read_outcomes(str(tmp_path / 'outcomes.json'))
    assert found == {'t::a': 'passed', 't::b': 'error'}
    native = clients.Run({'t::a': 'passed', 't::b': 'error', 't::c': 'passed'}, 2.0, '')
    vm = clients.Run(found, 10.0, 'timed out', timed_out=True)
    result = clients.SuiteResult('pkg', '', native, vm)
    assert result.counts() == (2, 2) and result.differences() == []
    assert clients.table_row(result).endswith('(VM timed out: 2 of 3 tests finished)')
