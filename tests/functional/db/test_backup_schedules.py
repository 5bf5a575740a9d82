"""Backup schedules on SQLite, MariaDB and PostgreSQL, with two runners.

Two taskmanagers' runners (a clock injected, the SQL real) see the same
due time: one run is recorded. A busy cluster defers the run, a failed
run does not stop the schedule, retention deletes the oldest chain once
the newest backup is COMPLETED, and a deleted cluster's schedules go.
"""

import datetime
import threading

import pytest

from galeratrove.common import statuses
from galeratrove.db import api as db_api
from galeratrove.db import backup_schedules as schedules_db
from galeratrove.db import backups as backups_db
from galeratrove.db import leases
from galeratrove.taskmanager import schedules

T = datetime.datetime(2030, 1, 1, 3, 0, 0)
HOUR = datetime.timedelta(hours=1)


class Manager:
    """A taskmanager as far as the runner sees one: its name, its casts."""

    def __init__(self, host):
        self.host = host
        self.started = []

    def start_operation(self, context, op_id):
        self.started.append(op_id)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def _cluster():
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    cluster_id, _ = db_api.cluster_create(
        't1', 'c', dsv.id, [{'flavor_id': '2', 'volume_size': 1}],
        {'instances': 10, 'volumes': 10}, statuses.BUILDING.id)
    db_api.cluster_update(cluster_id, task_id=statuses.NONE.id)
    return cluster_id


def _schedule(cluster_id, **values):
    return schedules_db.schedule_create('t1', cluster_id, dict(
        dict(name='hourly', pattern='0 * * * *', incremental=False,
             enabled=True, next_run=T), **values))


def _scheduled(cluster_id):
    return sorted((b for b in schedules_db.scheduled_backups(cluster_id)
                   if b.schedule_id), key=lambda b: b.name)


def _finish(backup_id, status='COMPLETED'):
    """What the backup flow does at its end, without a node."""
    backups_db.backup_update(backup_id, status=status, to_lsn=100)
    row = backups_db.backup_get(backup_id)
    db_api.cluster_update(row.cluster_id, task_id=statuses.NONE.id)


def _runners(clock):
    return [schedules.ScheduleRunner(Manager(h), clock)
            for h in ('tm-a', 'tm-b')]


def test_two_taskmanagers_record_one_run_per_due_time(database):
    cluster_id = _cluster()
    schedule_id = _schedule(cluster_id)
    clock = Clock(T + datetime.timedelta(seconds=5))
    runners = _runners(clock)
    row = schedules_db.schedule_get(schedule_id)
    # Both see the same due row at once, even if both held the lease.
    barrier = threading.Barrier(2)

    def run(runner):
        barrier.wait()
        runner.run_due(row, clock())
    threads = [threading.Thread(target=run, args=(r,)) for r in runners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    backups = _scheduled(cluster_id)
    assert len(backups) == 1
    started = [op for r in runners for op in r._manager.started]
    assert len(started) == 1
    assert db_api.operation_get(started[0]).params['backup_id'] == \
        backups[0].id
    row = schedules_db.schedule_get(schedule_id)
    assert (row.last_run, row.next_run) == (T, T + HOUR)
    assert row.last_backup_id == backups[0].id
    assert db_api.cluster_get(cluster_id).task_id == statuses.BACKING_UP.id

    # Through the periodic tick, one taskmanager holds the cluster.
    _finish(backups[0].id)
    clock.now = T + HOUR
    for runner in runners:
        runner._manager.started = []
        runner.tick()
    assert len(_scheduled(cluster_id)) == 2
    assert [len(r._manager.started) for r in runners] == [1, 0]
    assert not leases.claim(schedules.schedule_lease(cluster_id), 'tm-c',
                            30)


def test_a_busy_cluster_defers_the_run_and_a_failed_one_goes_on(database):
    cluster_id = _cluster()
    schedule_id = _schedule(cluster_id, retention=1)
    clock = Clock(T)
    runner = _runners(clock)[0]
    db_api.cluster_update(cluster_id, task_id=statuses.GROWING_CLUSTER.id)
    runner.tick()
    row = schedules_db.schedule_get(schedule_id)
    assert _scheduled(cluster_id) == []
    assert row.next_run == T and 'GROWING_CLUSTER' in row.message
    # Idle again: the deferred run is taken, late, and counted once.
    db_api.cluster_update(cluster_id, task_id=statuses.NONE.id)
    clock.now = T + datetime.timedelta(minutes=10)
    runner.tick()
    first, = _scheduled(cluster_id)
    row = schedules_db.schedule_get(schedule_id)
    assert (row.last_run, row.next_run, row.message) == (T, T + HOUR, None)
    # It fails: the record stays visible and the next hour runs anyway.
    _finish(first.id, 'FAILED')
    clock.now = T + HOUR
    runner.tick()
    assert [b.status for b in _scheduled(cluster_id)] == ['FAILED', 'NEW']
    assert schedules_db.schedule_get(schedule_id).next_run == T + 2 * HOUR


def test_retention_deletes_the_oldest_chain_after_a_success(database):
    cluster_id = _cluster()
    full_id = _schedule(cluster_id, name='daily', pattern='0 0 * * *',
                        next_run=T, retention=1)
    inc_id = _schedule(cluster_id, name='hourly', incremental=True,
                       next_run=T + HOUR)
    clock = Clock(T)
    runner = _runners(clock)[0]

    def run(at):
        before = {b.id for b in _scheduled(cluster_id)}
        clock.now = at
        runner.tick()
        backup, = [b for b in _scheduled(cluster_id) if b.id not in before]
        # Taken at the clock's time, as a real run would be.
        backups_db.backup_update(backup.id, created=at)
        _finish(backup.id)
        return backup
    f1 = run(T)
    i1 = run(T + HOUR)
    assert (f1.parent_id, i1.parent_id) == (None, f1.id)
    i2 = run(T + 2 * HOUR)
    assert i2.parent_id == i1.id
    f2 = run(T + 24 * HOUR)
    assert f2.parent_id is None
    # The next tick, after f2 COMPLETED: f1's chain goes (children first,
    # or the delete path would refuse), and the hourly run deferred while
    # f2 was taken builds on f2.
    runner.tick()
    left = _scheduled(cluster_id)
    i3, = [b for b in left if b.id != f2.id]
    assert len(left) == 2
    assert i3.parent_id == f2.id and i3.status == 'NEW'
    for gone in (f1, i1, i2):
        with pytest.raises(backups_db.BackupNotFound):
            backups_db.backup_get(gone.id)
    assert {s.id for s in schedules_db.schedule_list('t1')} == {
        full_id, inc_id}


def test_deleting_the_cluster_deletes_its_schedules(database):
    cluster_id, other = _cluster(), _cluster()
    _schedule(cluster_id)
    kept = _schedule(other)
    db_api.cluster_destroy(cluster_id)
    assert [s.id for s in schedules_db.schedule_list('t1')] == [kept]
    assert schedules_db.schedule_list('t1', cluster_id) == []
