"""A tenant's cluster, for real: create 3, grow to 4, shrink to 3, delete.

The steps share one cluster and run in file order, like a user's session.
"""

import json
import os
import re
import socket

import pytest

from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters.conftest import wsrep

STATE = {}


def members_in(config_text):
    match = re.search(r'^wsrep_cluster_address\s*=\s*gcomm://(.*)$',
                      config_text, re.M)
    return sorted(match.group(1).split(','))


def assert_primary(ips, password, size):
    for ip in ips:
        with connect(ip, password) as conn:
            status = wsrep(conn)
        assert status['wsrep_cluster_status'] == 'Primary', ip
        assert status['wsrep_local_state_comment'] == 'Synced', ip
        assert status['wsrep_ready'] == 'ON', ip
        assert int(status['wsrep_cluster_size']) == size, ip


def test_create_three_synced_nodes(server):
    tc = server.client()
    cluster = create(tc, 'products')
    assert cluster.task['name'] == 'BUILDING'
    cluster = wait_task(tc, cluster.id)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    assert [i['name'] for i in cluster.instances] == [
        'products-1', 'products-2', 'products-3']
    assert len(set(cluster.ip)) == 3
    root = tc.root.create_cluster_root(cluster.id)
    assert root[0] == 'root' and len(root[1]) >= 16
    assert tc.root.is_cluster_root_enabled(cluster.id).rootEnabled is True
    STATE.update(id=cluster.id, password=root[1])
    assert_primary(cluster.ip, root[1], 3)
    for inst in cluster.instances:
        path, text = server.node_config(inst['id'])
        assert members_in(text) == sorted(cluster.ip)
        assert oct(os.stat(path).st_mode & 0o777) == '0o600'
        assert root[1] not in text
    shown = tc.clusters.get(cluster.id)
    one = shown.instances[0]['id']
    state_file = os.path.join(server.instance_dir(one), 'node',
                              'guest_state.json')
    assert oct(os.stat(state_file).st_mode & 0o777) == '0o600'
    with open(state_file) as f:
        secrets = json.load(f)
    log = server.svc.log()
    for secret in (root[1], secrets['admin_password'],
                   secrets['replication_user']['password']):
        assert secret not in log
    body = tc.client.get('/clusters/%s/instances/%s' % (cluster.id,
                                                        one))[1]
    inst = body['instance']
    assert inst['galera']['wsrep_cluster_size'] == 3
    assert inst['volume']['used'] > 0


def test_a_row_written_on_one_node_is_read_on_the_others(server):
    tc = server.client()
    ips = tc.clusters.get(STATE['id']).ip
    with connect(ips[0], STATE['password']) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE shop')
        cur.execute('CREATE TABLE shop.items (id INT PRIMARY KEY, '
                    'name VARCHAR(20))')
        cur.execute("INSERT INTO shop.items VALUES (1, 'galera')")
    for ip in ips[1:]:
        with connect(ip, STATE['password']) as conn, \
                conn.cursor() as cur:
            cur.execute('SET SESSION wsrep_sync_wait = 1')
            cur.execute('SELECT name FROM shop.items WHERE id = 1')
            assert cur.fetchone() == ('galera',)
            cur.execute("INSERT INTO shop.items VALUES (%s, 'n')",
                        (ips.index(ip) + 1,))


def test_grow_adds_a_node_that_has_the_data(server):
    tc = server.client()
    tc.clusters.grow(STATE['id'], [{'flavorRef': '1',
                                    'volume': {'size': 2}}])
    cluster = wait_task(tc, STATE['id'])
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 4
    new = cluster.instances[-1]
    assert new['name'] == 'products-4' and new['flavor']['id'] == '1'
    assert_primary(cluster.ip, STATE['password'], 4)
    with connect(new['ip'], STATE['password']) as conn, \
            conn.cursor() as cur:
        cur.execute('SELECT COUNT(*) FROM shop.items')
        assert cur.fetchone() == (3,)
    for inst in cluster.instances:
        assert members_in(server.node_config(inst['id'])[1]) == sorted(
            cluster.ip)


def test_shrink_stops_the_node_and_keeps_a_primary_component(server):
    tc = server.client()
    before = tc.clusters.get(STATE['id'])
    victim = before.instances[1]
    tc.clusters.shrink(STATE['id'], [{'id': victim['id']}])
    cluster = wait_task(tc, STATE['id'])
    assert victim['id'] not in [i['id'] for i in cluster.instances]
    assert len(cluster.ip) == 3 and victim['ip'] not in cluster.ip
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((victim['ip'], 3306), timeout=5)
    assert_primary(cluster.ip, STATE['password'], 3)
    for inst in cluster.instances:
        assert members_in(server.node_config(inst['id'])[1]) == sorted(
            cluster.ip)
    assert not os.path.exists(server.instance_dir(
        victim['id']))


def test_delete_leaves_nothing_running_or_on_disk(server):
    tc = server.client()
    ids = [i['id'] for i in tc.clusters.get(STATE['id']).instances]
    tc.clusters.delete(STATE['id'])
    wait_gone(tc, STATE['id'])
    for instance_id in ids:
        assert not os.path.exists(
            server.instance_dir(instance_id))
    assert server.node_pids() == []
