"""Cluster API: the spec's shapes, the rules, tenancy, policy, paging."""

import pytest

from galeratrove.db import api as db_api
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def create(api, tenant='t1', **kw):
    return api.post_json('/v1.0/%s/clusters' % tenant, cluster_body(**kw))


def set_task(cluster_id, task_id=1):
    db_api.cluster_update(cluster_id, task_id=task_id)


def test_create_returns_the_spec_shape_and_casts(api, taskmanager):
    resp = create(api)
    assert resp.status_int == 200
    c = resp.json['cluster']
    assert set(c) == {'id', 'name', 'task', 'created', 'updated', 'links',
                      'datastore', 'instances', 'ip', 'tls'}
    assert c['task'] == {'id': 2, 'name': 'BUILDING',
                         'description': 'Building the initial cluster.'}
    assert c['datastore'] == {'type': 'mariadb', 'version': '10.11'}
    assert [i['name'] for i in c['instances']] == [
        'products-1', 'products-2', 'products-3']
    for inst in c['instances']:
        assert inst['status'] == 'BUILD'
        assert inst['flavor']['id'] == '2' and inst['flavor']['links']
        assert inst['volume'] == {'size': 2}
    assert c['links'][0]['href'].endswith('/v1.0/t1/clusters/' + c['id'])
    (method, kwargs), = taskmanager.wait_for(1)
    assert method == 'create_cluster'
    assert kwargs['cluster_id'] == c['id'] and kwargs['tenant'] == 't1'
    op = db_api.operation_get(kwargs['operation_id'])
    assert op.kind == 'create' and op.cluster_id == c['id']


def test_show_and_list_use_the_same_view(api):
    c = create(api).json['cluster']
    shown = api.get('%s/%s' % (URL, c['id'])).json['cluster']
    listed = api.get(URL).json['clusters']
    assert listed == [shown]
    assert shown['id'] == c['id'] and shown['ip'] == []


def test_instance_view(api):
    c = create(api).json['cluster']
    iid = c['instances'][0]['id']
    db_api.instance_update(iid, addresses=['127.10.0.9'], volume_used=0.17,
                           status='ACTIVE')
    inst = api.get('%s/%s/instances/%s' % (URL, c['id'], iid)).json[
        'instance']
    assert inst['cluster_id'] == c['id'] and inst['name'] == 'products-1'
    assert inst['ip'] == ['127.10.0.9'] and inst['status'] == 'ACTIVE'
    assert inst['volume'] == {'size': 2, 'used': 0.17}
    assert inst['datastore'] == {'type': 'mariadb', 'version': '10.11'}
    assert api.get('%s/%s' % (URL, c['id'])).json['cluster']['ip'] == [
        '127.10.0.9']
    resp = api.get('%s/%s/instances/nope' % (URL, c['id']),
                   expect_errors=True)
    assert fault(resp, 404)[0] == 'itemNotFound'


@pytest.mark.parametrize('body, words', [
    ('{not json', 'not valid JSON'),
    ('[]', 'Invalid request body'),
    ('{"cluster": {"name": "x"}}', "'datastore' is a required property"),
])
def test_malformed_bodies(api, body, words):
    resp = api.post(URL, body, content_type='application/json',
                    expect_errors=True)
    name, message = fault(resp, 400)
    assert name == 'badRequest' and words in message


@pytest.mark.parametrize('change, code, words', [
    (dict(n=2), 400, 'at least 3 instances; 2 given'),
    (dict(size=0), 400, 'minimum of 1'),
    (dict(size=-5), 400, 'minimum of 1'),
    (dict(size='big'), 400, "is not of type 'integer'"),
    (dict(flavor='99'), 404, 'Flavor 99 could not be found'),
    (dict(name=''), 400, 'cluster/name'),
    (dict(name='x' * 80), 400, 'longer than 64'),
])
def test_create_validation(api, change, code, words):
    resp = api.post_json(URL, cluster_body(**change), expect_errors=True)
    assert words in fault(resp, code)[1]
    assert db_api.cluster_list('t1', 10) == ([], False)


def test_create_needs_one_flavor_and_size(api):
    body = cluster_body()
    body['cluster']['instances'][2]['flavorRef'] = '3'
    assert 'same flavor' in fault(
        api.post_json(URL, body, expect_errors=True), 400)[1]
    body = cluster_body()
    body['cluster']['instances'][1]['volume']['size'] = 5
    assert 'same volume size' in fault(
        api.post_json(URL, body, expect_errors=True), 400)[1]


def test_unknown_or_inactive_datastore(api):
    body = cluster_body()
    body['cluster']['datastore'] = {'type': 'mongodb', 'version': '4'}
    name, message = fault(api.post_json(URL, body, expect_errors=True), 404)
    assert 'mongodb' in message
    body['cluster']['datastore'] = {'type': 'pxc', 'version': '8.0'}
    name, message = fault(api.post_json(URL, body, expect_errors=True), 400)
    assert 'not active' in message and 'not installed' in message


def test_quota_is_checked_before_anything_is_recorded(api, conf):
    conf('max_instances_per_tenant', 4)
    create(api)
    resp = api.post_json(URL, cluster_body(name='second'),
                         expect_errors=True)
    name, message = fault(resp, 413)
    assert name == 'overLimit' and 'instances' in message
    assert len(api.get(URL).json['clusters']) == 1
    conf('max_volumes_per_tenant', 7)
    c = api.get(URL).json['clusters'][0]
    set_task(c['id'])
    resp = api.post_json('%s/%s' % (URL, c['id']), {'grow': [
        {'flavorRef': '2', 'volume': {'size': 2}}]}, expect_errors=True)
    assert fault(resp, 413)[0] == 'overLimit'
    assert len(api.get('%s/%s' % (URL, c['id'])).json['cluster'][
        'instances']) == 3


def test_grow_rules(api, taskmanager):
    c = create(api, size=3).json['cluster']
    action = '%s/%s' % (URL, c['id'])
    grow = {'grow': [{'flavorRef': '4', 'volume': {'size': 3}}]}
    resp = api.post_json(action, grow, expect_errors=True)
    assert fault(resp, 422)[0] == 'unprocessableEntity'
    set_task(c['id'])
    small = {'grow': [{'flavorRef': '2', 'volume': {'size': 2}}]}
    assert 'at least 3 GB' in fault(
        api.post_json(action, small, expect_errors=True), 400)[1]
    resp = api.post_json(action, grow)
    assert resp.status_int == 202
    body = resp.json['cluster']
    assert body['task']['name'] == 'GROWING_CLUSTER'
    assert body['instances'][-1]['name'] == 'products-4'
    assert body['instances'][-1]['flavor']['id'] == '4'
    calls = taskmanager.wait_for(2)
    assert calls[-1][0] == 'grow_cluster'


def test_shrink_rules(api, taskmanager):
    c = create(api).json['cluster']
    ids = [i['id'] for i in c['instances']]
    action = '%s/%s' % (URL, c['id'])
    set_task(c['id'])
    other = create(api, name='other').json['cluster']['instances'][0]['id']
    for shrink, words in [
            ([{'id': other}], 'not a member'),
            ([{'id': i} for i in ids], 'keep at least 1'),
            ([{'id': ids[0]}, {'id': ids[0]}], 'more than once')]:
        resp = api.post_json(action, {'shrink': shrink}, expect_errors=True)
        assert words in fault(resp, 400)[1]
    resp = api.post_json(action, {'shrink': [{'id': ids[0]}]})
    assert resp.json['cluster']['task']['name'] == 'SHRINKING_CLUSTER'
    # The threading executor may deliver the two creates' casts after it.
    assert 'shrink_cluster' in [c[0] for c in taskmanager.wait_for(3)]


def test_shrink_needs_two_instances(api):
    c = create(api).json['cluster']
    for inst in c['instances'][1:]:
        db_api.instance_destroy(inst['id'])
    set_task(c['id'])
    resp = api.post_json('%s/%s' % (URL, c['id']),
                         {'shrink': [{'id': c['instances'][0]['id']}]},
                         expect_errors=True)
    assert 'at least 2 instances' in fault(resp, 400)[1]


@pytest.mark.parametrize('body', [
    {}, {'grow': [], 'shrink': []}, {'resize': {}}, {'shrink': [{}]},
    {'grow': [{'flavorRef': '2'}]},
])
def test_action_needs_exactly_one_known_action(api, body):
    c = create(api).json['cluster']
    resp = api.post_json('%s/%s' % (URL, c['id']), body, expect_errors=True)
    assert fault(resp, 400)[0] == 'badRequest'


def test_delete_in_any_task_but_deleting(api, taskmanager):
    c = create(api).json['cluster']
    resp = api.delete('%s/%s' % (URL, c['id']))
    assert resp.status_int == 202 and resp.body == b''
    shown = api.get('%s/%s' % (URL, c['id'])).json['cluster']
    assert shown['task']['name'] == 'DELETING'
    create_op = taskmanager.wait_for(2)[0][1]['operation_id']
    assert db_api.operation_get(create_op).state == 'CANCELLED'
    resp = api.delete('%s/%s' % (URL, c['id']), expect_errors=True)
    assert 'already being deleted' in fault(resp, 422)[1]


def test_tenants_never_see_each_other(api):
    c = create(api).json['cluster']
    iid = c['instances'][0]['id']
    other = '/v1.0/t2/clusters/%s' % c['id']
    assert api.get('/v1.0/t2/clusters').json['clusters'] == []
    for resp in (api.get(other, expect_errors=True),
                 api.delete(other, expect_errors=True),
                 api.get(other + '/instances/' + iid, expect_errors=True),
                 api.get(other + '/root', expect_errors=True),
                 api.post_json(other, {'reset-status': {}},
                               expect_errors=True)):
        name, message = fault(resp, 404)
        assert name == 'itemNotFound' and c['id'] in message
    assert api.get('%s/%s' % (URL, c['id'])).json['cluster']['task'][
        'name'] == 'BUILDING'


def test_reset_status_is_admin_only(api):
    c = create(api).json['cluster']
    action = '%s/%s' % (URL, c['id'])
    resp = api.post_json(action, {'reset-status': {}}, expect_errors=True,
                         headers={'X-Roles': 'member'})
    name, message = fault(resp, 403)
    assert name == 'forbidden' and 'reset-status' in message
    resp = api.post_json(action, {'reset-status': {}},
                         headers={'X-Roles': 'admin'})
    assert resp.json['cluster']['task']['name'] == 'NONE'
    for inst in resp.json['cluster']['instances']:
        assert inst['status'] == 'ERROR'
        assert 'status reset' in inst['fault']['message']
    members = {'X-Roles': 'member'}
    assert api.get(URL, headers=members).status_int == 200


def test_pagination_links(api):
    ids = [create(api, name='c%d' % n, n=3).json['cluster']['id']
           for n in range(5)]
    seen, url = [], URL + '?limit=2'
    while url:
        body = api.get(url).json
        seen += [c['id'] for c in body['clusters']]
        nxt = [link['href'] for link in body.get('links', [])
               if link['rel'] == 'next']
        assert len(body['clusters']) == 2 or not nxt
        url = nxt[0].split('localhost', 1)[1] if nxt else None
    full = api.get(URL + '?limit=5').json
    assert 'links' not in full
    assert seen == [c['id'] for c in full['clusters']]
    assert sorted(seen) == sorted(ids)
    for bad in ('0', '-1', 'ten'):
        resp = api.get(URL + '?limit=' + bad, expect_errors=True)
        assert 'limit' in fault(resp, 400)[1]


def test_page_size_caps_limit(api, conf):
    conf('clusters_page_size', 2)
    for n in range(3):
        create(api, name='c%d' % n)
    body = api.get(URL + '?limit=50').json
    assert len(body['clusters']) == 2 and body['links'][0]['rel'] == 'next'


def test_root_status_before_enable(api):
    c = create(api).json['cluster']
    assert api.get('%s/%s/root' % (URL, c['id'])).json == {
        'rootEnabled': False}
    resp = api.post('%s/%s/root' % (URL, c['id']), expect_errors=True)
    assert fault(resp, 422)[0] == 'unprocessableEntity'


def test_unknown_paths_and_methods(api):
    assert fault(api.get('/v1.0/t1/nothing', expect_errors=True),
                 404)[0] == 'itemNotFound'
    c = create(api).json['cluster']
    resp = api.put_json('%s/%s' % (URL, c['id']), {}, expect_errors=True)
    assert fault(resp, 405)[0] == 'badMethod'


def test_volume_sizes_as_digit_strings_are_accepted(api):
    body = cluster_body()
    for inst in body['cluster']['instances']:
        inst['volume']['size'] = '2'
    c = api.post_json(URL, body).json['cluster']
    assert [i['volume']['size'] for i in c['instances']] == [2, 2, 2]
    set_task(c['id'])
    grow = {'grow': [{'flavorRef': '2', 'volume': {'size': '3'}}]}
    resp = api.post_json('%s/%s' % (URL, c['id']), grow)
    assert resp.json['cluster']['instances'][-1]['volume']['size'] == 3
    body['cluster']['instances'][0]['volume']['size'] = '2.5'
    assert fault(api.post_json(URL, body, expect_errors=True), 400)[0] == \
        'badRequest'


def test_instances_by_their_own_id(api):
    c = create(api).json['cluster']
    iid = c['instances'][1]['id']
    inst = api.get('/v1.0/t1/instances/%s' % iid).json['instance']
    assert inst['cluster_id'] == c['id'] and inst['name'] == 'products-2'
    assert api.get('/v1.0/t1/instances').json == {'instances': []}
    listed = api.get('/v1.0/t1/instances?include_clustered=true').json
    assert len(listed['instances']) == 3
    resp = api.get('/v1.0/t2/instances/%s' % iid, expect_errors=True)
    assert fault(resp, 404)[0] == 'itemNotFound'
