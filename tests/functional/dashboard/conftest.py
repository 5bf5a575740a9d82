"""A real galeratrove-all and a headless Chromium for the panel's tests.

The server runs in its own state directory under /tmp with a free port and
a loopback /24 of its own, so it cannot meet another run's nodes. Teardown
deletes every cluster, stops the server and kills any process still
mentioning the state directory. Chromium is Debian's (never downloaded);
without it the tests fail.
"""

import json
import os
import pathlib
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from urllib import error as urlerror
from urllib import request as urlrequest

import psutil
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = pathlib.Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO / 'test-output' / 'screenshots'
CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
CHROMIUM_FLAGS = ('--headless', '--no-sandbox', '--disable-gpu',
                  '--disable-background-networking',
                  '--disable-component-update', '--no-first-run',
                  '--disable-sync', '--disable-dev-shm-usage',
                  '--window-size=1280,900')
PROJECT = 'demo'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    """galeratrove-all in a subprocess, with a small REST client."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix='gt-dashboard-', dir='/tmp')
        # mariadbd runs as mysql and must traverse the instance paths.
        os.chmod(self.root, 0o755)
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.cidr = '127.%d.%d.0/24' % (random.randint(100, 250),
                                        random.randint(1, 254))
        self.conf = os.path.join(self.root, 'galeratrove.conf')
        self.log = os.path.join(self.root, 'server.log')
        with open(self.conf, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\nbind_host = 127.0.0.1\n'
                    'bind_port = %d\nlog_file = %s\n'
                    '[local_compute]\ncidr = %s\n'
                    % (os.path.join(self.root, 'state'), self.port,
                       self.log, self.cidr))
        self.proc = None

    def start(self, timeout=60):
        out = open(os.path.join(self.root, 'server.out'), 'w')
        self.proc = subprocess.Popen(
            [sys.executable, '-m', 'galeratrove.cmd.all',
             '--config-file', self.conf],
            stdout=out, stderr=subprocess.STDOUT, cwd=str(REPO),
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('galeratrove-all exited with %s; see %s'
                                   % (self.proc.returncode, self.log))
            try:
                self.api('GET', 'datastores')
                return
            except (OSError, urlerror.URLError):
                time.sleep(0.3)
        raise RuntimeError('galeratrove-all did not answer in %d s'
                           % timeout)

    def api(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urlrequest.Request(
            '%s/v1.0/%s/%s' % (self.url, PROJECT, path), data=data,
            method=method, headers={'Content-Type': 'application/json'})
        with urlrequest.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def delete_all_clusters(self, timeout=120):
        try:
            clusters = self.api('GET', 'clusters')['clusters']
        except (OSError, urlerror.URLError, ValueError):
            return
        for cluster in clusters:
            if cluster['task']['name'] != 'DELETING':
                try:
                    self.api('DELETE', 'clusters/%s' % cluster['id'])
                except (OSError, urlerror.URLError):
                    pass
        deadline = time.monotonic() + timeout
        while clusters and time.monotonic() < deadline:
            time.sleep(1)
            try:
                clusters = self.api('GET', 'clusters')['clusters']
            except (OSError, urlerror.URLError, ValueError):
                return

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def kill_leftovers(self):
        """Kill whatever still mentions the state dir (mariadbd above all)."""
        victims = []
        for proc in psutil.process_iter(['pid', 'cmdline']):
            cmdline = ' '.join(proc.info['cmdline'] or [])
            if self.root in cmdline and proc.pid != os.getpid():
                victims.append(proc)
        for proc in victims:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(victims, timeout=10)

    def cleanup(self):
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.delete_all_clusters()
        finally:
            self.stop()
            self.kill_leftovers()
            out = REPO / 'test-output'
            out.mkdir(exist_ok=True)
            if os.path.exists(self.log):
                shutil.copy(self.log, out / 'dashboard-server.log')
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope='module')
def gt_server():
    server = Server()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


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
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                              options=options)
    # The same viewport on every machine, for comparable screenshots.
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {
        'width': 1280, 'height': 760, 'deviceScaleFactor': 1,
        'mobile': False})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope='module')
def screenshot(browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name):
        path = SCREENSHOTS / ('%s.png' % name)
        browser.save_screenshot(str(path))
        return path
    return take


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    driver = item.funcargs.get('browser')
    if report.when == 'call' and report.failed and driver is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            driver.save_screenshot(
                str(SCREENSHOTS / ('FAILED-%s.png' % item.name)))
        except Exception:  # best effort while failing
            pass
