"""Never stuck under faults (issue 14), with real nodes.

The service killed at every step of a create and a grow; a delete while a
joiner waits on donors; two of three nodes killed at once; a node whose
data directory is gone; a killed server noticed at once, with heartbeats
and health checks ten minutes apart.
"""

import contextlib
import os
import shutil
import signal
import sqlite3
import threading
import time

import pymysql
import pytest

from galeratrove.guestagent.datastore.galera_common import process
from tests.functional.clusters.conftest import cluster_sections
from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import member_view
from tests.functional.clusters.conftest import Server
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional import helpers


def _sql(server, query, *args):
    path = os.path.join(server.state, 'galeratrove.sqlite')
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return conn.execute(query, args).fetchall()


def _operation(server, cluster_id, kind):
    """(id, state, error) of the cluster's latest operation of a kind."""
    rows = _sql(server, 'SELECT id, state, error FROM operations WHERE '
                'cluster_id = ? AND kind = ? ORDER BY created DESC',
                cluster_id, kind)
    return rows[0] if rows else None


def _half_prepared(server):
    """A node's standalone server (prepare securing it) is running."""
    return [pid for pid in server.node_pids()
            if '--skip-networking' in process.cmdline(pid)]


def _kill_at_every_step(server, cluster_id, kind):
    """Kill -9 the service as each new step name starts; restart it.

    The prepare is killed once its nodes are half-initialised (a
    standalone server securing them runs). The resumed flow records
    its steps again from the top: each name is killed once, until the
    operation completes. Returns the names.
    """
    killed = []
    last_step = 0
    while True:
        def next_kill():
            op_id, state, error = _operation(server, cluster_id, kind)
            assert state not in ('FAILED', 'CANCELLED'), error
            for step_id, name in _sql(
                    server, 'SELECT id, name FROM operation_steps WHERE '
                    'operation_id = ? AND id > ? ORDER BY id', op_id,
                    last_step):
                if name not in killed:
                    return step_id, name
            return ('done', None) if state == 'COMPLETED' else None
        step_id, name = helpers.wait_until(
            next_kill, 180, '%s: a new step or the end' % kind,
            interval=0.05)
        if step_id == 'done':
            return killed
        if name == 'prepare the database servers':
            helpers.wait_until(lambda: _half_prepared(server), 60,
                               'a node half prepared')
        server.kill()
        killed.append(name)
        last_step = _sql(server, 'SELECT MAX(id) FROM operation_steps')[0][0]
        server.start()


def _node_processes(server, instance_id):
    marker = os.path.join(server.instance_dir(instance_id), 'node', '')
    return [' '.join(process.cmdline(pid))
            for pid in helpers.pids_mentioning(marker)]


def _all_synced(tc, cluster_id, size):
    cluster = tc.clusters.get(cluster_id)
    if cluster.task['name'] != 'NONE' or len(cluster.instances) != size:
        return False
    for inst in cluster.instances:
        body = member_view(tc, cluster_id, inst['id'])
        galera = body.get('galera') or {}
        if (body['status'] != 'ACTIVE' or
                galera.get('wsrep_cluster_size') != size or
                galera.get('wsrep_local_state_comment') != 'Synced'):
            return False
    return True


def _assert_one_server_each(server, tc, cluster_id):
    """No orphan: one wsrep server per node and nothing else of it."""
    for inst in tc.clusters.get(cluster_id).instances:
        procs = _node_processes(server, inst['id'])
        assert len(procs) == 1 and '--defaults-file' in procs[0], procs


def test_the_service_killed_at_every_step_of_create_and_grow(server):
    tc = server.client()
    cluster = create(tc, 'killedatsteps')
    killed = _kill_at_every_step(server, cluster.id, 'create')
    tc = server.client()
    assert {'boot 3 instances', 'prepare the database servers',
            'mark the cluster complete'} <= set(killed)
    assert [k for k in killed if k.startswith('join ')], killed
    helpers.wait_until(lambda: _all_synced(tc, cluster.id, 3), 60,
                       'a 3-node cluster after %s' % killed)
    _assert_one_server_each(server, tc, cluster.id)

    tc.clusters.grow(cluster.id, [{'flavorRef': '1',
                                   'volume': {'size': 1}}])
    killed = _kill_at_every_step(server, cluster.id, 'grow')
    tc = server.client()
    assert {'get the cluster context from a live member',
            'prepare the database servers'} <= set(killed)
    helpers.wait_until(lambda: _all_synced(tc, cluster.id, 4), 60,
                       'a 4-node cluster after %s' % killed)
    _assert_one_server_each(server, tc, cluster.id)
    password = tc.root.create_cluster_root(cluster.id)[1]
    cluster = tc.clusters.get(cluster.id)
    with connect(cluster.ip[0], password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE resumed')
    with connect(cluster.ip[3], password) as conn, conn.cursor() as cur:
        cur.execute('SET SESSION wsrep_sync_wait = 1')
        cur.execute("SHOW DATABASES LIKE 'resumed'")
        assert cur.fetchall() == (('resumed',),)
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)


def _servers_of(server, instance_ids):
    return [pid for pid in server.node_pids()
            if '--defaults-file' in ' '.join(process.cmdline(pid)) and
            any(i in ' '.join(process.cmdline(pid)) for i in instance_ids)]


def test_a_delete_while_a_joiner_waits_on_its_donors(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'joinerdelete').id)
    donors = _servers_of(server, [i['id'] for i in cluster.instances])
    assert len(donors) == 3
    tc.clusters.grow(cluster.id, [{'flavorRef': '1',
                                   'volume': {'size': 1}}])
    joiner = tc.clusters.get(cluster.id).instances[-1]

    def joining():
        op = _operation(server, cluster.id, 'grow')
        return op and _sql(server, 'SELECT 1 FROM operation_steps WHERE '
                           'operation_id = ? AND name = ?', op[0],
                           'join %s' % joiner['name'])
    helpers.wait_until(joining, 120, 'the join of the new node')
    # Donors that no longer answer: the joiner waits on them.
    for pid in donors:
        os.kill(pid, signal.SIGSTOP)
    helpers.wait_until(lambda: _servers_of(server, [joiner['id']]), 30,
                       'the joiner started')
    started = time.monotonic()
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id, timeout=60)
    assert time.monotonic() - started < 20
    assert server.node_pids() == []
    assert not any(os.path.exists(server.instance_dir(i['id']))
                   for i in cluster.instances + [joiner])


class Writer(threading.Thread):
    """Inserts rows one by one; remembers those acknowledged."""

    def __init__(self, ip, password):
        super().__init__(daemon=True)
        self.ip, self.password = ip, password
        self.acked = []
        self.stop = threading.Event()

    def run(self):
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                with connect(self.ip, self.password) as conn, \
                        conn.cursor() as cur:
                    cur.execute('INSERT INTO faults.t VALUES (%s)', (n,))
                self.acked.append(n)
            except pymysql.MySQLError:
                self.stop.wait(0.2)


def _start_writer(tc, cluster):
    password = tc.root.create_cluster_root(cluster.id)[1]
    with connect(cluster.ip[0], password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE faults')
        cur.execute('CREATE TABLE faults.t (id INT PRIMARY KEY)')
    writer = Writer(cluster.ip[0], password)
    writer.start()
    helpers.wait_until(lambda: len(writer.acked) > 10, 30, 'writes')
    return writer, password


def _assert_every_ack_everywhere(cluster, writer, password):
    writer.stop.set()
    writer.join(30)
    for ip in cluster.ip:
        with connect(ip, password) as conn, conn.cursor() as cur:
            cur.execute('SET SESSION wsrep_sync_wait = 1')
            cur.execute('SELECT id FROM faults.t')
            assert {r[0] for r in cur.fetchall()} >= set(writer.acked)


def _kill_servers(server, instance_ids):
    for pid in _servers_of(server, instance_ids):
        os.kill(pid, signal.SIGKILL)


def test_two_of_three_nodes_killed_heal_without_waiting(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'twodown').id)
    writer, password = _start_writer(tc, cluster)
    ids = [i['id'] for i in cluster.instances]
    _kill_servers(server, ids[1:])
    helpers.wait_until(
        lambda: tc.clusters.get(cluster.id).task['name'] ==
        'RESTARTING_CLUSTER', 30, 'the heal')
    helpers.wait_until(lambda: _all_synced(tc, cluster.id, 3), 90,
                       'a 3-node cluster again')
    steps = [r[0] for r in _sql(
        server, 'SELECT s.name FROM operation_steps s JOIN operations o '
        "ON s.operation_id = o.id WHERE o.cluster_id = ? AND o.kind = 'heal'",
        cluster.id)]
    # The survivor carried on: its view dropped the dead at once (or, had
    # it lost its quorum first, it was made Primary again in place); no
    # full restart from recovered positions.
    assert any(s == 'evict 2 dead members from the Primary view' or
               'pc.bootstrap' in s for s in steps), steps
    assert not any(s.startswith('bootstrap ') for s in steps), steps
    _assert_every_ack_everywhere(cluster, writer, password)
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)


def _heals(server, cluster_id):
    return _sql(server, "SELECT state FROM operations WHERE cluster_id = ? "
                "AND kind = 'heal'", cluster_id)


def test_a_node_whose_data_is_gone_is_rebuilt_or_faulted(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'lostdata').id)
    writer, password = _start_writer(tc, cluster)
    victim = cluster.instances[2]
    data = os.path.join(server.instance_dir(victim['id']), 'node', 'data')
    shutil.rmtree(data)
    _kill_servers(server, [victim['id']])
    helpers.wait_until(lambda: _heals(server, cluster.id), 30, 'the heal')
    helpers.wait_until(lambda: _all_synced(tc, cluster.id, 3), 120,
                       'the node rebuilt')
    assert _heals(server, cluster.id) == [('COMPLETED',)]
    _assert_every_ack_everywhere(cluster, writer, password)

    # A data dir that cannot even be rebuilt: ERROR with a fault, once.
    shutil.rmtree(data)
    with open(data, 'w'):
        pass
    _kill_servers(server, [victim['id']])

    def faulted():
        body = member_view(tc, cluster.id, victim['id'])
        return body['status'] == 'ERROR' and body.get('fault')
    fault = helpers.wait_until(faulted, 120, 'the node faulted')
    assert 'shrink it away' in fault['message']
    wait_task(tc, cluster.id)
    assert _heals(server, cluster.id) == [('COMPLETED',)] * 2
    tc.clusters.shrink(cluster.id, [{'id': victim['id']}])
    helpers.wait_until(lambda: _all_synced(tc, cluster.id, 2), 120,
                       'two nodes left')
    assert _heals(server, cluster.id) == [('COMPLETED',)] * 2
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)


@pytest.fixture(scope='module')
def quiet_server():
    """Heartbeats and health checks ten minutes apart: only events count."""
    sections = cluster_sections(heartbeat_interval=600,
                                health_check_interval=600,
                                heartbeat_stale_after=3600)
    with Server(tag='events', sections=sections) as srv:
        yield srv


def _heal_reason(server, cluster_id):
    rows = _sql(server, "SELECT params FROM operations WHERE cluster_id = ? "
                "AND kind = 'heal'", cluster_id)
    return rows[0][0] if rows else None


def test_a_killed_server_is_reported_and_healed_at_once(quiet_server):
    server = quiet_server
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'events').id)
    writer, password = _start_writer(tc, cluster)
    victim = cluster.instances[1]
    _kill_servers(server, [victim['id']])
    # The agent saw the exit and the conductor had a taskmanager look:
    # nothing else would act for ten minutes.
    reason = helpers.wait_until(lambda: _heal_reason(server, cluster.id),
                                10, 'a heal started by the exit')
    assert victim['name'] in reason
    helpers.wait_until(lambda: _all_synced(tc, cluster.id, 3), 120,
                       'the node back')
    steps = [r[0] for r in _sql(
        server, 'SELECT s.name FROM operation_steps s JOIN operations o '
        'ON s.operation_id = o.id WHERE o.cluster_id = ? AND o.kind = ?',
        cluster.id, 'heal')]
    # Its dead incarnation was evicted, not waited out.
    assert 'evict 1 dead members from the Primary view' in steps, steps
    _assert_every_ack_everywhere(cluster, writer, password)
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)
