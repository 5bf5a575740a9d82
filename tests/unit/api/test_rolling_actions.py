"""Rolling actions on the API: what is refused, what is recorded."""

from galeratrove.cluster import tasks
from galeratrove.db import api as db_api
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def active_cluster(api, n=3):
    c = api.post_json(URL, cluster_body(n=n)).json['cluster']
    db_api.cluster_update(c['id'], task_id=tasks.NONE.id)
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
    method, kwargs = taskmanager.wait_for(2)[-1]
    assert method == 'start_operation'
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
    assert db_api.cluster_get(c['id']).task_id == tasks.NONE.id
    assert [o.kind for o in db_api.operation_list(c['id'])] == ['create']


def test_restart_refuses_options(api, taskmanager):
    c = active_cluster(api)
    name, message = fault(action(api, c['id'], {'restart': {'x': 1}}, 400),
                          400)
    assert 'restart' in message
