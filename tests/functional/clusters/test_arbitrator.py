"""Two data nodes and a Galera arbitrator (garbd), with real processes.

The arbitrator's vote keeps the surviving data node Primary when the
other is killed; the killed node is healed and catches up.
"""

import os
import signal

from galeratrove.guestagent.datastore.galera_common import process
from tests.functional.clusters.conftest import member_view
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters import writes
from tests.functional import helpers

ARBITRATOR = {'flavorRef': '1', 'type': 'arbitrator'}
DATA = {'flavorRef': '2', 'volume': {'size': 1}}


def _server_pids(server, instance_id, binary):
    return [pid for pid in server.node_pids()
            if binary in ' '.join(process.cmdline(pid))
            and instance_id in ' '.join(process.cmdline(pid))]


def _synced(tc, cluster_id, data_ids, size):
    for iid in data_ids:
        body = member_view(tc, cluster_id, iid)
        galera = body.get('galera') or {}
        if (body['status'] != 'ACTIVE' or
                galera.get('wsrep_local_state_comment') != 'Synced' or
                galera.get('wsrep_cluster_size') != size):
            return False
    return tc.clusters.get(cluster_id).task['name'] == 'NONE'


def _wait_synced(tc, cluster_id, data_ids, size, timeout=30):
    """Heartbeats report each state change within a second or so."""
    helpers.wait_until(lambda: _synced(tc, cluster_id, data_ids, size),
                       timeout, '%d data nodes Synced in a %d-member '
                       'component' % (len(data_ids), size))


def test_two_data_nodes_and_an_arbitrator_survive_a_killed_node(server):
    tc = server.client()
    cluster = tc.clusters.create('arbitrated', 'mariadb', '10.11',
                                 instances=[DATA, DATA, ARBITRATOR])
    cluster = wait_task(tc, cluster.id)
    types = {i['id']: i['type'] for i in cluster.instances}
    assert sorted(types.values()) == ['arbitrator', 'member', 'member']
    arbitrator, = [i for i, t in types.items() if t == 'arbitrator']
    data = [i for i, t in types.items() if t == 'member']
    assert member_view(tc, cluster.id, arbitrator)['type'] == 'arbitrator'
    assert _server_pids(server, arbitrator, 'garbd')
    assert len(cluster.ip) == 2  # clients connect to the data nodes
    _wait_synced(tc, cluster.id, data, 3)

    password = tc.root.create_cluster_root(cluster.id)[1]
    survivor_ip, victim_ip = cluster.ip
    victim, = [i['id'] for i in cluster.instances
               if i.get('ip') == victim_ip]
    with writes.Load([survivor_ip, victim_ip], password) as load:
        helpers.wait_until(lambda: len(load.acked) > 50, 60, 'writes')
        for pid in _server_pids(server, victim, 'mariadbd'):
            os.kill(pid, signal.SIGKILL)
        helpers.wait_until(
            lambda: tc.clusters.get(cluster.id).task['name'] ==
            'RESTARTING_CLUSTER', 60, 'the heal of the killed node')
        _wait_synced(tc, cluster.id, data, 3, timeout=180)
        acked = len(load.acked)
        helpers.wait_until(lambda: len(load.acked) > acked + 50, 60,
                           'writes after the heal')
    # The survivor was Primary in every sample: the arbitrator's vote.
    assert all(s[0].startswith('Primary/') for s in load.samples), [
        s for s in load.samples if not s[0].startswith('Primary/')][:5]
    assert any(s[1] == 'down' for s in load.samples)
    load.check_rows([survivor_ip, victim_ip])

    # Shrink removes the arbitrator; grow adds one back.
    tc.clusters.shrink(cluster.id, [{'id': arbitrator}])
    wait_task(tc, cluster.id)
    assert not _server_pids(server, arbitrator, 'garbd')
    _wait_synced(tc, cluster.id, data, 2)
    tc.clusters.grow(cluster.id, [ARBITRATOR])
    cluster = wait_task(tc, cluster.id)
    assert sorted(i['type'] for i in cluster.instances) == [
        'arbitrator', 'member', 'member']
    _wait_synced(tc, cluster.id, data, 3)
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)
