"""Leases in SQL: which taskmanager owns an operation or a cluster's health.

Every claim and renewal is one conditional UPDATE whose rowcount says
whether it won, so two taskmanagers racing for the same row never both
win, on SQLite, MariaDB and PostgreSQL alike. Times are the taskmanagers'
UTC clocks, which must agree within a small part of a lease.
"""

import datetime

from oslo_db import exception as db_exc
import sqlalchemy as sa

from galeratrove.common import statuses
from galeratrove.db import models
from galeratrove.db import session as session_api

Operation = models.Operation


def _until(seconds):
    now = models.utcnow()
    return now, now + datetime.timedelta(seconds=seconds)


def _update(session, model, where, values):
    q = sa.update(model).where(*where).values(**values)
    return session.execute(
        q.execution_options(synchronize_session=False)).rowcount


def _keep_updated():
    # A lease write is no change of state: ``updated`` keeps its meaning.
    return {'updated': Operation.updated}


@session_api.retry
def operation_claim(operation_id, owner, seconds):
    """Own an unfinished operation if nobody holds a live lease on it.

    A previous owner's steps still RUNNING are marked ABANDONED as of now:
    that owner stopped renewing, so it stopped working on them.
    """
    now, expires = _until(seconds)
    with session_api.writer() as session:
        won = _update(session, Operation, (
            Operation.id == operation_id,
            Operation.state.in_(statuses.UNFINISHED),
            sa.or_(Operation.owner.is_(None), Operation.owner == owner,
                   Operation.lease_expires < now)),
            dict(owner=owner, lease_expires=expires, **_keep_updated()))
        if won:
            step = models.OperationStep
            _update(session, step, (step.operation_id == operation_id,
                                    step.state == statuses.RUNNING),
                    dict(state=statuses.ABANDONED, finished=now,
                         detail='its owner stopped renewing the lease'))
        return bool(won)


@session_api.retry
def operation_renew(operation_id, owner, seconds):
    """Extend our lease; False once another taskmanager took it over."""
    _, expires = _until(seconds)
    with session_api.writer() as session:
        return bool(_update(session, Operation, (
            Operation.id == operation_id, Operation.owner == owner),
            dict(lease_expires=expires, **_keep_updated())))


def operation_list_claimable(owner):
    """Unfinished operations with no owner or whose owner's lease ran out.

    Our own appear too: a restarted taskmanager resumes them at once.
    """
    now = models.utcnow()
    with session_api.reader() as session:
        q = sa.select(Operation).where(
            Operation.state.in_(statuses.UNFINISHED),
            sa.or_(Operation.owner.is_(None), Operation.owner == owner,
                   Operation.lease_expires < now)).order_by(
            Operation.created)
        return list(session.scalars(q))


@session_api.retry
def step_start(operation_id, name, owner, seconds):
    """Record a step as ours and renew the lease, or None if not ours.

    Both in one transaction: a step row is never written by a taskmanager
    that lost the operation.
    """
    _, expires = _until(seconds)
    with session_api.writer() as session:
        if not _update(session, Operation, (
                Operation.id == operation_id, Operation.owner == owner),
                dict(lease_expires=expires, **_keep_updated())):
            return None
        step = models.OperationStep(operation_id=operation_id, name=name,
                                    owner=owner)
        session.add(step)
        session.flush()
        return step.id


@session_api.retry
def step_finish(step_id, state=statuses.COMPLETED, detail=None):
    """Finish a step unless the new owner already marked it ABANDONED."""
    step = models.OperationStep
    with session_api.writer() as session:
        _update(session, step, (step.id == step_id,
                                step.state == statuses.RUNNING),
                dict(state=state, detail=detail, finished=models.utcnow()))


def claim(name, owner, seconds):
    """Hold the named lease (new, ours, or expired); False if another does."""
    now, expires = _until(seconds)
    lease = models.Lease
    if _renew_named(name, owner, now, expires):
        return True
    try:
        with session_api.writer() as session:
            session.add(lease(name=name, owner=owner, expires=expires))
        return True
    except db_exc.DBDuplicateEntry:
        return False  # it exists and is someone else's


@session_api.retry
def _renew_named(name, owner, now, expires):
    lease = models.Lease
    with session_api.writer() as session:
        return bool(_update(session, lease, (
            lease.name == name,
            sa.or_(lease.owner == owner, lease.expires < now)),
            dict(owner=owner, expires=expires)))


@session_api.retry
def release(name, owner=None):
    """Give the lease up; without ``owner``, whoever holds it."""
    lease = models.Lease
    where = [lease.name == name]
    if owner is not None:
        where.append(lease.owner == owner)
    with session_api.writer() as session:
        session.execute(sa.delete(lease).where(*where))
