"""DB API of backup schedules: each function one transaction.

A due run is recorded by moving the schedule's ``next_run`` on with a
conditional UPDATE in the same transaction that records the backup, its
operation and the cluster's task: of two taskmanagers that see the same
due time, one records the run and the other changes nothing. A busy
cluster rolls the whole transaction back, so the run stays due.
"""

import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.db import api as db_api
from galeratrove.db import backups as backups_db
from galeratrove.db import models
from galeratrove.db import session as session_api

Schedule = models.BackupSchedule


class ScheduleNotFound(exception.NotFound):
    message = 'Backup schedule %(id)s could not be found.'


def _query(tenant_id):
    q = sa.select(Schedule)
    if tenant_id is not None:
        q = q.where(Schedule.tenant_id == tenant_id)
    return q


def schedule_get(schedule_id, tenant_id=None):
    with session_api.reader() as session:
        row = session.scalars(_query(tenant_id).where(
            Schedule.id == schedule_id)).first()
        if row is None:
            raise ScheduleNotFound(id=schedule_id)
        return row


def schedule_list(tenant_id, cluster_id=None):
    """A project's schedules (or one cluster's), oldest first."""
    with session_api.reader() as session:
        q = _query(tenant_id)
        if cluster_id:
            q = q.where(Schedule.cluster_id == cluster_id)
        return list(session.scalars(q.order_by(Schedule.created,
                                               Schedule.id)))


def schedule_list_enabled():
    """Every project's enabled schedules (for the taskmanagers).

    Per cluster, full before incremental: when both are due at once the
    full one runs and the incremental one, deferred, builds on it.
    """
    with session_api.reader() as session:
        return list(session.scalars(sa.select(Schedule).where(
            Schedule.enabled.is_(True)).order_by(
            Schedule.cluster_id, Schedule.incremental, Schedule.created,
            Schedule.id)))


@session_api.retry
def schedule_create(tenant_id, cluster_id, values):
    """Record a schedule of a live cluster of the project."""
    with session_api.writer() as session:
        db_api._cluster(session, cluster_id, tenant_id)
        row = Schedule(id=db_api.new_id(), tenant_id=tenant_id,
                       cluster_id=cluster_id, **values)
        session.add(row)
        session.flush()
        return row.id


@session_api.retry
def schedule_update(schedule_id, **values):
    with session_api.writer() as session:
        row = session.get(Schedule, schedule_id)
        if row is None:
            raise ScheduleNotFound(id=schedule_id)
        for key, value in values.items():
            setattr(row, key, value)


@session_api.retry
def schedule_move(schedule_id, due, next_run, **values):
    """Set ``next_run`` if it is still ``due``; False if another did."""
    with session_api.writer() as session:
        return bool(_move(session, schedule_id, due,
                          dict(values, next_run=next_run)))


def _move(session, schedule_id, due, values):
    q = sa.update(Schedule).where(
        Schedule.id == schedule_id,
        Schedule.next_run.is_(None) if due is None
        else Schedule.next_run == due).values(**values)
    return session.execute(
        q.execution_options(synchronize_session=False)).rowcount


@session_api.retry
def schedule_record_run(schedule, due, next_run, values, task_id,
                        allowed_from):
    """Record the run due at ``due``: (backup id, operation id), or None.

    None: another taskmanager recorded it. ClusterBusy (nothing written)
    if the cluster is in another task.
    """
    with session_api.writer() as session:
        if not _move(session, schedule.id, due, dict(next_run=next_run)):
            return None
        backup_id, op_id = backups_db.record_backup(
            session, schedule.tenant_id, schedule.cluster_id,
            dict(values, schedule_id=schedule.id), task_id, allowed_from)
        _move(session, schedule.id, next_run, dict(
            last_run=due, last_backup_id=backup_id, message=None))
        return backup_id, op_id


@session_api.retry
def schedule_destroy(schedule_id):
    with session_api.writer() as session:
        session.execute(sa.delete(Schedule).where(Schedule.id == schedule_id))


def scheduled_backups(cluster_id):
    """A cluster's live backups (all: retention keeps what they need)."""
    with session_api.reader() as session:
        return list(session.scalars(sa.select(models.Backup).where(
            models.Backup.cluster_id == cluster_id,
            models.Backup.deleted.is_(False))))
