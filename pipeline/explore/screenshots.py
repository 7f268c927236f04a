"""Regenerates the README's screenshots of the explorer: `python -m pipeline.explore.screenshots [DIR]`.

Drives the system's Chromium through Playwright (as tests/test_explore_browser.py does)
over the built-in example program; writes explore-stages.png, explore-cfg.png and
explore-stepper.png into DIR (default docs/).
"""
import os
import shutil
import sys
import time

from .__main__ import EXAMPLE
from .server import serve_in_thread

VIEWPORT = {'width': 1600, 'height': 920}
BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                '--no-first-run', '--hide-scrollbars', '--font-render-hinting=none']


def chromium() -> str:
    for path in (os.environ.get('PIPELINE_CHROMIUM'), '/usr/bin/chromium',
                 shutil.which('chromium'), shutil.which('chromium-browser')):
        if path and os.path.exists(path):
            return path
    sys.exit('no Chromium found (apt-get install chromium, or set PIPELINE_CHROMIUM)')


def settle(page) -> None:
    page.evaluate('() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))')
    time.sleep(0.3)


def select_text(page, text: str) -> None:
    start = EXAMPLE.index(text)
    page.evaluate('''([start, end]) => { const t = document.getElementById('source');
        t.focus(); t.setSelectionRange(start, end); t.dispatchEvent(new Event('select')); }''',
                  [start, start + len(text)])


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright
    out = (argv or sys.argv[1:] or ['docs'])[0]
    os.makedirs(out, exist_ok=True)
    server = serve_in_thread(0, EXAMPLE, 'main.py')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=BROWSER_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        page.goto(server.url)
        page.wait_for_selector('body[data-stages]')
        page.wait_for_selector('#oracle[data-result]', timeout=60000)
        # stages: the AST tab, with a selection linked to tokens, nodes and instructions
        page.click('button[data-tab="ast"]')
        select_text(page, 'n % 2 == 0')
        settle(page)
        page.screenshot(path=os.path.join(out, 'explore-stages.png'))
        # the CFG of the generator
        page.click('button[data-tab="cfg"]')
        page.select_option('#pane-cfg select', label='evens (line 10)')
        page.locator('#pane-dis .row[data-line="13"]').first.click()
        settle(page)
        page.screenshot(path=os.path.join(out, 'explore-cfg.png'))
        # stepping: a breakpoint inside the generator, the second time it is reached
        page.reload()
        page.wait_for_selector('body[data-stages]')
        page.wait_for_selector('#oracle[data-result]', timeout=60000)
        page.click('#run')
        page.wait_for_selector('#step-status[data-index="0"]')
        page.click('#gutter div[data-line="13"]')
        page.click('button[data-action="continue"]')
        page.wait_for_function('() => document.querySelector(".frame-row .fname").textContent === "evens"')
        page.click('button[data-action="next-instr"]')
        settle(page)
        page.screenshot(path=os.path.join(out, 'explore-stepper.png'))
        browser.close()
    server.shutdown()
    for name in ('explore-stages.png', 'explore-cfg.png', 'explore-stepper.png'):
        print(os.path.join(out, name))
    return 0


if __name__ == '__main__':
    sys.exit(main())
