"""galeratrove-api as deployed: ``[api] workers`` processes under
gunicorn, a listen backlog as configured, draining on SIGTERM."""

import os
import shutil
import signal
import socket
import subprocess
import time

import psutil
import pytest
import requests

from tests.functional import helpers

ENDPOINT = '/v1.0/demo/clusters'


class Api:
    """galeratrove-api alone over a migrated SQLite state, noauth."""

    def __init__(self, workers, backlog=None):
        self.root = helpers.make_root('apiw')
        self.port = helpers.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        api = {'workers': workers, 'graceful_shutdown_timeout': 20}
        if backlog:
            api['backlog'] = backlog
        self.conf = helpers.write_conf(
            os.path.join(self.root, 'gt.conf'),
            {'DEFAULT': {'state_path': os.path.join(self.root, 'state'),
                         'bind_port': self.port, 'auth_strategy': 'noauth'},
             'api': api})
        os.makedirs(os.path.join(self.root, 'state'))
        helpers.run(['galeratrove-manage', '--config-file', self.conf,
                     'db', 'sync'])
        self.svc = helpers.Service('galeratrove-api', self.conf,
                                   os.path.join(self.root, 'api.log'))
        self.master = psutil.Process(self.svc.proc.pid)
        try:
            helpers.wait_http(self.url + '/', self.svc.proc)
            helpers.wait_until(lambda: len(self.workers()) == workers, 30,
                               '%d workers' % workers)
        except BaseException:
            self.close()
            raise

    def workers(self):
        return self.master.children()

    def connect(self):
        return socket.create_connection(('127.0.0.1', self.port), timeout=10)

    def close(self):
        try:
            self.svc.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def api3():
    api = Api(3, backlog=77)
    yield api
    api.close()


def _fresh_get(url):
    return requests.get(url, headers={'Connection': 'close'}, timeout=10)


def test_every_worker_answers_alone(api3):
    workers = api3.workers()
    assert len({w.pid for w in workers}) == 3
    assert all('galeratrove-api' in ' '.join(w.cmdline()) for w in workers)
    for serving in workers:
        others = [w for w in workers if w.pid != serving.pid]
        for w in others:
            w.suspend()
        try:
            resp = _fresh_get(api3.url + ENDPOINT)
            assert resp.status_code == 200
            assert resp.json() == {'clusters': []}
            missing = _fresh_get(api3.url + ENDPOINT + '/nope')
            assert missing.status_code == 404
            assert missing.json()['itemNotFound']['code'] == 404
        finally:
            for w in others:
                w.resume()
    assert [w.pid for w in api3.workers()] == [w.pid for w in workers]


def test_the_listen_backlog_is_the_configured_one(api3):
    out = subprocess.run(['ss', '-ltnH', 'sport = :%d' % api3.port],
                         capture_output=True, text=True, timeout=30).stdout
    with open('/proc/sys/net/core/somaxconn') as f:
        cap = int(f.read())
    # For a listening socket ss shows the backlog as Send-Q.
    assert [int(line.split()[2]) for line in out.splitlines()] == [
        min(77, cap)], out


def test_malformed_requests_get_our_json_shape(api3):
    with api3.connect() as sock:
        sock.sendall(b'GET /\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
        head, _, body = sock.recv(65536).partition(b'\r\n\r\n')
    assert head.startswith(b'HTTP/1.1 400 ')
    assert b'Content-Type: application/json' in head
    assert b'"badRequest": {"code": 400' in body


def test_a_dead_worker_is_replaced(api3):
    victim = api3.workers()[0]
    victim.kill()
    helpers.wait_until(
        lambda: len(api3.workers()) == 3 and victim.pid not in [
            w.pid for w in api3.workers()], 30, 'a new worker')
    assert _fresh_get(api3.url + ENDPOINT).status_code == 200


def test_sigterm_drains_the_requests_under_way():
    """A request half sent when SIGTERM arrives is still answered.

    New connections are refused meanwhile, not queued for a worker that
    is leaving.
    """
    api = Api(2)
    try:
        body = b'{"cluster": {}}'
        with api.connect() as sock:
            sock.sendall(b'POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n'
                         b'Content-Type: application/json\r\n'
                         b'Content-Length: %d\r\n\r\n%s' % (
                             ENDPOINT.encode(), len(body), body[:5]))
            # Once a worker holds the connection it has the request; it
            # is in the app a moment later, waiting for the rest.
            port = sock.getsockname()[1]
            helpers.wait_until(lambda: any(
                c.raddr and c.raddr.port == port
                for w in api.workers() for c in w.net_connections('tcp')),
                30, 'a worker to take the connection')
            time.sleep(1)
            api.master.send_signal(signal.SIGTERM)

            def refused():
                try:
                    api.connect().close()
                except ConnectionRefusedError:
                    return True
                return False
            helpers.wait_until(refused, 20, 'the listener closed')
            assert api.svc.running()
            sock.sendall(body[5:])
            sock.settimeout(20)
            data = b''
            while b'}}' not in data:
                chunk = sock.recv(65536)
                assert chunk, data
                data += chunk
        head, _, answer = data.partition(b'\r\n\r\n')
        assert head.startswith(b'HTTP/1.1 400 '), head
        assert b'"badRequest"' in answer
        assert api.svc.proc.wait(30) == 0
    finally:
        api.close()


def test_noauth_api_refuses_to_listen_beyond_loopback(open_root):
    conf = helpers.write_conf(os.path.join(open_root, 'gt.conf'), {
        'DEFAULT': {'state_path': os.path.join(open_root, 'state'),
                    'bind_host': '0.0.0.0', 'auth_strategy': 'noauth',
                    'bind_port': helpers.free_port()}})
    done = subprocess.run(
        [os.path.join(helpers.BIN, 'galeratrove-api'), '--config-file',
         conf], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'auth_strategy = noauth' in done.stderr
    assert 'Traceback' not in done.stderr
