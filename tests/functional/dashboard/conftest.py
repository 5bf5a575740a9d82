"""A real galeratrove-all and a headless Chromium for the panel's tests.

The server runs in its own state directory under /tmp with a free port and
a loopback /24 of its own, so it cannot meet another run's nodes. Teardown
deletes every cluster, stops the server and kills any process still
mentioning the state directory. Chromium is Debian's (never downloaded);
without it the tests fail.
"""

import os
import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.functional.dashboard import server as gt

SCREENSHOTS = gt.REPO / 'test-output' / 'screenshots'
CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
CHROMIUM_FLAGS = ('--headless', '--no-sandbox', '--disable-gpu',
                  '--disable-background-networking',
                  '--disable-component-update', '--no-first-run',
                  '--disable-sync', '--disable-dev-shm-usage',
                  '--window-size=1280,900')


@pytest.fixture(scope='module')
def gt_server():
    with gt.Server() as server:
        yield server


@pytest.fixture(scope='module')
def browser():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            pytest.fail('%s is missing: the browser tests need Debian\'s '
                        'chromium and chromium-driver (apt-get install -y '
                        'chromium chromium-driver).' % path)
    profile = tempfile.mkdtemp(prefix='gt-dashboard-chromium-', dir='/tmp')
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument('--user-data-dir=%s' % profile)
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                              options=options)
    # The same viewport on every machine, for comparable screenshots.
    set_viewport(driver)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver, width=1280, height=760):
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {
        'width': width, 'height': height, 'deviceScaleFactor': 1,
        'mobile': False})


@pytest.fixture(scope='module')
def screenshot(browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name, height=None):
        """Save test-output/screenshots/<name>.png (``height`` crops)."""
        path = SCREENSHOTS / ('%s.png' % name)
        if height:
            set_viewport(browser, height=height)
        try:
            browser.save_screenshot(str(path))
        finally:
            if height:
                set_viewport(browser)
        return path
    return take


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    driver = item.funcargs.get('browser')
    server = item.funcargs.get('gt_server')
    if report.when == 'call' and report.failed and server is not None:
        # CI keeps only what pytest prints: the server's side of the story.
        report.sections.append(('galeratrove-all log (end)', server.log()))
    if report.when == 'call' and report.failed and driver is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            driver.save_screenshot(
                str(SCREENSHOTS / ('FAILED-%s.png' % item.name)))
        except Exception:  # best effort while failing
            pass
