"""The one DB API over the models: every read and write goes through here.

Each public function is one transaction. Multi-row changes (a cluster with
its instances, its operation and its quota usage) commit together or not at
all, so a failed request leaves nothing half-written.
"""

import uuid

import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.db import models
from galeratrove.db import paging
from galeratrove.db import session as session_api

UNFINISHED = statuses.UNFINISHED

configure = session_api.configure
get_engine = session_api.get_engine
_writer = session_api.writer
_reader = session_api.reader


def new_id():
    return str(uuid.uuid4())


# Datastores -----------------------------------------------------------------

def datastore_list():
    with _reader() as session:
        q = sa.select(models.Datastore).order_by(models.Datastore.name)
        return list(session.scalars(q))


def _datastore(session, name_or_id):
    q = sa.select(models.Datastore).where(sa.or_(
        models.Datastore.name == name_or_id,
        models.Datastore.id == name_or_id))
    ds = session.scalars(q).first()
    if ds is None:
        raise exception.DatastoreNotFound(name=name_or_id)
    return ds


def datastore_get(name_or_id):
    with _reader() as session:
        return _datastore(session, name_or_id)


def datastore_version_get(datastore, version):
    """A version by name or id within a datastore (name or id)."""
    with _reader() as session:
        ds = _datastore(session, datastore)
        for v in ds.versions:
            if version in (v.name, v.id):
                return v
        raise exception.DatastoreVersionNotFound(
            datastore=datastore, version=version)


def datastore_version_get_by_id(version_id):
    with _reader() as session:
        v = session.get(models.DatastoreVersion, version_id)
        if v is None:
            raise exception.NotFound('Datastore version %s could not be '
                                     'found.' % version_id)
        return v


@session_api.retry
def datastore_version_update(datastore, version, manager, packages='',
                             active=True, make_default=False, image_id=None):
    """Create or update a datastore and one of its versions."""
    with _writer() as session:
        ds = session.scalars(sa.select(models.Datastore).where(
            models.Datastore.name == datastore)).first()
        if ds is None:
            ds = models.Datastore(id=new_id(), name=datastore)
            session.add(ds)
            session.flush()
        v = session.scalars(sa.select(models.DatastoreVersion).where(
            models.DatastoreVersion.datastore_id == ds.id,
            models.DatastoreVersion.name == version)).first()
        if v is None:
            v = models.DatastoreVersion(id=new_id(), datastore_id=ds.id,
                                        name=version)
            session.add(v)
        v.manager = manager
        v.packages = packages
        v.active = active
        if image_id is not None:
            v.image_id = image_id or None
        session.flush()
        if make_default or ds.default_version_id is None:
            ds.default_version_id = v.id
        return v


# Quotas ---------------------------------------------------------------------

def quota_limits(tenant_id, defaults):
    """Configured defaults overridden by the project's own quota rows."""
    with _reader() as session:
        rows = session.scalars(sa.select(models.Quota).where(
            models.Quota.tenant_id == tenant_id))
        limits = dict(defaults)
        limits.update({r.resource: r.hard_limit for r in rows})
        return limits


@session_api.retry
def quota_set(tenant_id, resource, hard_limit):
    with _writer() as session:
        row = session.scalars(sa.select(models.Quota).where(
            models.Quota.tenant_id == tenant_id,
            models.Quota.resource == resource)).first()
        if row is None:
            row = models.Quota(tenant_id=tenant_id, resource=resource)
            session.add(row)
        row.hard_limit = hard_limit


def quota_usage(tenant_id):
    with _reader() as session:
        rows = session.scalars(sa.select(models.QuotaUsage).where(
            models.QuotaUsage.tenant_id == tenant_id))
        return {r.resource: r.in_use for r in rows}


def _usage_rows(session, tenant_id, resources):
    q = sa.select(models.QuotaUsage).where(
        models.QuotaUsage.tenant_id == tenant_id,
        models.QuotaUsage.resource.in_(resources)).with_for_update(
        of=models.QuotaUsage)
    rows = {r.resource: r for r in session.scalars(q)}
    for resource in resources:
        if resource not in rows:
            rows[resource] = models.QuotaUsage(
                tenant_id=tenant_id, resource=resource, in_use=0)
            session.add(rows[resource])
    return rows


def _consume_quota(session, tenant_id, deltas, limits):
    """Apply usage deltas, refusing any increase past its limit."""
    rows = _usage_rows(session, tenant_id, sorted(deltas))
    for resource, delta in sorted(deltas.items()):
        row = rows[resource]
        limit = limits.get(resource) if limits else None
        if delta > 0 and limit is not None and row.in_use + delta > limit:
            raise exception.QuotaExceeded(
                resource=resource, requested=delta, in_use=row.in_use,
                limit=limit)
        row.in_use = max(0, row.in_use + delta)


def _instance_usage(instances):
    return {'instances': len(instances),
            'volumes': sum(i.volume_size for i in instances)}


# Clusters -------------------------------------------------------------------

def _cluster_query(tenant_id):
    q = sa.select(models.Cluster).where(models.Cluster.deleted.is_(False))
    if tenant_id is not None:
        q = q.where(models.Cluster.tenant_id == tenant_id)
    return q


def _cluster(session, cluster_id, tenant_id=None, lock=False):
    return paging.one(session, _cluster_query(tenant_id), models.Cluster,
                      cluster_id, exception.ClusterNotFound, lock=lock)


def cluster_get(cluster_id, tenant_id=None):
    with _reader() as session:
        return _cluster(session, cluster_id, tenant_id)


def cluster_find(tenant_id, name_or_id):
    """A project's cluster by id, or by name when the name is unique."""
    with _reader() as session:
        q = _cluster_query(tenant_id).where(sa.or_(
            models.Cluster.id == name_or_id,
            models.Cluster.name == name_or_id))
        found = list(session.scalars(q))
        if len(found) != 1:
            raise exception.ClusterNotFound(id=name_or_id)
        return found[0]


def cluster_list_idle(cluster_id=None):
    """Every project's clusters with no task (for the health checks)."""
    with _reader() as session:
        q = _cluster_query(None).where(models.Cluster.task_id == 1)
        if cluster_id is not None:
            q = q.where(models.Cluster.id == cluster_id)
        return list(session.scalars(q))


def cluster_list(tenant_id, limit, marker=None):
    """One page ordered by (created, id), and whether more follow."""
    with _reader() as session:
        q = _cluster_query(tenant_id)
        m = _cluster(session, marker, tenant_id) if marker else None
        return paging.page(session, q, models.Cluster, m, limit)


def _new_instances(cluster, specs):
    instances = []
    for spec in specs:
        cluster.last_member_index += 1
        index = cluster.last_member_index
        instances.append(models.Instance(
            id=new_id(), cluster_id=cluster.id, tenant_id=cluster.tenant_id,
            name=spec.get('name') or '%s-%d' % (cluster.name, index),
            member_index=index, flavor_id=spec['flavor_id'],
            volume_size=spec['volume_size'],
            type=spec.get('type') or 'member',
            volume_type=spec.get('volume_type'),
            availability_zone=spec.get('availability_zone'),
            nics=spec.get('nics'), status=statuses.BUILD))
    return instances


def _new_operation(session, cluster_id, kind, params):
    op = models.Operation(id=new_id(), cluster_id=cluster_id, kind=kind,
                          state=statuses.PENDING, params=params)
    session.add(op)
    return op


@session_api.retry
def cluster_create(tenant_id, name, datastore_version_id, instance_specs,
                   quota_limits, task_id, locality=None,
                   configuration_id=None, params=None, tls_ca=None):
    """Record a cluster, its instances, its create operation and quota.

    ``params`` go to the operation beside the instances (a restore).
    ``tls_ca``: (CA certificate, sealed CA key) of a TLS cluster.
    """
    with _writer() as session:
        if configuration_id is not None:
            from galeratrove.db import configurations
            configurations.check_attachable(
                session, tenant_id, configuration_id, datastore_version_id)
        cluster = models.Cluster(
            id=new_id(), tenant_id=tenant_id, name=name,
            datastore_version_id=datastore_version_id, task_id=task_id,
            last_member_index=0, locality=locality,
            configuration_id=configuration_id)
        if tls_ca:
            cluster.tls = True
            cluster.ca_certificate, cluster.ca_key = tls_ca
        session.add(cluster)
        instances = _new_instances(cluster, instance_specs)
        _consume_quota(session, tenant_id, _instance_usage(instances),
                       quota_limits)
        session.add_all(instances)
        op = _new_operation(session, cluster.id, 'create', dict(
            params or {}, instances=[i.id for i in instances]))
        session.flush()
        return cluster.id, op.id


def _enter_task(session, tenant_id, cluster_id, task_id, allowed_from):
    """Lock the cluster row and move it into a task, or refuse (busy)."""
    cluster = _cluster(session, cluster_id, tenant_id, lock=True)
    if cluster.task_id not in allowed_from:
        raise exception.ClusterBusy(
            id=cluster_id, task=statuses.task(cluster.task_id).name)
    cluster.task_id = task_id
    return cluster


@session_api.retry
def cluster_grow(tenant_id, cluster_id, instance_specs, quota_limits,
                 task_id, idle_task_id):
    with _writer() as session:
        cluster = _enter_task(session, tenant_id, cluster_id, task_id,
                              {idle_task_id})
        instances = _new_instances(cluster, instance_specs)
        _consume_quota(session, tenant_id, _instance_usage(instances),
                       quota_limits)
        session.add_all(instances)
        op = _new_operation(session, cluster.id, 'grow',
                            {'instances': [i.id for i in instances]})
        session.flush()
        return op.id


@session_api.retry
def cluster_replace(tenant_id, cluster_id, old_id, task_id, idle_task_id):
    """Record a new member like ``old_id`` and the replace operation.

    The newcomer is counted against the quota without a limit: for the
    time of the replace the project holds one instance more, then the
    old one's share is freed with it.
    """
    with _writer() as session:
        cluster = _enter_task(session, tenant_id, cluster_id, task_id,
                              {idle_task_id})
        old = session.get(models.Instance, old_id)
        if old is None or old.deleted or old.cluster_id != cluster_id:
            raise exception.InstanceNotFound(id=old_id)
        new, = _new_instances(cluster, [{
            'flavor_id': old.flavor_id, 'volume_size': old.volume_size,
            'type': old.type,
            'volume_type': old.volume_type,
            'availability_zone': old.availability_zone, 'nics': old.nics}])
        _consume_quota(session, tenant_id, _instance_usage([new]), None)
        session.add(new)
        op = _new_operation(session, cluster.id, 'replace',
                            {'old': old_id, 'instances': [new.id]})
        session.flush()
        return op.id, new.id


@session_api.retry
def cluster_begin(tenant_id, cluster_id, kind, params, task_id,
                  allowed_from):
    """Move a cluster into a task and record its operation, atomically.

    ``allowed_from`` is the set of task ids the cluster may be in now.
    """
    with _writer() as session:
        cluster = _enter_task(session, tenant_id, cluster_id, task_id,
                              allowed_from)
        op = _new_operation(session, cluster.id, kind, params)
        session.flush()
        return op.id


@session_api.retry
def cluster_update(cluster_id, **values):
    with _writer() as session:
        cluster = _cluster(session, cluster_id)
        for key, value in values.items():
            setattr(cluster, key, value)


@session_api.retry
def cluster_destroy(cluster_id):
    """Soft-delete a cluster and its instances, drop its schedules.

    Their quota is freed; its backups stay.
    """
    with _writer() as session:
        cluster = _cluster(session, cluster_id, lock=True)
        live = list(cluster.instances)
        _consume_quota(session, cluster.tenant_id,
                       {k: -v for k, v in _instance_usage(live).items()},
                       None)
        now = models.utcnow()
        for inst in live:
            row = session.get(models.Instance, inst.id)
            row.deleted, row.deleted_at = True, now
        cluster.deleted, cluster.deleted_at = True, now
        # Its backups stay (restores go into new clusters); its schedules
        # have nothing left to back up.
        session.execute(sa.delete(models.BackupSchedule).where(
            models.BackupSchedule.cluster_id == cluster_id))


# Instances ------------------------------------------------------------------

def instance_get(instance_id, cluster_id=None, tenant_id=None):
    with _reader() as session:
        q = sa.select(models.Instance).where(
            models.Instance.id == instance_id,
            models.Instance.deleted.is_(False))
        if cluster_id is not None:
            q = q.where(models.Instance.cluster_id == cluster_id)
        if tenant_id is not None:
            q = q.where(models.Instance.tenant_id == tenant_id)
        inst = session.scalars(q).first()
        if inst is None:
            raise exception.InstanceNotFound(id=instance_id)
        return inst


def instance_get_any(instance_id):
    """An instance row even when deleted (cleanup after cancellation)."""
    with _reader() as session:
        return session.get(models.Instance, instance_id)


@session_api.retry
def instance_update(instance_id, **values):
    with _writer() as session:
        inst = session.get(models.Instance, instance_id)
        if inst is None:
            raise exception.InstanceNotFound(id=instance_id)
        for key, value in values.items():
            setattr(inst, key, value)


@session_api.retry
def instance_report(instance_id, guest_status, volume_used=None,
                    derive=None, sent=None):
    """Store a guest heartbeat unless deleted or not newer (a replay).

    ``derive(current_status, guest_status)`` gives the new user-facing
    status, in the same transaction as the report; ``sent`` is when the
    guest sent it (microseconds).
    """
    with _writer() as session:
        inst = session.get(models.Instance, instance_id,
                           with_for_update=True)
        if inst is None or inst.deleted or (
                sent is not None and sent <= (inst.heartbeat_sent or -1)):
            return False
        inst.heartbeat_sent = sent
        inst.guest_status = guest_status
        if derive is not None:
            inst.status = derive(inst.status, guest_status)
        inst.heartbeat_at = models.utcnow()
        if volume_used is not None:
            inst.volume_used = volume_used
        return True


@session_api.retry
def instance_destroy(instance_id):
    """Soft-delete one instance and free its quota."""
    with _writer() as session:
        inst = session.get(models.Instance, instance_id)
        if inst is None or inst.deleted:
            return
        _consume_quota(session, inst.tenant_id,
                       {'instances': -1, 'volumes': -inst.volume_size},
                       None)
        inst.deleted, inst.deleted_at = True, models.utcnow()


# Operations -----------------------------------------------------------------

def operation_get(operation_id):
    with _reader() as session:
        op = session.get(models.Operation, operation_id)
        if op is None:
            raise exception.NotFound('Operation %s not found.'
                                     % operation_id)
        return op


def operation_list_unfinished():
    with _reader() as session:
        q = sa.select(models.Operation).where(
            models.Operation.state.in_(UNFINISHED)).order_by(
            models.Operation.created)
        return list(session.scalars(q))


def operation_list(cluster_id):
    with _reader() as session:
        q = sa.select(models.Operation).where(
            models.Operation.cluster_id == cluster_id).order_by(
            models.Operation.created)
        return list(session.scalars(q))


@session_api.retry
def operation_update(operation_id, **values):
    with _writer() as session:
        op = session.get(models.Operation, operation_id)
        for key, value in values.items():
            setattr(op, key, value)


@session_api.retry
def operation_cancel_unfinished(cluster_id, except_id=None):
    """Mark a cluster's in-flight operations CANCELLED (on delete)."""
    with _writer() as session:
        q = sa.update(models.Operation).where(
            models.Operation.cluster_id == cluster_id,
            models.Operation.state.in_(UNFINISHED))
        if except_id:
            q = q.where(models.Operation.id != except_id)
        session.execute(q.values(state=statuses.CANCELLED,
                                 updated=models.utcnow()))


@session_api.retry
def step_start(operation_id, name):
    with _writer() as session:
        step = models.OperationStep(operation_id=operation_id, name=name)
        session.add(step)
        session.flush()
        return step.id


@session_api.retry
def step_finish(step_id, state=statuses.COMPLETED, detail=None):
    with _writer() as session:
        step = session.get(models.OperationStep, step_id)
        step.state, step.detail = state, detail
        step.finished = models.utcnow()
