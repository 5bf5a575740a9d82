"""galeratrove-api's gunicorn settings come from galeratrove.conf."""

import logging
import os

import pytest
import webtest

from galeratrove.api import prefork
from galeratrove.cmd import api as cmd_api
from galeratrove.db import api as db_api


def _settings(conf, **api):
    for key, value in api.items():
        conf(key, value, group='api')
    return prefork.Application(lambda: None).cfg


def test_workers_default_to_the_cpus_and_follow_the_options(conf):
    cfg = _settings(conf)
    assert cfg.workers == len(os.sched_getaffinity(0))
    conf('bind_port', 18123)
    assert cfg.threads == 1
    cfg = _settings(conf, workers=5, threads=3, backlog=99,
                    graceful_shutdown_timeout=7)
    assert (cfg.workers, cfg.backlog, cfg.graceful_timeout, cfg.threads) \
        == (5, 99, 7, 3)
    assert cfg.bind == ['127.0.0.1:18123']
    assert cfg.worker_class_str.endswith('prefork.Worker')
    conf('bind_host', '::1')
    assert _settings(conf).bind == ['[::1]:18123']


def test_gunicorns_error_pages_become_our_json_shape():
    page = (b'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n'
            b'Content-Type: text/html\r\nContent-Length: 99\r\n\r\n'
            b'<html>\n  <head>\n    <title>Bad Request</title>\n  </head>\n'
            b'  <body>\n    <h1><p>Bad Request</p></h1>\n'
            b'    Invalid header &#x27;X&#x27;\n  </body>\n</html>\n')
    head, _, body = prefork.json_error(page).partition(b'\r\n\r\n')
    assert head.startswith(b'HTTP/1.1 400 Bad Request\r\n')
    assert b'Content-Type: application/json' in head
    assert b'Content-Length: %d' % len(body) in head
    assert body == (b'{"badRequest": {"code": 400, "message": '
                    b'"Bad Request: Invalid header \'X\'"}}')
    assert prefork.json_error(b'HTTP/1.1 200 OK\r\n\r\n{}') == \
        b'HTTP/1.1 200 OK\r\n\r\n{}'


@pytest.mark.parametrize('enabled', [True, False])
def test_the_access_log_follows_its_option(conf, sqlite_db, monkeypatch,
                                           caplog, enabled):
    conf('auth_strategy', 'noauth')
    conf('access_log', enabled, group='api')
    monkeypatch.setattr(db_api, 'configure', lambda: None)  # sqlite_db's
    client = webtest.TestApp(cmd_api.make_app())
    with caplog.at_level(logging.INFO, logger='galeratrove.api.access'):
        assert client.get('/v1.0/demo/clusters', extra_environ={
            'REMOTE_ADDR': '127.0.0.1'}).json == {'clusters': []}
    lines = [r.getMessage() for r in caplog.records
             if r.name == 'galeratrove.api.access']
    assert lines == (['127.0.0.1 "GET /v1.0/demo/clusters" 200']
                     if enabled else [])
