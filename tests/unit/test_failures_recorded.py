"""Failures never leave a record stuck: SQLite locks are waited out and a
failed flow faults every instance still in BUILD."""

import sqlite3
import threading

from galeratrove.common import context
from galeratrove.common import statuses
from galeratrove.db import api as db_api
from galeratrove.db import session
from galeratrove.taskmanager import operation


def test_a_write_waits_out_a_lock_held_by_another_process(
        sqlite_db, tmp_path, monkeypatch):
    monkeypatch.setattr(session, 'SQLITE_BUSY_TIMEOUT_MS', 20)
    db_api.configure('sqlite:///%s' % (tmp_path / 'gt.sqlite'))
    other = sqlite3.connect(str(tmp_path / 'gt.sqlite'),
                            check_same_thread=False)
    other.execute('BEGIN IMMEDIATE')  # the write lock, as another process
    release = threading.Timer(0.8, other.commit)
    release.start()
    try:
        db_api.quota_set('t1', 'instances', 7)
    finally:
        release.join()
        other.close()
    assert db_api.quota_limits('t1', {}) == {'instances': 7}


def test_a_failed_flow_faults_every_instance_still_building(sqlite_db):
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    specs = [{'flavor_id': '2', 'volume_size': 1}] * 3
    cluster_id, op_id = db_api.cluster_create('t1', 'c', dsv.id, specs, {},
                                              statuses.BUILDING.id)
    first = db_api.cluster_get(cluster_id).instances[0]
    db_api.instance_update(first.id, status='ACTIVE')
    op = operation.Operation(context.admin_context(),
                             db_api.operation_get(op_id))
    op.fail(RuntimeError('(sqlite3.OperationalError) database is locked'))
    cluster = db_api.cluster_get(cluster_id)
    assert cluster.task_id == statuses.NONE.id
    assert db_api.operation_get(op_id).state == 'FAILED'
    assert [i.status for i in cluster.instances] == ['ACTIVE', 'ERROR',
                                                     'ERROR']
    for inst in cluster.instances[1:]:
        assert 'database is locked' in inst.fault_message
        assert inst.fault_at is not None
