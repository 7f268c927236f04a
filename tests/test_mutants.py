"""Mutated stdlib sources: our front end must decide and report errors as CPython 3.8.

500 deterministic mutants (tests.mutants) through pipeline.parse and 3.8's ast.parse:
no exception but SyntaxError (or ValueError where 3.8 raises it), the same
accept/reject decision for all, identical class/msg/lineno/offset for at least 95%.
"""
import pytest

from tests.corpus import Job, report, run_jobs
from tests.mutants import mutant_sources

COUNT = 500


@pytest.fixture(scope='module')
def outcomes(oracle):
    mutants = mutant_sources(COUNT)
    if len(mutants) < COUNT:
        pytest.skip('not enough small stdlib files to mutate')
    jobs = [Job('mutants', label, path, data) for label, path, data in mutants]
    results = list(run_jobs(jobs, processes=1, progress=False))
    report('mutants', results, show=20)
    return results


def test_only_syntax_errors(outcomes):
    crashes = [(o.label, o.detail) for o in outcomes if o.crashed]
    assert crashes == []


def test_same_decision_as_python38(outcomes):
    different = [(o.label, o.detail) for o in outcomes if not o.same_decision]
    assert different == []


def test_identical_details_for_95_percent(outcomes):
    identical = sum(o.identical for o in outcomes)
    assert identical >= 0.95 * len(outcomes), [
        (o.label, o.detail) for o in outcomes if not o.identical][:20]
