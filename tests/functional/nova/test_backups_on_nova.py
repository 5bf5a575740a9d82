"""Backups in Swift on the real OpenStack stack, restored into new clusters.

The guests (Nova servers) hold no cloud credentials: they upload through
TempURLs the service hands them, the service writes the manifests. The
objects are checked as the service user sees them in its container. The
steps run in file order.
"""

import hashlib

import pytest
from swiftclient import client as swift_client
from troveclient import exceptions as tc_exc

from tests.functional.clusters import conftest as clusters
from tests.functional.clusters.test_backups import wait_backup
from tests.openstack import bring_up

CONTAINER = 'galeratrove_backups'
STATE = {}


@pytest.fixture(scope='module')
def swift(stack):
    """swiftclient as the service user, on the account backups go to."""
    sess = bring_up.session(stack, user='galeratrove', project='service')
    return swift_client.Connection(session=sess)


def _objects(swift, backup):
    location = backup.locationRef
    _headers, listing = swift.get_container(CONTAINER, prefix=location,
                                            full_listing=True)
    return {o['name']: o['bytes'] for o in listing}


def _table_checksums(ip, password):
    with clusters.connect(ip, password) as conn, conn.cursor() as cur:
        cur.execute('SET SESSION wsrep_sync_wait = 1')
        cur.execute('CHECKSUM TABLE shop.items, shop.more')
        return dict(cur.fetchall())


def _restore(tc, backup_id, name):
    return tc.clusters.create(name, 'mariadb', '10.11', instances=[
        {'flavorRef': 'gt.small', 'volume': {'size': 1},
         'restorePoint': {'backupRef': backup_id}} for _ in range(3)])


def test_full_backup_is_a_large_object_in_swift(server, swift):
    tc = server.client()
    cluster = clusters.wait_task(
        tc, clusters.create(tc, 'bk-src', flavor='gt.small').id,
        timeout=600)
    password = tc.root.create_cluster_root(cluster.id)[1]
    ip = cluster.instances[0]['ip']
    with clusters.connect(ip, password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE shop')
        cur.execute('CREATE TABLE shop.items (id INT PRIMARY KEY, v TEXT)')
        cur.execute('CREATE TABLE shop.more (id INT PRIMARY KEY, v TEXT)')
        # Random text compresses badly: the backup spans several 1 MiB
        # segments.
        cur.executemany('INSERT INTO shop.items VALUES (%s, SHA2(%s, 512))',
                        [(i, str(i)) for i in range(20000)])
    backup = wait_backup(tc, tc.backups.create('full', cluster.id).id)
    assert backup.status == 'COMPLETED', backup.fail_reason
    assert backup.storage_driver == 'swift'
    tenant, name = backup.locationRef.split('/')
    assert tenant and name == backup.id + '.xbstream.zst'
    objects = _objects(swift, backup)
    segments = sorted(n for n in objects if n != backup.locationRef)
    assert backup.locationRef in objects and len(segments) >= 2, objects
    assert all(n.startswith(backup.locationRef + '/segments/')
               for n in segments)
    assert sum(objects[n] for n in segments) == backup.size_bytes
    # The manifest reads as the whole stream: the view's size and
    # checksum are the stream's.
    headers, body = swift.get_object(CONTAINER, backup.locationRef)
    assert headers.get('x-static-large-object') == 'True'
    assert len(body) == backup.size_bytes
    assert hashlib.sha256(body).hexdigest() == backup.checksum
    STATE.update(cluster=cluster.id, password=password, ip=ip,
                 full=backup.id)
    assert clusters.wait_task(tc, cluster.id).task['name'] == 'NONE'


def test_incremental_backup_builds_on_the_full_one(server, swift):
    tc = server.client()
    with clusters.connect(STATE['ip'], STATE['password']) as conn, \
            conn.cursor() as cur:
        cur.executemany('INSERT INTO shop.more VALUES (%s, %s)',
                        [(i, 'later %d' % i) for i in range(500)])
    STATE['sums'] = _table_checksums(STATE['ip'], STATE['password'])
    inc = wait_backup(tc, tc.backups.create('inc', STATE['cluster'],
                                            parent_id=STATE['full']).id)
    assert inc.status == 'COMPLETED', inc.fail_reason
    assert inc.parent_id == STATE['full']
    assert backup_size_matches(swift, inc)
    STATE['inc'] = inc.id
    # The source goes: the restore below reads only from Swift.
    clusters.wait_task(tc, STATE['cluster'])
    tc.clusters.delete(STATE['cluster'])
    clusters.wait_gone(tc, STATE['cluster'], timeout=300)


def backup_size_matches(swift, backup):
    _headers, body = swift.get_object(CONTAINER, backup.locationRef)
    return (len(body) == backup.size_bytes and
            hashlib.sha256(body).hexdigest() == backup.checksum)


def test_restore_from_swift_has_the_data(server):
    tc = server.client()
    cluster = clusters.wait_task(
        tc, _restore(tc, STATE['inc'], 'bk-restored').id, timeout=600)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3, \
        clusters.faults(cluster)
    password = tc.root.create_cluster_root(cluster.id)[1]
    for inst in cluster.instances:
        assert _table_checksums(inst['ip'], password) == STATE['sums']
    tc.clusters.delete(cluster.id)
    clusters.wait_gone(tc, cluster.id, timeout=300)


def test_a_missing_object_is_a_visible_fault(server, swift):
    tc = server.client()
    inc = tc.backups.get(STATE['inc'])
    swift.delete_object(CONTAINER, inc.locationRef)
    cluster = clusters.wait_task(
        tc, _restore(tc, STATE['inc'], 'bk-missing').id, timeout=600)
    faults = [(i.get('fault') or {}).get('message', '')
              for i in cluster.instances]
    assert any('missing' in f for f in faults), faults
    tc.clusters.delete(cluster.id)
    clusters.wait_gone(tc, cluster.id, timeout=300)


def test_delete_removes_the_segments_and_manifest(server, swift):
    tc = server.client()
    backups = {b: tc.backups.get(b) for b in (STATE['inc'], STATE['full'])}
    for backup_id, backup in backups.items():
        assert _objects(swift, backup)
        tc.backups.delete(backup_id)
        with pytest.raises(tc_exc.NotFound):
            tc.backups.get(backup_id)
        assert _objects(swift, backup) == {}
