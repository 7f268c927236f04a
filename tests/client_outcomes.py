"""pytest plugin for tests/clients.py: each test's outcome by node id, written as JSON.

tests/clients.py copies it beside a suite's run and loads it with `-p`; the file named by
$PIPELINE_OUTCOMES_FILE gets {node id: passed|failed|skipped|xfailed|xpassed|error}, the
categories of pytest's own summary line, plus `collect error` for a module that failed to load;
$PIPELINE_OUTCOMES_FILE.lines gets them one JSON line each as they come.

In both runs Hypothesis's wall-clock limits are lifted (its per-example deadline of 200 ms and
the too_slow health check), the only change to a suite's settings: an example taking ten times
longer in the VM fails there alone (DeadlineExceeded, or Flaky when a rerun is quicker), and
the failure is then shrunk with a line tracer on (Hypothesis's explain phase).
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


def pytest_sessionstart(session):
    # after every pytest_configure (a suite's conftest loads its own profile there), before
    # the test modules are imported (their @settings take the profile loaded now as parent)
    import sys
    hypothesis = sys.modules.get('hypothesis')
    if hypothesis is None:
        return
    settings = hypothesis.settings
    checks = [check for check in settings.default.suppress_health_check] + [hypothesis.HealthCheck.too_slow]
    settings.register_profile('pipeline-clients', parent=settings.default, deadline=None,
                              suppress_health_check=checks)
    settings.load_profile('pipeline-clients')


def pytest_sessionfinish(session):
    path = os.environ.get('PIPELINE_OUTCOMES_FILE')
    if path:
        with open(path, 'w') as out:
            json.dump(_outcomes, out, indent=0, sort_keys=True)
