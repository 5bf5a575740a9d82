"""Failures leave a visible fault and a cluster the user can act on."""

import os
import signal

from galeratrove.guestagent.datastore.galera_common import process
from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import HUGE_FLAVOR
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional import helpers


def test_a_node_that_cannot_start_is_faulted_and_can_be_shrunk(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'faulty').id)
    tc.clusters.grow(cluster.id, [{'flavorRef': HUGE_FLAVOR,
                                   'volume': {'size': 1}}])
    cluster = wait_task(tc, cluster.id)
    bad = cluster.instances[-1]
    assert bad['status'] == 'ERROR'
    assert 'Starting the node failed' in bad['fault']['message']
    assert [i['status'] for i in cluster.instances[:3]] == ['ACTIVE'] * 3
    resp, body = tc.client.get('/clusters/%s/instances/%s' % (
        cluster.id, bad['id']))
    assert body['instance']['fault']['message'] == bad['fault']['message']
    tc.clusters.shrink(cluster.id, [{'id': bad['id']}])
    cluster = wait_task(tc, cluster.id)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    assert not os.path.exists(server.instance_dir(bad['id']))
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)


def test_a_taskmanager_killed_mid_create_finishes_after_restart(server):
    tc = server.client()
    cluster = create(tc, 'interrupted')

    def bootstrapped():
        insts = tc.clusters.get(cluster.id).instances
        return any(i['status'] == 'ACTIVE' for i in insts)
    helpers.wait_until(bootstrapped, 120, 'the first node bootstrapped')
    server.kill()
    server.start()
    tc = server.client()
    done = wait_task(tc, cluster.id)
    assert [i['status'] for i in done.instances] == ['ACTIVE'] * 3
    helpers.wait_until(
        lambda: tc.client.get('/clusters/%s/instances/%s' % (
            cluster.id, done.instances[-1]['id']))[1]['instance'].get(
            'galera', {}).get('wsrep_cluster_size') == 3,
        60, 'the last node reporting a 3-node cluster')
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)


def test_delete_during_build_stops_it_and_cleans_up(server):
    tc = server.client()
    cluster = create(tc, 'shortlived')
    ids = [i['id'] for i in cluster.instances]
    helpers.wait_until(lambda: tc.clusters.get(cluster.id).ip, 60,
                       'the instances booted')
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)

    assert not any(os.path.exists(server.instance_dir(i)) for i in ids)
    assert server.node_pids() == []


def _kill_nodes(server, instance_ids):
    for pid in server.node_pids():
        args = ' '.join(process.cmdline(pid))
        if 'mariadbd' in args and any(i in args for i in instance_ids):
            os.kill(pid, signal.SIGKILL)


def _error_log(server, instance_id):
    return os.path.join(server.instance_dir(instance_id), 'node', 'log',
                        'error.log')


def _all_synced(tc, cluster_id, size):
    cluster = tc.clusters.get(cluster_id)
    for inst in cluster.instances:
        body = tc.client.get('/clusters/%s/instances/%s' % (
            cluster_id, inst['id']))[1]['instance']
        galera = body.get('galera') or {}
        if (body['status'] != 'ACTIVE' or not galera.get('running') or
                galera.get('wsrep_cluster_size') != size or
                galera.get('wsrep_local_state_comment') != 'Synced'):
            return False
    return cluster.task['name'] == 'NONE'


def test_stopped_nodes_and_a_full_outage_heal_themselves(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'selfheal').id)
    password = tc.root.create_cluster_root(cluster.id)[1]
    with connect(cluster.ip[0], password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE heal')
        cur.execute('CREATE TABLE heal.t (id INT PRIMARY KEY)')
        cur.execute('INSERT INTO heal.t VALUES (1), (2)')
    ids = [i['id'] for i in cluster.instances]
    for victims, what in ((ids[1:2], 'a stopped node'),
                          (ids, 'a full outage')):
        logged = {i: os.path.getsize(_error_log(server, i)) for i in victims}
        _kill_nodes(server, victims)
        helpers.wait_until(
            lambda: tc.clusters.get(cluster.id).task['name'] ==
            'RESTARTING_CLUSTER', 60, 'the heal of ' + what)
        helpers.wait_until(lambda: _all_synced(tc, cluster.id, 3), 180,
                           'a 3-node cluster again after ' + what)
        if len(victims) == 1:
            # Rejoined from its recovered position: IST, not a full SST.
            with open(_error_log(server, victims[0]),
                      errors='replace') as handle:
                handle.seek(logged[victims[0]])
                log = handle.read()
            assert 'IST received' in log, log[-3000:]
    for ip in cluster.ip:
        with connect(ip, password) as conn, conn.cursor() as cur:
            cur.execute('SELECT COUNT(*) FROM heal.t')
            assert cur.fetchone() == (2,)
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)
