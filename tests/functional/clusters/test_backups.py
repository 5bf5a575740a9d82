"""Backups of a real cluster and a restore into a new one, for real.

A backup is taken with troveclient while a writer keeps inserting
acknowledged rows and every node is watched (Primary, Synced); a donor
(desynced) member is refused and skipped; the backup restores into a new
3-node cluster with the same data. The steps run in file order.
"""

import configparser
import hashlib
import os
import threading
import time

import pymysql
import pytest
import requests
from troveclient import exceptions as tc_exc

from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters.conftest import wsrep
from tests.functional import helpers

STATE = {}


def wait_backup(tc, backup_id, timeout=300):
    def done():
        b = tc.backups.get(backup_id)
        return b if b.status in ('COMPLETED', 'FAILED') else None
    return helpers.wait_until(done, timeout, 'backup %s done' % backup_id)


def admin_conn(server, instance_id):
    """The service's own login on a node (to desync it, as an operator)."""
    node = os.path.join(server.instance_dir(instance_id), 'node')
    parser = configparser.ConfigParser()
    parser.read(os.path.join(node, 'conf', 'admin.cnf'))
    return pymysql.connect(
        unix_socket=os.path.join(node, 'run', 'mysqld.sock'),
        user=parser['client']['user'],
        password=parser['client']['password'].strip('"'), autocommit=True)


class Writer(threading.Thread):
    """Inserts ids 1, 2, 3... one by one; remembers which were acked."""

    def __init__(self, ip, password):
        super().__init__(daemon=True)
        self.conn = connect(ip, password)
        self.acked = []
        self.stop = threading.Event()

    def run(self):
        i = 0
        with self.conn.cursor() as cur:
            while not self.stop.is_set():
                i += 1
                cur.execute('INSERT INTO shop.w VALUES (%s, REPEAT(%s, 200))',
                            (i, 'x'))
                self.acked.append(i)


class Watcher(threading.Thread):
    """Polls every node's wsrep state until stopped."""

    def __init__(self, ips, password):
        super().__init__(daemon=True)
        self.conns = {ip: connect(ip, password) for ip in ips}
        self.seen = {ip: set() for ip in ips}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            for ip, conn in self.conns.items():
                s = wsrep(conn)
                self.seen[ip].add((s['wsrep_cluster_status'],
                                   s['wsrep_local_state_comment']))
            time.sleep(0.05)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def test_backup_under_writes_keeps_the_cluster_primary(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'src').id)
    password = tc.root.create_cluster_root(cluster.id)[1]
    ips = cluster.ip
    with connect(ips[0], password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE shop')
        cur.execute('CREATE TABLE shop.items (id INT PRIMARY KEY, v TEXT)')
        cur.executemany('INSERT INTO shop.items VALUES (%s, %s)',
                        [(i, 'item %d' % i) for i in range(500)])
        cur.execute('CREATE TABLE shop.w (id INT PRIMARY KEY, v TEXT)')
        cur.execute('CHECKSUM TABLE shop.items')
        items_sum = cur.fetchone()[1]
    writer = Writer(ips[0], password)
    watcher = Watcher(ips, password)
    writer.start()
    watcher.start()
    helpers.wait_until(lambda: len(writer.acked) > 50, 60, 'writes')
    acked_before = len(writer.acked)
    member = cluster.instances[1]
    backup = tc.backups.create('nightly', member['id'],
                               description='under writes')
    assert backup.status == 'NEW'
    assert tc.clusters.get(cluster.id).task['name'] == 'BACKING_UP'
    backup = wait_backup(tc, backup.id)
    watcher.stop.set()
    watcher.join()
    helpers.wait_until(lambda: len(writer.acked) > acked_before + 50, 60,
                       'writes after the backup')
    writer.stop.set()
    writer.join()
    assert backup.status == 'COMPLETED', backup.fail_reason
    assert backup.instance_id == member['id']
    assert backup.cluster_id == cluster.id
    assert backup.size_bytes > 0 and backup.size > 0
    assert backup.datastore['type'] == 'mariadb'
    path = os.path.join(server.state, 'backups', backup.locationRef)
    assert oct(os.stat(path).st_mode & 0o777) == '0o600'
    assert os.path.getsize(path) == backup.size_bytes
    assert sha256(path) == backup.checksum
    uuid, seqno = backup.galera_position.rsplit(':', 1)
    assert len(uuid) == 36 and int(seqno) > 0
    # The cluster stayed Primary throughout; the members other than the
    # one backed up stayed Synced (that one may desync for the commit
    # block of the backup, as a donor does).
    for ip, seen in watcher.seen.items():
        assert {c for c, _ in seen} == {'Primary'}, (ip, seen)
        if ip != member['ip']:
            assert {s for _, s in seen} == {'Synced'}, (ip, seen)
    STATE.update(cluster=cluster.id, backup=backup.id, items=items_sum,
                 acked_before=acked_before, password=password,
                 desync=sorted(watcher.seen[member['ip']]),
                 members=[i['id'] for i in cluster.instances], ips=ips)
    assert wait_task(tc, cluster.id).task['name'] == 'NONE'


def test_listing_per_tenant_and_cluster_and_isolation(server):
    tc = server.client()
    assert [b.id for b in tc.backups.list()] == [STATE['backup']]
    body = requests.get('%s/clusters/%s/backups' % (
        server.endpoint('demo'), STATE['cluster']), timeout=10).json()
    assert [b['id'] for b in body['backups']] == [STATE['backup']]
    other = server.client('other')
    assert other.backups.list() == []
    with pytest.raises(tc_exc.NotFound):
        other.backups.get(STATE['backup'])
    with pytest.raises(tc_exc.NotFound):
        other.backups.delete(STATE['backup'])
    with pytest.raises(tc_exc.NotFound):
        other.backups.create('x', STATE['members'][0])


def test_a_donor_is_refused_and_the_service_picks_a_synced_member(server):
    tc = server.client()
    donor = STATE['members'][2]
    with admin_conn(server, donor) as conn, conn.cursor() as cur:
        cur.execute('SET GLOBAL wsrep_desync = ON')
        try:
            failed = wait_backup(tc, tc.backups.create('of-donor', donor).id)
            resp = requests.post(
                server.endpoint('demo') + '/backups',
                json={'backup': {'name': 'any', 'cluster': STATE['cluster']}},
                timeout=10)
            assert resp.status_code == 202, resp.text
            chosen = wait_backup(tc, resp.json()['backup']['id'])
        finally:
            cur.execute('SET GLOBAL wsrep_desync = OFF')
    assert failed.status == 'FAILED'
    assert 'Donor/Desynced' in failed.fail_reason
    assert chosen.status == 'COMPLETED', chosen.fail_reason
    assert chosen.instance_id in STATE['members'][:2]
    STATE.update(failed=failed.id, chosen=chosen.id)
    # The backups outlive their cluster.
    tc.clusters.delete(STATE['cluster'])
    wait_gone(tc, STATE['cluster'])
    assert tc.backups.get(STATE['backup']).status == 'COMPLETED'


def _restore(tenant, backup_id, name='restored'):
    return requests.post(server_url[0] + '/v1.0/%s/clusters' % tenant, json={
        'cluster': {'name': name,
                    'datastore': {'type': 'mariadb', 'version': '10.11'},
                    'instances': [{'flavorRef': '2', 'volume': {'size': 1},
                                   'restorePoint': {'backupRef': backup_id}}
                                  ] * 3}}, timeout=30)


server_url = []


def test_restore_refusals_before_anything_boots(server):
    server_url[:] = [server.url]
    for ref, code in ((STATE['failed'], 400), ('no-such-backup', 400)):
        resp = _restore('demo', ref)
        assert resp.status_code == code, resp.text
        assert resp.json()['badRequest']['message']
    resp = _restore('other', STATE['backup'])
    assert resp.status_code == 404, resp.text
    assert server.client().clusters.list() == []
    assert server.client('other').clusters.list() == []
    assert server.node_pids() == []


def test_restore_into_a_new_cluster_has_the_data(server):
    tc = server.client()
    resp = _restore('demo', STATE['backup'])
    assert resp.status_code == 200, resp.text
    cluster = wait_task(tc, resp.json()['cluster']['id'], timeout=300)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    password = tc.root.create_cluster_root(cluster.id)[1]
    seqno = int(tc.backups.get(STATE['backup']).galera_position
                .rsplit(':', 1)[1])
    for ip in cluster.ip:
        with connect(ip, password) as conn, conn.cursor() as cur:
            status = wsrep(conn)
            assert status['wsrep_cluster_status'] == 'Primary'
            assert status['wsrep_local_state_comment'] == 'Synced'
            assert int(status['wsrep_cluster_size']) == 3
            assert int(status['wsrep_last_committed']) >= seqno
            cur.execute('CHECKSUM TABLE shop.items')
            assert cur.fetchone()[1] == STATE['items']
            cur.execute('SELECT id FROM shop.w ORDER BY id')
            ids = [r[0] for r in cur.fetchall()]
        # Consistent: every row acked before the backup began, and a
        # gap-free prefix of the writes (nothing half-applied).
        assert ids == list(range(1, len(ids) + 1))
        assert len(ids) >= STATE['acked_before']
    STATE['restored'] = cluster.id


def test_delete_removes_the_stored_objects(server):
    tc = server.client()
    for backup_id in (STATE['backup'], STATE['chosen'], STATE['failed']):
        b = tc.backups.get(backup_id)
        path = (os.path.join(server.state, 'backups', b.locationRef)
                if b.locationRef else None)
        tc.backups.delete(backup_id)
        with pytest.raises(tc_exc.NotFound):
            tc.backups.get(backup_id)
        if path:
            assert not os.path.exists(path)
    assert tc.backups.list() == []
