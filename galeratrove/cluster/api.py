"""The cluster service as the REST API sees it: validate, record, cast.

Everything a request needs is checked before anything is written; the
record (cluster, instances, operation, quota) is one transaction; only then
is the taskmanager told. Datastore rules come from the API strategy.
"""

import re

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove.cluster import backups as backup_api
from galeratrove.cluster import unsupported
from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.common.strategies import strategy
from galeratrove.common import utils
from galeratrove import compute
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import cluster_tls
from galeratrove.db import models
from galeratrove.taskmanager import rpcapi as task_rpcapi

LOG = logging.getLogger(__name__)

IDLE = {statuses.NONE.id}
MEMBER = 'member'
ARBITRATOR = 'arbitrator'


def _quota_limits(tenant_id):
    return db_api.quota_limits(tenant_id, {
        'instances': CONF.max_instances_per_tenant,
        'volumes': CONF.max_volumes_per_tenant})


def absolute_limits(tenant_id):
    """({resource: limit}, {resource: in use}) of a project."""
    return _quota_limits(tenant_id), db_api.quota_usage(tenant_id)


def member_type(item):
    """'arbitrator' or 'member' of a request instance (Trove's ``type``).

    Trove lets ``type`` be a list; unsupported.py refused other names.
    """
    kinds = item.get('type')
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return ARBITRATOR if ARBITRATOR in kinds else MEMBER


def _volume(index, item, kind):
    """A data node's volume; an arbitrator's none (refused, not ignored)."""
    volume = item.get('volume')
    if kind == ARBITRATOR:
        if volume:
            raise exception.BadRequest(
                'instances[%d]: an arbitrator holds no data and takes no '
                'volume; remove its volume.' % index)
        return {'size': 0}
    if not volume:
        raise exception.BadRequest(
            "Invalid request body: instances/%d: 'volume' is a required "
            'property of a data node.' % index)
    return volume


def _instance_specs(instances):
    """Request instances -> specs, with each flavor checked to exist."""
    driver = compute.get_driver()
    specs = []
    for index, item in enumerate(instances):
        flavor = driver.get_flavor(item['flavorRef'])
        nics = item.get('nics') or None
        kind = member_type(item)
        volume = _volume(index, item, kind)
        specs.append({'flavor_id': str(flavor.id), 'type': kind,
                      'volume_size': volume['size'],
                      'volume_type': volume.get('type') or None,
                      'name': item.get('name'),
                      'availability_zone': item.get('availability_zone'),
                      'nics': nics})
    return specs


def _datastore_version(datastore, version):
    dsv = db_api.datastore_version_get(datastore, version)
    if not dsv.active:
        raise exception.BadRequest(
            'Datastore version %s %s is not active on this deployment: its '
            'server packages are not installed.' % (datastore, version))
    supported, _minimum = strategy.cluster_support(dsv.manager)
    if not supported:
        raise exception.BadRequest(
            'Clusters are not supported for datastore %s.' % datastore)
    return dsv


def _wants_tls(req, dsv):
    """The request's ``tls``, else the [<manager>] tls_default."""
    wanted = req['tls'] if req.get('tls') is not None else \
        CONF[dsv.manager].tls_default
    if wanted and dsv.manager != 'mariadb':
        raise exception.BadRequest(
            'TLS clusters are for MariaDB Galera only, not %s.'
            % dsv.manager)
    return wanted


def create(context, body):
    req = body['cluster']
    name = req['name']
    if len(name) > CONF.max_cluster_name_length:
        raise exception.BadRequest(
            'Cluster name is longer than %d characters.'
            % CONF.max_cluster_name_length)
    dsv = _datastore_version(req['datastore']['type'],
                             req['datastore']['version'])
    unsupported.check_cluster(req, compute.get_driver().capabilities)
    specs = _instance_specs(req['instances'])
    strategy.api_strategy(dsv.manager).validate_create(specs)
    tls = _wants_tls(req, dsv)
    restore = backup_api.restore_point(context, req['instances'], dsv)
    cluster_id, op_id = db_api.cluster_create(
        context.project_id, name, dsv.id, specs,
        _quota_limits(context.project_id), statuses.BUILDING.id,
        locality=req.get('locality'),
        configuration_id=req.get('configuration') or None,
        params={'restore': restore.id} if restore else None,
        tls_ca=cluster_tls.new_ca() if tls else None)
    LOG.info('Cluster %s (%s) recorded with %d instances', cluster_id,
             name, len(specs))
    task_rpcapi.API(context).create_cluster(cluster_id, op_id)
    return db_api.cluster_get(cluster_id)


def _check_idle(cluster):
    """Refuse early (the DB refuses again atomically) while a task runs."""
    if cluster.task_id not in IDLE:
        raise exception.ClusterBusy(id=cluster.id,
                                    task=statuses.task(cluster.task_id).name)


def _api_strategy(cluster):
    return strategy.api_strategy(cluster.datastore_version.manager)


def grow(context, cluster, instances):
    for index, item in enumerate(instances):  # the body's own faults first
        _volume(index, item, member_type(item))
    _check_idle(cluster)
    if any(i.get('restorePoint') for i in instances):
        raise exception.BadRequest(
            'A restore point is for a new cluster, not for grow.')
    unsupported.check_instances(instances, compute.get_driver().capabilities)
    specs = _instance_specs(instances)
    _api_strategy(cluster).validate_grow(list(cluster.instances), specs)
    op_id = db_api.cluster_grow(
        context.project_id, cluster.id, specs,
        _quota_limits(context.project_id), statuses.GROWING_CLUSTER.id,
        statuses.NONE.id)
    task_rpcapi.API(context).grow_cluster(cluster.id, op_id)
    return db_api.cluster_get(cluster.id)


def shrink(context, cluster, instances):
    _check_idle(cluster)
    ids = [i['id'] for i in instances]
    _api_strategy(cluster).validate_shrink(list(cluster.instances), ids)
    op_id = db_api.cluster_begin(
        context.project_id, cluster.id, 'shrink', {'instances': ids},
        statuses.SHRINKING_CLUSTER.id, IDLE)
    task_rpcapi.API(context).shrink_cluster(cluster.id, op_id)
    return db_api.cluster_get(cluster.id)


def _check_taskmanager_speaks(context, what):
    """Refuse before recording anything while the taskmanager is capped."""
    if not task_rpcapi.API(context).can_send_version('1.1'):
        raise exception.UnprocessableEntity(
            'A %s needs taskmanager RPC API 1.1; this deployment caps it '
            'lower ([taskmanager] rpc_version_cap) while older '
            'taskmanagers run.' % what)


def _check_all_active(cluster, what):
    """A rolling operation needs every member serving to begin with."""
    members = list(cluster.instances)
    if len(members) < 2:
        raise exception.BadRequest(
            'A %s needs at least 2 instances: with %d, the cluster would '
            'be down while its node restarts.' % (what, len(members)))
    idle = [m.name for m in members if m.status not in statuses.SERVING]
    if idle:
        raise exception.UnprocessableEntity(
            'A %s needs every instance ACTIVE; not ACTIVE: %s. Replace '
            'or shrink it first.' % (what, ', '.join(idle)))


def restart(context, cluster):
    """Rolling restart: the flow keeps a Synced quorum throughout."""
    _check_idle(cluster)
    _check_taskmanager_speaks(context, 'rolling restart')
    _check_all_active(cluster, 'rolling restart')
    op_id = db_api.cluster_begin(
        context.project_id, cluster.id, 'restart', {},
        statuses.ROLLING_RESTART.id, IDLE)
    task_rpcapi.API(context).start_operation(cluster.id, op_id)
    return db_api.cluster_get(cluster.id)


def _version_key(name):
    """'10.11.6' -> (10, 11, 6): versions compare by their numbers."""
    return tuple(int(n) for n in re.findall(r'\d+', name))


def _upgrade_target(current, wanted):
    """The registered, active, newer version of the same datastore."""
    datastore = db_api.datastore_get(current.datastore_id)
    for version in datastore.versions:
        if wanted in (version.name, version.id):
            break
    else:
        for other in db_api.datastore_list():
            if other.id != datastore.id and any(
                    wanted in (v.name, v.id) for v in other.versions):
                raise exception.BadRequest(
                    'Datastore version %s belongs to datastore %s: a %s '
                    'cluster can only be upgraded to another %s version.'
                    % (wanted, other.name, datastore.name, datastore.name))
        raise exception.BadRequest(
            'Datastore version %s is not a registered version of %s '
            '(registered: %s).' % (wanted, datastore.name, ', '.join(
                sorted(v.name for v in datastore.versions))))
    if version.id == current.id:
        raise exception.BadRequest(
            'The cluster already runs %s %s.'
            % (datastore.name, version.name))
    if not version.active:
        raise exception.BadRequest(
            'Datastore version %s %s is not active on this deployment.'
            % (datastore.name, version.name))
    if _version_key(version.name) <= _version_key(current.name):
        raise exception.BadRequest(
            'Downgrading from %s %s to %s is not supported: a server '
            'cannot read data files written by a newer one.'
            % (datastore.name, current.name, version.name))
    if (CONF.compute.driver != 'local' and
            (version.image_id or None) != (current.image_id or None)):
        # Nothing accepted and ignored: the roll restarts the servers the
        # cluster has; it does not rebuild them from another image.
        raise exception.BadRequest(
            'Datastore version %s %s boots another image than the '
            "cluster's servers: a rolling upgrade restarts the servers in "
            'place and cannot rebuild them from a new image yet.'
            % (datastore.name, version.name))
    if version.manager != current.manager:
        raise exception.BadRequest(
            'Datastore version %s %s is managed by %s, the cluster by %s.'
            % (datastore.name, version.name, version.manager,
               current.manager))
    return version


def upgrade(context, cluster, payload):
    """Rolling upgrade to a newer version of the same datastore."""
    _check_idle(cluster)
    target = _upgrade_target(cluster.datastore_version,
                             payload['datastore_version'])
    _check_taskmanager_speaks(context, 'rolling upgrade')
    _check_all_active(cluster, 'rolling upgrade')
    op_id = db_api.cluster_begin(
        context.project_id, cluster.id, 'upgrade',
        {'datastore_version_id': target.id}, statuses.UPGRADING_CLUSTER.id,
        IDLE)
    task_rpcapi.API(context).start_operation(cluster.id, op_id)
    return db_api.cluster_get(cluster.id)


def replace_instance(context, cluster, payload):
    """A new member joins by SST, then the old one is removed.

    The cluster never counts fewer Primary members than now: the
    newcomer joins first. The others must hold a quorum of the cluster
    without the replaced member's vote.
    """
    _check_idle(cluster)
    _check_taskmanager_speaks(context, 'replace')
    members = list(cluster.instances)
    old_id = payload['id']
    if old_id not in {m.id for m in members}:
        raise exception.BadRequest(
            'Instance %s is not a member of this cluster.' % old_id)
    others = [m for m in members if m.id != old_id]
    serving = [m for m in others if m.status in statuses.SERVING]
    if len(serving) < len(members) // 2 + 1:
        # Name the others that do not serve: the refusal is about them,
        # not the member being replaced.
        idle = ', '.join('%s is %s' % (m.name, m.status) for m in others
                         if m not in serving)
        raise exception.UnprocessableEntity(
            'Replacing an instance needs a quorum of the other members '
            'ACTIVE (%d of %d): %d are (%s). Let the cluster heal, or '
            'shrink it, first.' % (len(members) // 2 + 1, len(members),
                                   len(serving), idle))
    op_id, _new_id = db_api.cluster_replace(
        context.project_id, cluster.id, old_id,
        statuses.REPLACING_INSTANCE.id, statuses.NONE.id)
    task_rpcapi.API(context).start_operation(cluster.id, op_id)
    return db_api.cluster_get(cluster.id)


def delete(context, cluster):
    """Accepted in every task but DELETING; cancels in-flight work."""
    allowed = set(statuses.TASKS_BY_ID) - {statuses.DELETING.id}
    if cluster.task_id not in allowed:
        raise exception.UnprocessableEntity(
            'Cluster %s is already being deleted.' % cluster.id)
    op_id = db_api.cluster_begin(context.project_id, cluster.id, 'delete',
                                 {}, statuses.DELETING.id, allowed)
    db_api.operation_cancel_unfinished(cluster.id, except_id=op_id)
    task_rpcapi.API(context).delete_cluster(cluster.id, op_id)


def reset_status(context, cluster):
    """Operator escape hatch: task back to NONE, in-flight work cancelled.

    Also for a delete that hangs: troveclient's force delete is a reset
    followed by a delete, which starts the delete afresh.
    """
    db_api.operation_cancel_unfinished(cluster.id)
    for inst in cluster.instances:
        if inst.status == statuses.BUILD:
            db_api.instance_update(
                inst.id, status=statuses.ERROR, fault_at=models.utcnow(),
                fault_message='The operation building this instance was '
                              'stopped by a status reset.')
    db_api.cluster_update(cluster.id, task_id=statuses.NONE.id)
    LOG.info('Cluster %s: status reset from task %s', cluster.id,
             statuses.task(cluster.task_id).name)
    return db_api.cluster_get(cluster.id)


def enable_root(context, cluster, password=None):
    if not any(i.status in statuses.SERVING for i in cluster.instances):
        raise exception.UnprocessableEntity(
            'Cluster %s has no ACTIVE instance to enable root on.'
            % cluster.id)
    _check_idle(cluster)
    password = password or utils.generate_password()
    try:
        task_rpcapi.API(context).enable_root(
            cluster.id, password, CONF.cluster.guest_call_timeout * 2)
    except messaging.MessagingException as e:
        raise exception.ServiceError(
            'Enabling root on cluster %s failed: %s'
            % (cluster.id, getattr(e, 'value', None) or e))
    db_api.cluster_update(cluster.id, root_enabled=True)
    LOG.info('Root enabled on cluster %s', cluster.id)
    return {'user': {'name': 'root', 'password': password}}
