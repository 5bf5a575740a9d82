"""Free-text names, options we cannot honour, and hostile bodies: each a
clear 400 (or accepted and kept), never a 500 or a half-written record."""

import json

import pytest

from galeratrove.db import api as db_api
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def post(api, body, url=URL, **kw):
    return api.post(url, json.dumps(body), content_type='application/json',
                    expect_errors=True, **kw)


def nothing_recorded(api):
    assert api.get(URL).json['clusters'] == []
    assert db_api.quota_usage('t1').get('instances', 0) == 0


@pytest.mark.parametrize('name', [
    'my shop', 'tienda de España ñ', 'shop 🚀🐬', 'say "hi"', "it's",
    'a;b', '#hash', 'k=v', '[section]', '-leading-dash', '--wsrep-new',
    'back\\slash', 'x' * 64])
def test_any_printable_name_is_kept_as_given(api, name):
    resp = post(api, cluster_body(name=name))
    assert resp.status_int == 200, resp.body
    cluster = resp.json['cluster']
    assert cluster['name'] == name
    assert cluster['instances'][0]['name'] == name + '-1'
    shown = api.get('%s/%s' % (URL, cluster['id'])).json['cluster']
    assert shown['name'] == name


@pytest.mark.parametrize('name, words', [
    ('a\x00b', 'control character U+0000'),
    ('line\nbreak', 'control character U+000A'),
    ('tab\there', 'control character U+0009'),
    ('bell\x07', 'control character U+0007'),
    ('c1\x85', 'control character U+0085'),
    (' padded', 'white space'),
    ('padded ', 'white space'),
    ('', 'cluster/name'),
])
def test_control_characters_in_a_name_are_refused(api, name, words):
    name_, message = fault(post(api, cluster_body(name=name)), 400)
    assert name_ == 'badRequest' and words in message
    nothing_recorded(api)


def test_a_lone_surrogate_anywhere_is_refused(api):
    raw = json.dumps(cluster_body(name='SURROGATE')).replace(
        'SURROGATE', '\\ud800x')
    for body in (raw, raw.replace('"mariadb"', '"\\udfff"')):
        resp = api.post(URL, body, content_type='application/json',
                        expect_errors=True)
        assert 'lone surrogate' in fault(resp, 400)[1]
    nothing_recorded(api)


def test_deep_nesting_is_refused(api):
    for depth in (1000, 50000):
        body = '{"cluster": ' + '[' * depth + ']' * depth + '}'
        resp = api.post(URL, body, content_type='application/json',
                        expect_errors=True)
        assert fault(resp, 400)[0] == 'badRequest'
    nothing_recorded(api)


def test_a_name_longer_than_the_limit_is_refused(api):
    message = fault(post(api, cluster_body(name='ñ' * 65)), 400)[1]
    assert '64 characters' in message
    nothing_recorded(api)


@pytest.mark.parametrize('extra, option, why', [
    ({'locality': 'anti-affinity'}, 'locality', 'nova compute driver'),
    ({'modules': [{'id': 'm'}]}, 'modules', 'not supported'),
    ({'extended_properties': {'a': 1}}, 'extended_properties',
     'not supported'),
    ({'region_name': 'r2'}, 'region_name', 'single region'),
])
def test_cluster_options_we_cannot_honour_are_refused(api, extra, option,
                                                      why):
    message = fault(post(api, cluster_body(**extra)), 400)[1]
    assert option in message and why in message
    nothing_recorded(api)


INSTANCE_OPTIONS = [
    ({'nics': [{'net-id': 'n1'}]}, 'instances[0].nics', 'networks'),
    ({'nics': [{'network_id': 'n', 'v4-fixed-ip': '10.0.0.5'}]},
     'instances[0].nics', 'fixed IPs'),
    ({'nics': [{'subnet_id': 's'}]}, 'instances[0].nics', 'subnets'),
    ({'availability_zone': 'az2'}, 'instances[0].availability_zone',
     'availability zones'),
    ({'region_name': 'r2'}, 'instances[0].region_name', 'single region'),
    ({'region': 'r2'}, 'instances[0].region', 'single region'),
    ({'modules': ['m1']}, 'instances[0].modules', 'not supported'),
    ({'volume': {'size': 2, 'type': 'ssd'}}, 'instances[0].volume.type',
     'volume types'),
    ({'type': 'query_router'}, 'instances[0].type', 'member'),
    ({'type': ['member', 'arbiter']}, 'instances[0].type', 'member'),
]


@pytest.mark.parametrize('extra, option, why', INSTANCE_OPTIONS)
def test_instance_options_we_cannot_honour_are_refused(api, extra, option,
                                                       why):
    body = cluster_body()
    body['cluster']['instances'][0].update(extra)
    message = fault(post(api, body), 400)[1]
    assert option in message and why in message
    nothing_recorded(api)


@pytest.mark.parametrize('extra, option, why', INSTANCE_OPTIONS)
def test_grow_refuses_the_same_options(api, extra, option, why):
    c = post(api, cluster_body()).json['cluster']
    db_api.cluster_update(c['id'], task_id=1)
    item = {'flavorRef': '2', 'volume': {'size': 2}}
    item.update(extra)
    resp = post(api, {'grow': [item]}, url='%s/%s' % (URL, c['id']))
    message = fault(resp, 400)[1]
    assert option in message and why in message
    shown = api.get('%s/%s' % (URL, c['id'])).json['cluster']
    assert len(shown['instances']) == 3 and shown['task']['name'] == 'NONE'


def test_empty_and_member_values_are_not_options(api):
    body = cluster_body()
    body['cluster']['instances'][0].update(
        nics=[], availability_zone=None, type='member',
        volume={'size': 2, 'type': None})
    body['cluster']['instances'][1]['type'] = ['member']
    body['cluster'].update(locality=None, configuration=None)
    assert post(api, body).status_int == 200


@pytest.mark.parametrize('where', ['cluster', 'instance', 'volume'])
def test_unknown_options_are_refused_not_dropped(api, where):
    body = cluster_body()
    target = {'cluster': body['cluster'],
              'instance': body['cluster']['instances'][0],
              'volume': body['cluster']['instances'][0]['volume']}[where]
    target['tuning'] = {'innodb_buffer_pool_size': '8G'}
    message = fault(post(api, body), 400)[1]
    assert "'tuning' was unexpected" in message
    nothing_recorded(api)


@pytest.mark.parametrize('password', ['a"b', 'a\\b', 'two\nlines', ''])
def test_root_passwords_the_guest_cannot_take_are_refused(api, password):
    c = post(api, cluster_body()).json['cluster']
    resp = post(api, {'password': password},
                url='%s/%s/root' % (URL, c['id']))
    assert fault(resp, 400)[0] == 'badRequest'
    assert password not in resp.text or not password
