"""The API server under abuse: huge bodies, half-sent requests, a
cross-site form, and noauth asked to listen beyond loopback."""

import os
import socket
import subprocess
import time

import psutil
import requests

from tests.functional import helpers

ENDPOINT = '/v1.0/demo/clusters'


def _server():
    return helpers.Server('apisrv', sections={'DEFAULT': {
        'client_socket_timeout': 3, 'api_threads': 4}})


def _connect(srv):
    port = int(srv.url.rsplit(':', 1)[1])
    return socket.create_connection(('127.0.0.1', port), timeout=10)


def _post_head(length):
    return (b'POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n'
            b'Content-Type: application/json\r\n'
            b'Content-Length: %d\r\n\r\n' % (ENDPOINT.encode(), length))


def test_a_huge_body_is_refused_without_being_read():
    with _server() as srv:
        proc = psutil.Process(srv.svc.proc.pid)
        rss = proc.memory_info().rss
        for size in (10 << 20, 100 << 20):
            with _connect(srv) as sock:
                sock.sendall(_post_head(size))
                head, _, body = sock.recv(65536).partition(b'\r\n\r\n')
                assert head.startswith(b'HTTP/1.1 413 '), head
                body += sock.recv(65536)
                assert b'"overLimit"' in body and b'"code": 413' in body
                try:
                    sock.sendall(b'x' * (8 << 20))
                    closed = sock.recv(1) == b''
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                assert closed, 'the server kept reading the body'
        resp = requests.post(srv.url + ENDPOINT, data=b'{' * 200000,
                             headers={'Content-Type': 'application/json'},
                             timeout=30)
        assert resp.status_code == 413
        assert resp.json()['overLimit']['code'] == 413
        grown = proc.memory_info().rss - rss
        assert grown < 50 << 20, 'the server grew by %d MB' % (grown >> 20)
        assert requests.get(srv.url + ENDPOINT, timeout=10).json() == {
            'clusters': []}


def test_half_sent_requests_hold_no_thread_and_are_dropped():
    """150 stalled requests, 4 worker threads: others are still served.

    client_socket_timeout (3 s) closes the stalled ones.
    """
    with _server() as srv:
        stalled = []
        try:
            for _ in range(150):
                sock = _connect(srv)
                sock.sendall(_post_head(100)[:-2] + b'{"clu')
                stalled.append(sock)
            started = time.monotonic()
            for _ in range(8):
                resp = requests.get(srv.url + ENDPOINT, timeout=10)
                assert resp.status_code == 200
            assert time.monotonic() - started < 5
            for sock in stalled:
                sock.settimeout(30)
                try:
                    data = sock.recv(1024)
                except ConnectionResetError:
                    data = b''
                assert b' 200 ' not in data
                assert data == b'' or data.startswith(b'HTTP/1.1 4'), data
        finally:
            for sock in stalled:
                sock.close()


def test_a_cross_site_form_creates_nothing():
    with _server() as srv:
        form = ('{"cluster": {"name": "csrf", "datastore": {"type": '
                '"mariadb", "version": "10.11"}, "instances": []}}')
        resp = requests.post(
            srv.url + ENDPOINT, data=form, timeout=10,
            headers={'Content-Type': 'text/plain',
                     'Origin': 'http://evil.example'})
        assert resp.status_code in (403, 415)
        resp = requests.post(
            srv.url + ENDPOINT, data=form, timeout=10,
            headers={'Content-Type': 'application/json',
                     'Host': 'rebound.evil.example'})
        assert resp.status_code == 403
        assert requests.get(srv.url + ENDPOINT, timeout=10).json() == {
            'clusters': []}


def test_noauth_refuses_to_listen_beyond_loopback(open_root):
    root = open_root
    conf = helpers.write_conf(os.path.join(root, 'gt.conf'), {'DEFAULT': {
        'state_path': os.path.join(root, 'state'), 'bind_host': '0.0.0.0',
        'bind_port': helpers.free_port()}})
    done = subprocess.run(
        [os.path.join(helpers.BIN, 'galeratrove-all'), '--config-file',
         conf], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'auth_strategy = noauth' in done.stderr
    assert '0.0.0.0' in done.stderr and 'Traceback' not in done.stderr
