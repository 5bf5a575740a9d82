"""Cluster API: an arbitrator member (garbd) beside the data nodes."""

import pytest

from galeratrove.db import api as db_api
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'
ARBITRATOR = {'flavorRef': '1', 'type': 'arbitrator'}


def body_with_arbitrator(data=2, **arbitrator):
    body = cluster_body(n=data)
    body['cluster']['instances'].append(dict(ARBITRATOR, **arbitrator))
    return body


def create(api, body):
    return api.post_json(URL, body, expect_errors=True)


def test_two_data_nodes_and_an_arbitrator(api):
    c = create(api, body_with_arbitrator()).json['cluster']
    assert [i['type'] for i in c['instances']] == [
        'member', 'member', 'arbitrator']
    arbitrator = c['instances'][2]
    assert arbitrator['volume'] == {'size': 0}
    assert arbitrator['flavor']['id'] == '1'  # its own flavor
    shown = api.get('%s/%s/instances/%s' % (URL, c['id'], arbitrator['id']))
    assert shown.json['instance']['type'] == 'arbitrator'
    # Quotas: three instances, volumes of the two data nodes only.
    assert db_api.quota_usage('t1') == {'instances': 3, 'volumes': 4}


@pytest.mark.parametrize('body, words', [
    (body_with_arbitrator(volume={'size': 1}),
     'an arbitrator holds no data and takes no volume'),
    (body_with_arbitrator(data=1), 'at least 3 instances'),
    (dict(cluster=dict(body_with_arbitrator()['cluster'], instances=(
        body_with_arbitrator()['cluster']['instances'] + [ARBITRATOR]))),
     'at most one arbitrator'),
    (dict(cluster=dict(cluster_body()['cluster'], instances=[
        {'flavorRef': '2'}] * 3)), "'volume' is a required property"),
    (body_with_arbitrator(type='witness'),
     'type "member" or "arbitrator"'),
])
def test_refused_with_a_400(api, body, words):
    name, message = fault(create(api, body), 400)
    assert name == 'badRequest' and words in message, message
    assert db_api.quota_usage('t1').get('instances', 0) == 0


def test_two_data_nodes_needed_even_with_more_instances(api, conf):
    conf('min_cluster_member_count', 2, group='mariadb')
    name, message = fault(create(api, body_with_arbitrator(data=1)), 400)
    assert 'at least 2 data nodes' in message


def test_without_an_arbitrator_the_member_minimum_alone_counts(api, conf):
    conf('min_cluster_member_count', 1, group='mariadb')
    c = create(api, cluster_body(n=1)).json['cluster']
    assert [i['type'] for i in c['instances']] == ['member']


def _idle(cluster_id, smallest_volume=None):
    db_api.cluster_update(cluster_id, task_id=1)


def test_grow_with_an_arbitrator_counts_only_data_volumes(api):
    c = create(api, body_with_arbitrator()).json['cluster']
    _idle(c['id'])
    # The arbitrator's volume 0 is no "smallest volume": 1 GB < 2 GB.
    resp = api.post_json('%s/%s' % (URL, c['id']), {'grow': [
        {'flavorRef': '2', 'volume': {'size': 1}}]}, expect_errors=True)
    assert 'at least 2 GB' in fault(resp, 400)[1]
    resp = api.post_json('%s/%s' % (URL, c['id']), {'grow': [
        ARBITRATOR]}, expect_errors=True)
    assert 'at most one arbitrator' in fault(resp, 400)[1]


def test_grow_adds_an_arbitrator(api):
    c = create(api, cluster_body()).json['cluster']
    _idle(c['id'])
    grown = api.post_json('%s/%s' % (URL, c['id']), {'grow': [ARBITRATOR]})
    assert [i['type'] for i in grown.json['cluster']['instances']] == [
        'member'] * 3 + ['arbitrator']


def test_shrink_may_remove_the_arbitrator_not_the_last_data_node(api):
    c = create(api, body_with_arbitrator()).json['cluster']
    _idle(c['id'])
    data = [i['id'] for i in c['instances'] if i['type'] == 'member']
    resp = api.post_json('%s/%s' % (URL, c['id']), {'shrink': [
        {'id': i} for i in data]}, expect_errors=True)
    assert 'at least 1 data node' in fault(resp, 400)[1]
    arbitrator = c['instances'][2]['id']
    api.post_json('%s/%s' % (URL, c['id']), {'shrink': [{'id': arbitrator}]})
