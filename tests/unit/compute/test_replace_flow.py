"""The replace flow drives any compute driver through its interface only.

Run here on the recording ``fake`` driver (Nova's stand-in in unit tests)
with stub guests: the newcomer is a BootRequest like the old member's,
the old server is deleted through ``delete``, and nothing else of the
driver is touched.
"""

import pytest

from galeratrove.common import statuses
from galeratrove.common.strategies import strategy
from galeratrove import compute
from galeratrove.db import api as db_api
from galeratrove.taskmanager import instances
from galeratrove.taskmanager import operation
from tests.unit.api.conftest import cluster_body
from tests.unit.compute.test_interfaces import fake_api  # noqa: F401


class Guests:
    """Every guest answers; the Primary view counts the live servers."""

    def __init__(self):
        self.calls = []

    def __call__(self, member):
        guests = self

        class Guest:
            def __getattr__(self, name):
                def call(*args, **kwargs):
                    guests.calls.append((name, member.name))
                    if name == 'get_status':
                        size = len(compute.get_driver().servers)
                        return {'running': True, 'wsrep_ready': 'ON',
                                'wsrep_cluster_status': 'Primary',
                                'wsrep_local_state_comment': 'Synced',
                                'wsrep_cluster_size': size}
                    if name == 'get_cluster_context':
                        return {'admin_password': 'a',
                                'replication_user': {'name': 'r',
                                                     'password': 'p'}}
                    return True
                return call
        return Guest()


@pytest.mark.parametrize('gone', [False, True])
def test_replace_boots_and_deletes_through_the_driver(
        fake_api, taskmanager, conf, gone):  # noqa: F811
    conf('guest_call_timeout', 5, group='cluster')
    fake_api.post_json('/v1.0/demo/clusters', cluster_body(flavor='1'))
    (_, call), = taskmanager.wait_for(1)
    cluster_id = call['cluster_id']
    driver = compute.get_driver()
    create = operation.Operation(None, db_api.operation_get(
        call['operation_id']))
    for inst in create.instances():
        instances.boot(create, inst, 'mariadb')
        db_api.instance_update(inst.id, status='ACTIVE')
    db_api.cluster_update(cluster_id, task_id=statuses.NONE.id)
    old = create.instances()[1]
    old_server = db_api.instance_get(old.id).compute_id
    op_id, new_id = db_api.cluster_replace(
        'demo', cluster_id, old.id, statuses.REPLACING_INSTANCE.id,
        statuses.NONE.id)
    if gone:
        # Its server deleted behind our back: nothing to stop.
        driver.delete(old_server)
    op = operation.Operation(None, db_api.operation_get(op_id))
    guests = Guests()
    op.guest = guests
    before = len(driver.requests)
    strategy.taskmanager_strategy('mariadb').replace_instance(op)
    request, = driver.requests[before:]
    assert request.instance_id == new_id
    assert request.flavor.id == '1' and request.volume.size == 2
    assert old_server not in driver.servers and len(driver.servers) == 3
    names = [i.name for i in db_api.cluster_get(cluster_id).instances]
    assert names == ['products-1', 'products-3', 'products-4']
    assert (('stop_db', 'products-2') in guests.calls) is not gone
    assert ('install_cluster', 'products-4') in guests.calls
    assert db_api.quota_usage('demo')['instances'] == 3
