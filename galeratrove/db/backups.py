"""DB API of backups: each function one transaction, like db.api.

A backup is recorded together with its operation and the cluster's move
into the BACKUP task, so two backups (or a backup and a grow) of one
cluster never run at once, and a refused request leaves nothing behind.
"""

import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.db import api as db_api
from galeratrove.db import models
from galeratrove.db import paging
from galeratrove.db import session as session_api

_writer = session_api.writer
_reader = session_api.reader


class BackupNotFound(exception.NotFound):
    message = 'Backup %(id)s could not be found.'


def _query(tenant_id):
    q = sa.select(models.Backup).where(models.Backup.deleted.is_(False))
    if tenant_id is not None:
        q = q.where(models.Backup.tenant_id == tenant_id)
    return q


def _get(session, backup_id, tenant_id=None):
    return paging.one(session, _query(tenant_id), models.Backup, backup_id,
                      BackupNotFound)


def backup_get(backup_id, tenant_id=None):
    with _reader() as session:
        return _get(session, backup_id, tenant_id)


def backup_list(tenant_id, limit, marker=None, cluster_id=None,
                instance_id=None):
    """One page ordered by (created, id), and whether more follow."""
    with _reader() as session:
        q = _query(tenant_id)
        if cluster_id:
            q = q.where(models.Backup.cluster_id == cluster_id)
        if instance_id:
            q = q.where(models.Backup.instance_id == instance_id)
        m = _get(session, marker, tenant_id) if marker else None
        return paging.page(session, q, models.Backup, m, limit)


def backup_children(backup_id):
    """Live incremental backups built on this one."""
    with _reader() as session:
        return list(session.scalars(_query(None).where(
            models.Backup.parent_id == backup_id)))


def backup_latest(cluster_id, tenant_id):
    """The cluster's newest COMPLETED backup, or None."""
    with _reader() as session:
        return session.scalars(_query(tenant_id).where(
            models.Backup.cluster_id == cluster_id,
            models.Backup.status == 'COMPLETED').order_by(
            models.Backup.created.desc(), models.Backup.id.desc())).first()


def backup_chain(backup_id):
    """The full backup, then each incremental down to this one."""
    chain = []
    with _reader() as session:
        while backup_id:
            row = _get(session, backup_id)
            chain.insert(0, row)
            backup_id = row.parent_id
    return chain


@session_api.retry
def backup_create(tenant_id, cluster_id, values, task_id, allowed_from):
    """Record a NEW backup and its operation; the cluster enters a task.

    Returns (backup id, operation id).
    """
    with _writer() as session:
        return record_backup(session, tenant_id, cluster_id, values,
                             task_id, allowed_from)


def record_backup(session, tenant_id, cluster_id, values, task_id,
                  allowed_from):
    """In ``session``: the cluster enters the task, a backup is recorded.

    A NEW backup and its operation; returns (backup id, operation id).
    """
    cluster = db_api._enter_task(session, tenant_id, cluster_id,
                                 task_id, allowed_from)
    row = models.Backup(
        id=db_api.new_id(), tenant_id=tenant_id, cluster_id=cluster_id,
        datastore_version_id=cluster.datastore_version_id,
        status='NEW', deleted=False, **values)
    session.add(row)
    op = db_api._new_operation(session, cluster_id, 'backup', {
        'backup_id': row.id, 'instance_id': values.get('instance_id')})
    session.flush()
    return row.id, op.id


@session_api.retry
def backup_update(backup_id, **values):
    with _writer() as session:
        row = session.get(models.Backup, backup_id)
        if row is None:
            raise BackupNotFound(id=backup_id)
        for key, value in values.items():
            setattr(row, key, value)


@session_api.retry
def backup_destroy(backup_id):
    with _writer() as session:
        row = session.get(models.Backup, backup_id)
        if row is not None:
            row.deleted, row.deleted_at = True, models.utcnow()
