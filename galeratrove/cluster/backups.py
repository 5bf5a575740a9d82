"""The backup service as the REST API sees it: validate, record, cast.

A backup is Trove's body with a cluster member as ``instance``, or a
``cluster`` to let the service choose a Synced member. Everything is
checked before the backup, its operation and the cluster's task are
written in one transaction; only then is the taskmanager told.
"""

from oslo_log import log as logging

from galeratrove import backup as backup_storage
from galeratrove.backup import removal
from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.db import api as db_api
from galeratrove.db import backups as backups_db
from galeratrove.taskmanager import rpcapi as task_api

LOG = logging.getLogger(__name__)

UNFINISHED = removal.UNFINISHED


def _cluster_of(tenant_id, req):
    """The cluster, and the member asked for (None: the service picks)."""
    instance_id, cluster_id = req.get('instance'), req.get('cluster')
    if not instance_id and not cluster_id:
        raise exception.BadRequest(
            'A backup needs an instance (a cluster member) or a cluster.')
    instance = None
    if instance_id:
        try:
            instance = db_api.instance_get(instance_id, tenant_id=tenant_id)
        except exception.InstanceNotFound:
            # A cluster id given as the instance (clients that only know
            # "instance"): the service picks the member.
            if cluster_id:
                raise
            cluster_id = instance_id
    if instance is not None:
        if cluster_id and cluster_id != instance.cluster_id:
            raise exception.BadRequest(
                'Instance %s is not a member of cluster %s.'
                % (instance.id, cluster_id))
        cluster_id = instance.cluster_id
    cluster = db_api.cluster_get(cluster_id, tenant_id)
    return cluster, instance


def _parent(tenant_id, cluster, req):
    """The backup an incremental builds on; None for a full backup.

    ``parent_id`` names it (as in Trove, it makes the backup incremental);
    ``incremental`` alone takes the cluster's newest COMPLETED backup.
    """
    if req.get('parent_id'):
        try:
            parent = backups_db.backup_get(req['parent_id'], tenant_id)
        except backups_db.BackupNotFound:
            raise exception.BadRequest(
                'Parent backup %s does not exist.' % req['parent_id'])
    elif req.get('incremental'):
        parent = backups_db.backup_latest(cluster.id, tenant_id)
        if parent is None:
            raise exception.BadRequest(
                'Cluster %s has no COMPLETED backup to build an '
                'incremental one on: take a full backup first.'
                % cluster.id)
    else:
        return None
    if parent.status != 'COMPLETED' or parent.to_lsn is None:
        raise exception.BadRequest(
            'Parent backup %s is %s: an incremental backup needs a '
            'COMPLETED parent.' % (parent.id, parent.status))
    if parent.cluster_id != cluster.id:
        raise exception.BadRequest(
            'Parent backup %s is of another cluster.' % parent.id)
    return parent


def create(context, body):
    req = body['backup']
    if req.get('restore_from'):
        raise exception.BadRequest(
            'Importing a backup (restore_from) is not supported.')
    configured = backup_storage.storage_driver_name()
    driver = req.get('storage_driver') or configured
    if driver != configured:
        raise exception.BadRequest(
            'Storage driver %s is not the one configured here (%s).'
            % (driver, configured))
    cluster, instance = _cluster_of(context.project_id, req)
    if cluster.task_id != statuses.NONE.id:
        raise exception.ClusterBusy(id=cluster.id,
                                    task=statuses.task(cluster.task_id).name)
    if instance is not None and instance.status != 'ACTIVE':
        raise exception.UnprocessableEntity(
            'Instance %s is %s: only an ACTIVE member can be backed up.'
            % (instance.id, instance.status))
    parent = _parent(context.project_id, cluster, req)
    backup_id, op_id = backups_db.backup_create(
        context.project_id, cluster.id, {
            'name': req['name'], 'description': req.get('description'),
            'instance_id': instance.id if instance else None,
            'parent_id': parent.id if parent else None,
            'storage_driver': driver},
        statuses.BACKING_UP.id, {statuses.NONE.id})
    LOG.info('Backup %s of cluster %s recorded', backup_id, cluster.id)
    task_api.API(context).start_operation(cluster.id, op_id)
    return backups_db.backup_get(backup_id)


def delete(context, backup):
    """Remove the stored object, then the record; not while it is made."""
    removal.delete(backup)


def restore_point(context, instances, datastore_version):
    """The backup a create restores from, checked; None without one.

    Another project's backup is not found (404); a missing one, one not
    COMPLETED or of another datastore version is a bad request (400).
    """
    refs = {(item.get('restorePoint') or {}).get('backupRef')
            for item in instances}
    refs.discard(None)
    if not refs:
        return None
    if len(refs) > 1:
        raise exception.BadRequest(
            'All instances of a cluster restore from the same backup.')
    ref = refs.pop()
    try:
        found = backups_db.backup_get(ref)
    except backups_db.BackupNotFound:
        raise exception.BadRequest('Backup %s does not exist.' % ref)
    if found.tenant_id != context.project_id:
        raise backups_db.BackupNotFound(id=ref)
    for link in backups_db.backup_chain(found.id):
        if link.status != 'COMPLETED':
            raise exception.BadRequest(
                'Backup %s is %s: only a COMPLETED backup (and parents) can '
                'be restored.' % (link.id, link.status))
    if found.datastore_version_id != datastore_version.id:
        raise exception.BadRequest(
            'Backup %s is of another datastore version.' % ref)
    return found
