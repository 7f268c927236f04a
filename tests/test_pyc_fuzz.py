"""300 corrupt .pyc files of a mid-size module: our run accepts and refuses them as CPython 3.8 does.

Each mutant runs in a child with a 2 GB address-space limit and a 20 s timeout; no
host traceback, signal, hang (where 3.8 does not hang) or internal fault may show.
`python -m tests.pyc_fuzz --count 2000` runs more against the live oracle.
"""
import json
import sys

import pytest

from tests import pyc_fuzz

pytestmark = pytest.mark.skipif(sys.platform == 'win32', reason='needs fork and RLIMIT_AS')


def test_mutants_are_fixed():
    with open(pyc_fuzz.BASE_PYC, 'rb') as stream:
        base = stream.read()
    first = pyc_fuzz.mutants(base, 300)
    assert first == pyc_fuzz.mutants(base, 300)
    assert len(set(first)) >= 295 and base not in first
    assert sum(len(data) < len(base) for data in first) >= 50   # truncations
    with open(pyc_fuzz.ORACLE_OUTCOMES) as stream:
        assert len(json.load(stream)) == 300


def test_corrupt_pycs_accepted_and_refused_as_38(tmp_path):
    paths = pyc_fuzz.write_mutants(str(tmp_path), 300, pyc_fuzz.SEED)
    with open(pyc_fuzz.ORACLE_OUTCOMES) as stream:
        oracle = json.load(stream)
    ours = pyc_fuzz.run_ours(paths, str(tmp_path), 2)
    figures = pyc_fuzz.compare(ours, oracle)
    shown = [(k, oracle[k]['last'], ours[k]['kind'], ours[k]['stderr'][-600:])
             for k in figures['leaks'] + figures['disagreements']][:5]
    assert not figures['leaks'], shown
    assert len(figures['disagreements']) <= 0.05 * len(paths), shown
    # where 3.8 crashed, we refused
    for k, outcome in enumerate(oracle):
        if outcome['kind'] == 'signal':
            assert ours[k]['kind'] in ('reject', 'fault'), (k, ours[k]['stderr'][-600:])
