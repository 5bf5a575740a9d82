"""RPC between real processes over the machine's RabbitMQ."""

import os

from galeratrove.common import context
from galeratrove.common import rpc
from galeratrove.conductor import rpcapi as conductor_rpcapi
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import migration
from galeratrove.db import rpc_keys
from galeratrove.taskmanager import rpcapi as task_rpcapi
from tests.functional import helpers


def _setup(tmp_path, conf, state_root):
    db_url = 'sqlite:///%s' % (tmp_path / 'gt.sqlite')
    # The taskmanager hosts nodes: its state must be reachable by them.
    state = os.path.join(state_root, 'state')
    sections = helpers.rabbit_sections(state)
    for key, value in sections.items():
        conf(key, value)
    db_api.configure(db_url)
    migration.upgrade()
    path = helpers.write_conf(tmp_path / 'gt.conf', {
        'DEFAULT': sections, 'database': {'connection': db_url}})
    return path


def test_taskmanager_answers_a_call_from_another_process(tmp_path, conf,
                                                         open_root):
    path = _setup(tmp_path, conf, open_root)
    svc = helpers.Service('galeratrove-taskmanager', path,
                          str(tmp_path / 'tm.log'))
    try:
        # Declared first, the queue keeps the call until the server starts.
        rpc.ensure_queue(CONF.taskmanager_queue)
        api = task_rpcapi.API(context.admin_context())
        assert api.ping(timeout=60) == 'pong'
        assert rpc.get_transport().conf.transport_url.startswith('rabbit')
    finally:
        svc.stop()


def test_conductor_stores_a_heartbeat_cast_over_rabbit(tmp_path, conf,
                                                       open_root):
    path = _setup(tmp_path, conf, open_root)
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    cluster_id, _ = db_api.cluster_create(
        't1', 'c', dsv.id, [{'flavor_id': '2', 'volume_size': 1}], {}, 1)
    inst = db_api.cluster_get(cluster_id).instances[0]
    db_api.instance_update(inst.id, status='ACTIVE')
    svc = helpers.Service('galeratrove-conductor', path,
                          str(tmp_path / 'conductor.log'))
    try:
        report = {'running': True, 'wsrep_ready': 'ON',
                  'wsrep_cluster_status': 'Primary',
                  'wsrep_local_state_comment': 'Synced',
                  'wsrep_cluster_size': 3}
        rpc.ensure_queue(CONF.conductor_queue)
        guest = conductor_rpcapi.API(inst.id, rpc_keys.issue(inst.id))
        guest.heartbeat(report, volume_used=0.25)
        row = helpers.wait_until(
            lambda: (lambda r: r if r.heartbeat_at else None)(
                db_api.instance_get(inst.id)), 60, 'the heartbeat')
        assert row.guest_status == report and row.volume_used == 0.25
        guest.heartbeat({'running': False})
        helpers.wait_until(
            lambda: db_api.instance_get(inst.id).status == 'SHUTDOWN', 60,
            'SHUTDOWN after the server stopped')
    finally:
        svc.stop()
