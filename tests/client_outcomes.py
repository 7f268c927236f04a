"""pytest plugin for tests/clients.py: each test's outcome by node id, written as JSON.

tests/clients.py copies it beside a suite's run and loads it with `-p`; the file named by
$PIPELINE_OUTCOMES_FILE gets {node id: passed|failed|skipped|xfailed|xpassed|error}, the
categories of pytest's own summary line, plus `collect error` for a module that failed to load;
$PIPELINE_OUTCOMES_FILE.lines gets them one JSON line each as they come.
"""
import json
import os

_outcomes = {}


def _call_outcome(report):
    """What pytest's summary counts a test as, from its call phase report."""
    if hasattr(report, 'wasxfail'):
        return 'xfailed' if report.skipped else 'xpassed'
    return report.outcome


def _record(nodeid, outcome):
    # also one line as it comes (PATH.lines), so a run stopped by the runner's timeout tells
    # how far it got; the last line of a test wins (a teardown error after its pass)
    _outcomes[nodeid] = outcome
    path = os.environ.get('PIPELINE_OUTCOMES_FILE')
    if path:
        with open(path + '.lines', 'a') as out:
            out.write(json.dumps([nodeid, outcome]) + '\n')


def pytest_runtest_logreport(report):
    if report.when == 'call':
        _record(report.nodeid, _call_outcome(report))
    elif report.when == 'setup' and not report.passed:
        _record(report.nodeid, 'error' if report.failed else _call_outcome(report))
    elif report.when == 'teardown' and report.failed:
        _record(report.nodeid, 'error')


def pytest_collectreport(report):
    if report.failed:
        _record(report.nodeid, 'collect error')


def pytest_sessionfinish(session):
    path = os.environ.get('PIPELINE_OUTCOMES_FILE')
    if path:
        with open(path, 'w') as out:
            json.dump(_outcomes, out, indent=0, sort_keys=True)
