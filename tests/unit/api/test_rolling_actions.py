"""Rolling actions on the API: what is refused, what is recorded."""

from galeratrove.common import statuses
from galeratrove.db import api as db_api
from galeratrove.taskmanager import instances as tm_instances
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def active_cluster(api, n=3):
    c = api.post_json(URL, cluster_body(n=n)).json['cluster']
    db_api.cluster_update(c['id'], task_id=statuses.NONE.id)
    for inst in c['instances']:
        db_api.instance_update(inst['id'], status='ACTIVE')
    return c


def action(api, cluster_id, body, status=202):
    return api.post_json('%s/%s' % (URL, cluster_id), body,
                         status=status, expect_errors=status != 202)


def test_restart_records_an_operation_and_casts(api, taskmanager):
    c = active_cluster(api)
    resp = action(api, c['id'], {'restart': {}})
    assert resp.json['cluster']['task']['name'] == 'ROLLING_RESTART'
    kwargs = taskmanager.called('start_operation', 2)
    op = db_api.operation_get(kwargs['operation_id'])
    assert (op.kind, op.state, op.cluster_id) == ('restart', 'PENDING',
                                                  c['id'])
    # A second one is refused while the first runs.
    name, message = fault(action(api, c['id'], {'restart': {}}, 422), 422)
    assert 'ROLLING_RESTART' in message


def test_restart_needs_every_member_active(api, taskmanager):
    c = active_cluster(api)
    db_api.instance_update(c['instances'][1]['id'], status='ERROR')
    name, message = fault(action(api, c['id'], {'restart': None}, 422), 422)
    assert 'products-2' in message and 'ACTIVE' in message
    assert db_api.cluster_get(c['id']).task_id == statuses.NONE.id
    assert [o.kind for o in db_api.operation_list(c['id'])] == ['create']


def test_restart_refuses_options(api, taskmanager):
    c = active_cluster(api)
    name, message = fault(action(api, c['id'], {'restart': {'x': 1}}, 400),
                          400)
    assert 'restart' in message


def test_upgrade_refusals_name_why(api, taskmanager):
    c = active_cluster(api)
    db_api.datastore_version_update('mariadb', '10.6', 'mariadb')
    db_api.datastore_version_update('mariadb', '11.4', 'mariadb',
                                    active=False)
    for version, words in (('10.6', 'Downgrading from mariadb 10.11 to '
                                    '10.6 is not supported'),
                           ('8.0', 'belongs to datastore pxc'),
                           ('10.11', 'already runs mariadb 10.11'),
                           ('11.4', 'not active'),
                           ('12.0', 'not a registered version of mariadb '
                                    '(registered: 10.11, 10.6, 11.4)')):
        resp = action(api, c['id'], {'upgrade': {
            'datastore_version': version}}, 400)
        assert words in fault(resp, 400)[1], version
    resp = action(api, c['id'], {'upgrade': {}}, 400)
    assert 'datastore_version' in fault(resp, 400)[1]
    assert db_api.cluster_get(c['id']).task_id == statuses.NONE.id


def test_upgrade_by_name_or_id_records_the_target(api, taskmanager):
    c = active_cluster(api)
    target = db_api.datastore_version_update('mariadb', '10.11.99',
                                             'mariadb')
    resp = action(api, c['id'], {'upgrade': {'datastore_version':
                                             target.id}})
    assert resp.json['cluster']['task']['name'] == 'UPGRADING_CLUSTER'
    op = db_api.operation_list(c['id'])[-1]
    assert (op.kind, op.params) == ('upgrade', {
        'datastore_version_id': target.id})


def test_replace_records_a_twin_and_keeps_quota_honest(api, taskmanager):
    c = active_cluster(api)
    old = c['instances'][1]
    db_api.instance_update(old['id'], status='ERROR')
    resp = action(api, c['id'], {'replace-instance': {'id': old['id']}})
    cluster = resp.json['cluster']
    assert cluster['task']['name'] == 'REPLACING_INSTANCE'
    new = cluster['instances'][-1]
    assert new['name'] == 'products-4' and new['status'] == 'BUILD'
    assert new['flavor']['id'] == old['flavor']['id']
    assert new['volume'] == old['volume']
    op = db_api.operation_list(c['id'])[-1]
    assert op.params == {'old': old['id'], 'instances': [new['id']]}
    assert db_api.quota_usage('t1')['instances'] == 4


def test_replace_refusals(api, taskmanager):
    c = active_cluster(api)
    resp = action(api, c['id'], {'replace-instance': {'id': 'nope'}}, 400)
    assert 'not a member' in fault(resp, 400)[1]
    db_api.instance_update(c['instances'][1]['id'], status='ERROR')
    db_api.instance_update(c['instances'][2]['id'], status='SHUTDOWN')
    resp = action(api, c['id'], {'replace-instance': {
        'id': c['instances'][1]['id']}}, 422)
    message = fault(resp, 422)[1]
    # The refusal names the other member that does not serve.
    assert 'quorum' in message and '1 are (products-3 is SHUTDOWN)' in \
        message, message
    assert len(db_api.cluster_get(c['id']).instances) == 3


def test_a_gone_member_with_two_serving_others_is_replaced(api,
                                                           taskmanager):
    # As the health checks leave it: ERROR with the "gone" fault; the
    # others ACTIVE or waiting for a restart (both serve).
    c = active_cluster(api)
    gone, first, last = (c['instances'][1], c['instances'][0],
                         c['instances'][2])
    db_api.instance_update(gone['id'], status='ERROR',
                           fault_message=tm_instances.GONE)
    db_api.instance_update(last['id'], status='RESTART_REQUIRED')
    resp = action(api, c['id'], {'replace-instance': {'id': gone['id']}})
    assert resp.json['cluster']['task']['name'] == 'REPLACING_INSTANCE'
    assert first['id'] in {i['id'] for i in resp.json['cluster'][
        'instances']}


def test_upgrade_to_another_image_is_refused_on_a_cloud(api, taskmanager,
                                                        conf):
    c = active_cluster(api)
    db_api.datastore_version_update('mariadb', '10.11.99', 'mariadb',
                                    image_id='img-new')
    conf('driver', 'fake', group='compute')
    resp = action(api, c['id'], {'upgrade': {
        'datastore_version': '10.11.99'}}, 400)
    assert 'another image' in fault(resp, 400)[1]


def test_rolling_actions_wait_for_a_taskmanager_that_speaks_them(
        api, taskmanager, conf):
    c = active_cluster(api)
    conf('rpc_version_cap', '1.0', group='taskmanager')
    for body in ({'restart': {}}, {'replace-instance': {
            'id': c['instances'][0]['id']}}):
        resp = action(api, c['id'], body, 422)
        assert 'RPC API 1.1' in fault(resp, 422)[1]
    assert [o.kind for o in db_api.operation_list(c['id'])] == ['create']
