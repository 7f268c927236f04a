"""Explorer latency: all stage panes for a 2,000-line module, and one step of the stepper.

    python bench/explore.py [--lines 2000] [--repeat 5] [--no-browser] [--browsers chromium,firefox]

Measures, on this machine: /api/stages for the module (the server's work), the whole
refresh in the page (edit -> every pane re-rendered and painted, by the page's clock, in
headless Chromium and Firefox when present),
and /api/step answers over a recorded run (server) and step clicks in the page.
Goals (issue 12): a refresh under 2 s, a step under 50 ms.
"""
import argparse
import json
import os
import statistics
import sys
import time
import http.client

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from pipeline.explore.server import serve_in_thread  # noqa: E402

TEMPLATE = '''\
class Account{n}:
    """A bank account, number {n}."""
    rate = {n} / 100

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.history = []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError('amount must be positive: %r' % (amount,))
        self.balance += amount
        self.history.append(('deposit', amount))
        return self.balance

    def interest(self, years):
        total = self.balance
        for year in range(years):
            total = total * (1 + self.rate)
        return round(total, 2)


def ledger{n}(accounts, *, limit=10):
    seen = {{}}
    for account in accounts:
        try:
            seen[account.owner] = account.deposit(limit)
        except ValueError as error:
            seen[account.owner] = str(error)
        finally:
            limit -= 1
    return {{owner: value for owner, value in seen.items() if value}}


def running_total{n}(values):
    total = 0
    for value in values:
        total += value
        yield total


def make_scaler{n}(factor):
    def scale(value):
        return [item * factor for item in value if item] or None
    return scale


'''


def module_source(lines: int) -> str:
    """A realistic module of about `lines` lines: classes, generators, closures, try blocks."""
    parts, count, n = [], 0, 0
    while count < lines:
        chunk = TEMPLATE.format(n=n)
        parts.append(chunk)
        count += chunk.count('\n')
        n += 1
    parts.append('print(ledger0([Account0("ann", 5), Account0("bob")]))\n')
    return ''.join(parts)


def post(port: int, path: str, body: dict) -> dict:
    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=300)
    connection.request('POST', path, body=json.dumps(body),
                       headers={'Content-Type': 'application/json',
                                'Host': '127.0.0.1:%d' % port})
    answer = json.loads(connection.getresponse().read())
    connection.close()
    return answer


def timed(work, repeat: int) -> list:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def describe(name: str, times: list, goal: float) -> None:
    best, median, worst = min(times), statistics.median(times), max(times)
    verdict = 'meets' if median < goal else 'MISSES'
    print('%-44s best %8.1f ms  median %8.1f ms  worst %8.1f ms   (goal < %d ms: %s)' % (
        name, best * 1000, median * 1000, worst * 1000, goal * 1000, verdict))


def page_measurements(page, label: str, url: str, source: str, repeat: int) -> None:
    """The refresh and step figures in one browser's page (Playwright's page API)."""
    page.goto(url)
    page.wait_for_selector('body[data-stages]', timeout=120000)
    refresh, fetching, drawing, painting, parts = [], [], [], [], []
    lines = source.splitlines(True)
    middle = next(n for n in range(len(lines) // 2, len(lines)) if lines[n].startswith('def '))
    for index in range(repeat):
        seen = int(page.get_attribute('body', 'data-stages'))
        # a statement inserted in the middle: every later line moves (no stage is reusable)
        text = ''.join(lines[:middle] + ['edited_%d = %d\n' % (index, index)] + lines[middle:])
        # the refresh a person sees: from the edit to every pane drawn (debounce excluded)
        started = page.evaluate('''(text) => { const t = document.getElementById('source');
            t.value = text; t.dispatchEvent(new Event('input')); return performance.now(); }''',
                                text)
        page.wait_for_function('n => Number(document.body.dataset.painted) > n', arg=seen,
                               timeout=120000)
        # the page's own clock: from the edit to the panes painted, less the debounce
        finished = float(page.get_attribute('body', 'data-render-start')) + float(
            page.get_attribute('body', 'data-frame-ms'))
        refresh.append((finished - started) / 1000 - 0.25)   # minus the 250 ms typing debounce
        fetching.append(float(page.get_attribute('body', 'data-fetch-ms')) / 1000)
        drawing.append(float(page.get_attribute('body', 'data-render-ms')) / 1000)
        painting.append(float(page.get_attribute('body', 'data-frame-ms')) / 1000)
        parts.append(page.get_attribute('body', 'data-render-parts'))
    describe(label + ': edit -> all panes redrawn (%d lines)' % source.count('\n'), refresh, 2.0)
    describe(label + ': of which /api/stages (server, transfer, parse)', fetching, 2.0)
    describe(label + ': of which drawing the panes (JS)', drawing, 2.0)
    describe(label + ': of which drawing, layout and paint', painting, 2.0)
    print(label + ': drawing per pane (ms), each refresh: %s' % '  '.join(parts))
    page.click('#run')
    page.wait_for_selector('#step-status[data-index="0"]', timeout=120000)
    clicks, in_page = [], []
    for index in range(1, 41):
        started = time.perf_counter()
        page.click('button[data-action="next-instr"]')
        page.wait_for_selector('#step-status[data-index="%d"]' % index)
        clicks.append(time.perf_counter() - started)
        in_page.append(float(page.get_attribute('body', 'data-step-ms')) / 1000)
    describe(label + ': click "instr" -> step shown (driver)', clicks, 0.05)
    describe(label + ': step request + redraw (in page)', in_page, 0.05)


def browser_measurements(url: str, source: str, repeat: int, browsers: list) -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                    'tests'))
    from browsers import FirefoxBrowser, chromium_path, firefox_path, geckodriver_path
    if 'chromium' in browsers:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            sync_playwright = None
            print('chromium: Playwright not installed, figures skipped')
        executable = chromium_path()
        if executable is None:
            print('chromium: no Chromium found, figures skipped')
        elif sync_playwright is not None:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=[
                    '--headless', '--no-sandbox', '--disable-gpu',
                    '--disable-background-networking', '--no-first-run'])
                page_measurements(browser.new_page(viewport={'width': 1600, 'height': 1000}),
                                  'chromium', url, source, repeat)
                browser.close()
    if 'firefox' in browsers:
        executable, driver = firefox_path(), geckodriver_path()
        if executable is None or driver is None:
            print('firefox: no Firefox or geckodriver found, figures skipped')
            return
        browser = FirefoxBrowser(executable, driver)
        try:
            page_measurements(browser.new_page(viewport={'width': 1600, 'height': 1000}),
                              'firefox', url, source, repeat)
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--lines', type=int, default=2000)
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--no-browser', action='store_true')
    parser.add_argument('--browsers', default='chromium,firefox',
                        help='which browsers measure the page (default: chromium,firefox)')
    args = parser.parse_args()
    source = module_source(args.lines)
    server = serve_in_thread(0, source, 'accounts.py')
    port = server.server_address[1]
    print('module: %d lines; host Python %s; load average %s on %d CPUs' % (
        source.count('\n'), sys.version.split()[0],
        ' '.join('%.1f' % x for x in os.getloadavg()), os.cpu_count()))
    post(port, '/api/stages', {'source': source})   # warm the parser tables and imports
    from pipeline.explore.stages import stages
    cpu = []
    for _ in range(args.repeat):   # CPU time in this process: less sensitive to a loaded machine
        started = time.process_time()
        json.dumps(stages(source, 'accounts.py', {}), separators=(',', ':'))
        cpu.append(time.process_time() - started)
    describe('server: stages + JSON, CPU time', cpu, 2.0)
    answer = post(port, '/api/stages', {'source': source})
    assert answer['error'] is None, answer['error']
    print('stage timings of one refresh (server, ms): %s' % answer['timings'])
    edits = iter(range(10 ** 9))   # each request a new text: the server's answer cache misses
    describe('server: /api/stages (%d lines)' % source.count('\n'),
             timed(lambda: post(port, '/api/stages', {'source': source + '# %d\n' % next(edits)}),
                   args.repeat), 2.0)
    started = time.perf_counter()
    run = post(port, '/api/run', {'source': source})
    print('server: /api/run recorded %d steps in %.2f s (limit: %s)' % (
        run['total'], time.perf_counter() - started, run['limit']))
    indexes = iter(range(10 ** 9))
    steps = timed(lambda: post(port, '/api/step', {'session': run['session'],
                                                   'index': next(indexes) % run['total'],
                                                   'action': 'next-instr'}), 200)
    describe('server: /api/step next-instr', steps, 0.05)
    lines = timed(lambda: post(port, '/api/step', {'session': run['session'],
                                                   'index': next(indexes) % run['total'],
                                                   'action': 'next-line'}), 100)
    describe('server: /api/step next-line', lines, 0.05)
    if not args.no_browser:
        browser_measurements(server.url, source, args.repeat, args.browsers.split(','))
    server.shutdown()


if __name__ == '__main__':
    main()
