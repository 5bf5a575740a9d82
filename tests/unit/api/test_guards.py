"""Hardening of the API itself: JSON bodies only, noauth on loopback only,
bounded bodies, and inputs that once gave a 500."""

import json

import pytest
import webtest

from galeratrove.api import guards
from galeratrove.db import api as db_api
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def nothing_recorded(api):
    assert api.get(URL).json['clusters'] == []


@pytest.mark.parametrize('content_type', [
    'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data',
    ''])
def test_a_body_that_is_not_declared_json_is_refused(api, content_type):
    body = json.dumps(cluster_body())
    resp = api.post(URL, body, content_type=content_type,
                    expect_errors=True)
    name, message = fault(resp, 415)
    assert name == 'badMediaType' and 'application/json' in message
    nothing_recorded(api)


def test_json_with_a_charset_is_fine(api):
    resp = api.post(URL, json.dumps(cluster_body()),
                    content_type='application/json; charset=UTF-8')
    assert resp.status_int == 200


@pytest.mark.parametrize('host', ['evil.example', 'evil.example:8779',
                                  '10.0.0.5:8779', '127.0.0.1.evil.example'])
def test_noauth_refuses_hosts_that_are_not_loopback(api, host):
    resp = api.post(URL, json.dumps(cluster_body()), expect_errors=True,
                    content_type='application/json', headers={'Host': host})
    name, message = fault(resp, 403)
    assert 'loopback' in message
    resp = api.get(URL, headers={'Host': host}, expect_errors=True)
    assert fault(resp, 403)[0] == 'forbidden'
    nothing_recorded(api)


@pytest.mark.parametrize('host', ['localhost', '127.0.0.1:8779',
                                  '127.3.4.5', '[::1]:8779', 'LOCALHOST.'])
def test_noauth_serves_loopback_hosts(api, host):
    assert api.get(URL, headers={'Host': host}).status_int == 200


@pytest.mark.parametrize('origin', ['http://evil.example', 'null',
                                    'https://127.0.0.1.evil.example'])
def test_noauth_refuses_pages_of_other_origins(api, origin):
    resp = api.post(URL, json.dumps(cluster_body()), expect_errors=True,
                    content_type='application/json',
                    headers={'Origin': origin})
    assert fault(resp, 403)[0] == 'forbidden'
    nothing_recorded(api)
    same = api.get(URL, headers={'Origin': 'http://127.0.0.1:8779'})
    assert same.status_int == 200


def _no_content(environ, start_response):
    start_response('204 No Content', [])
    return []


def test_keystone_mode_checks_bodies_but_not_hosts():
    keystone = webtest.TestApp(guards.Guard(_no_content, noauth=False))
    resp = keystone.get(URL, headers={'Host': 'db.example.com'})
    assert resp.status_int == 204
    resp = keystone.post(URL, '{}', content_type='text/plain',
                         expect_errors=True)
    assert fault(resp, 415)[0] == 'badMediaType'
    noauth = webtest.TestApp(guards.Guard(_no_content, noauth=True))
    resp = noauth.get(URL, headers={'Host': 'db.example.com'},
                      expect_errors=True)
    assert fault(resp, 403)[0] == 'forbidden'


def test_a_body_over_the_limit_is_refused(api, conf):
    conf('max_request_body_size', 4096, group='oslo_middleware')
    body = cluster_body()
    body['cluster']['name'] = 'x' * 10000
    resp = api.post(URL, json.dumps(body), content_type='application/json',
                    expect_errors=True)
    name, message = fault(resp, 413)
    assert name == 'overLimit' and '4096 bytes' in message
    nothing_recorded(api)


@pytest.mark.parametrize('size', ['²', '١٢x', '1.5', '-1', ' ', '0x10'])
def test_odd_volume_sizes_are_a_400(api, size):
    body = cluster_body()
    for item in body['cluster']['instances']:
        item['volume']['size'] = size
    assert fault(api.post_json(URL, body, expect_errors=True), 400)[0] == \
        'badRequest'
    nothing_recorded(api)
    c = api.post_json(URL, cluster_body()).json['cluster']
    db_api.cluster_update(c['id'], task_id=1)
    resp = api.post_json('%s/%s' % (URL, c['id']), {'grow': [
        {'flavorRef': '2', 'volume': {'size': size}}]}, expect_errors=True)
    assert fault(resp, 400)[0] == 'badRequest'


def test_loopback_names():
    for host in ('127.0.0.1', '127.255.0.9', '::1', '[::1]', 'localhost'):
        assert guards.is_loopback(host)
    for host in ('0.0.0.0', '10.0.0.1', 'example.com', '', None, '::'):
        assert not guards.is_loopback(host)
