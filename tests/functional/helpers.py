"""Running galeratrove services as real processes for functional tests."""

import os
import socket
import subprocess
import sys
import time
import uuid

import requests

BIN = os.path.dirname(sys.executable)
RABBIT_URL = os.environ.get('GT_TEST_RABBIT',
                            'rabbit://guest:guest@127.0.0.1:5672/')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def write_conf(path, sections):
    """Write an ini file from {section: {key: value}}."""
    with open(path, 'w') as f:
        for section, values in sections.items():
            f.write('[%s]\n' % section)
            for key, value in values.items():
                f.write('%s = %s\n' % (key, value))
    return str(path)


def rabbit_sections(state_path):
    """Options isolating one test's RPC traffic on the shared broker."""
    tag = uuid.uuid4().hex[:8]
    return {'transport_url': RABBIT_URL, 'control_exchange': 'gt-' + tag,
            'taskmanager_queue': 'tm-' + tag,
            'conductor_queue': 'cond-' + tag,
            'guest_topic_prefix': 'guest-' + tag,
            'state_path': state_path}


class Service:
    """A galeratrove console script in its own process group."""

    def __init__(self, name, conf_path, log_path):
        self.log_path = log_path
        self._log = open(log_path, 'ab')
        self.proc = subprocess.Popen(
            [os.path.join(BIN, name), '--config-file', conf_path],
            stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def kill(self, sig=9):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(30)
        self._log.close()

    def stop(self):
        self.kill(15)


def wait_http(url, proc, timeout=60):
    """Until url answers; fails early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError('service exited with %s' % proc.returncode)
        try:
            return requests.get(url, timeout=2)
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError('%s did not answer within %ss' % (url, timeout))


def wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError('timed out after %ss waiting for %s' % (timeout,
                                                                 what))


def run(argv):
    """Run a galeratrove console script to completion; its output."""
    result = subprocess.run([os.path.join(BIN, argv[0])] + argv[1:],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
