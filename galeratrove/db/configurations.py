"""DB API of configuration groups and their attachment to clusters.

Each function is one transaction. Attaching, detaching and changing an
attached group move each cluster into its task and record its operation
in the same transaction as the change, and a group is only deleted while
no cluster uses it (its row locked against a concurrent attach).
"""

import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.db import api as db_api
from galeratrove.db import models
from galeratrove.db import paging
from galeratrove.db import session as session_api

_writer = session_api.writer
_reader = session_api.reader
KIND = 'configuration'


def _query(tenant_id):
    q = sa.select(models.Configuration).where(
        models.Configuration.deleted.is_(False))
    if tenant_id is not None:
        q = q.where(models.Configuration.tenant_id == tenant_id)
    return q


def _get(session, config_id, tenant_id, lock=False):
    return paging.one(session, _query(tenant_id), models.Configuration,
                      config_id, exception.ConfigurationNotFound, lock=lock)


def get(config_id, tenant_id=None):
    """A project's group (any project's with no tenant), or 404."""
    with _reader() as session:
        return _get(session, config_id, tenant_id)


def parameters_of(config_id):
    """The values of a group, or {} for none (also when deleted)."""
    if not config_id:
        return {}
    with _reader() as session:
        row = session.get(models.Configuration, config_id)
        return dict(row.parameters or {}) if row is not None else {}


def page(tenant_id, limit, marker=None):
    """One page ordered by (created, id), and whether more follow."""
    with _reader() as session:
        q = _query(tenant_id)
        m = _get(session, marker, tenant_id) if marker else None
        return paging.page(session, q, models.Configuration, m, limit)


def _clusters_using(session, config_id):
    q = sa.select(models.Cluster).where(
        models.Cluster.configuration_id == config_id,
        models.Cluster.deleted.is_(False)).order_by(models.Cluster.created)
    return list(session.scalars(q))


def clusters_using(config_id):
    with _reader() as session:
        return _clusters_using(session, config_id)


def instance_count(config_id):
    with _reader() as session:
        return sum(len(c.instances) for c in
                   _clusters_using(session, config_id))


@session_api.retry
def create(tenant_id, name, description, datastore_version_id, parameters):
    with _writer() as session:
        row = models.Configuration(
            id=db_api.new_id(), tenant_id=tenant_id, name=name,
            description=description,
            datastore_version_id=datastore_version_id,
            parameters=parameters)
        session.add(row)
        session.flush()
        return row.id


@session_api.retry
def update(config_id, tenant_id, parameters, task_id, allowed_from,
           name=None, description=None):
    """Change a group; each attached cluster gets an operation.

    Returns [(cluster_id, operation_id)]. A busy attached cluster refuses
    the whole change (nothing is written).
    """
    with _writer() as session:
        row = _get(session, config_id, tenant_id, lock=True)
        previous = dict(row.parameters or {})
        row.parameters = parameters
        if name is not None:
            row.name = name
        if description is not None:
            row.description = description
        row.updated = models.utcnow()
        started = []
        if parameters == previous:
            return started
        for cluster in _clusters_using(session, config_id):
            op_id = _begin(session, cluster.id, config_id, parameters,
                           previous, task_id, allowed_from)
            started.append((cluster.id, op_id))
        return started


def _begin(session, cluster_id, config_id, parameters, previous, task_id,
           allowed_from):
    cluster = db_api._enter_task(session, None, cluster_id, task_id,
                                 allowed_from)
    cluster.configuration_id = config_id
    op = db_api._new_operation(session, cluster.id, KIND, {
        'configuration_id': config_id, 'values': parameters,
        'previous': previous})
    session.flush()
    return op.id


@session_api.retry
def attach(tenant_id, cluster_id, config_id, task_id, allowed_from):
    """Attach a group (None: detach) and record the operation applying it.

    The group must be the project's and of the cluster's datastore
    version.
    """
    with _writer() as session:
        cluster = db_api._cluster(session, cluster_id, tenant_id, lock=True)
        previous = {}
        if cluster.configuration_id:
            old = session.get(models.Configuration, cluster.configuration_id)
            previous = dict(old.parameters or {}) if old else {}
        parameters = {}
        if config_id is not None:
            group = _get(session, config_id, tenant_id, lock=True)
            if group.datastore_version_id != cluster.datastore_version_id:
                raise exception.BadRequest(
                    'Configuration group %s is for another datastore '
                    'version than cluster %s.' % (config_id, cluster_id))
            parameters = dict(group.parameters or {})
        elif not cluster.configuration_id:
            raise exception.BadRequest('Cluster %s has no configuration '
                                       'group attached.' % cluster_id)
        return _begin(session, cluster_id, config_id, parameters, previous,
                      task_id, allowed_from)


def check_attachable(session, tenant_id, config_id, datastore_version_id):
    """For a cluster create: the group exists, is the project's, fits."""
    group = _get(session, config_id, tenant_id, lock=True)
    if group.datastore_version_id != datastore_version_id:
        raise exception.BadRequest(
            'Configuration group %s is for another datastore version.'
            % config_id)
    return group


@session_api.retry
def delete(config_id, tenant_id):
    """Soft-delete a group no live cluster uses; 400 while attached."""
    with _writer() as session:
        row = _get(session, config_id, tenant_id, lock=True)
        using = _clusters_using(session, config_id)
        if using:
            raise exception.BadRequest(
                'Configuration group %s is attached to cluster(s) %s: '
                'detach it first.' % (config_id,
                                      ', '.join(c.id for c in using)))
        row.deleted, row.deleted_at = True, models.utcnow()
