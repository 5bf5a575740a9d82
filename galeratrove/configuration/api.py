"""Configuration groups as the REST API sees them: check, record, cast.

Values are validated against the datastore version's rules before
anything is written; a change to a group that clusters use, and an
attach or detach, record one operation per cluster in the same
transaction, and only then is the taskmanager told.
"""

from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.configuration import rules
from galeratrove.configuration import validation
from galeratrove.db import api as db_api
from galeratrove.db import configurations as db_conf
from galeratrove.taskmanager import rpcapi as task_rpcapi

LOG = logging.getLogger(__name__)

IDLE = {statuses.NONE.id}


def _version(datastore):
    """The version a create names: by id alone, or within a datastore."""
    datastore = datastore or {}
    version = datastore.get('version')
    if not version:
        raise exception.BadRequest('A configuration group needs '
                                   'datastore.version.')
    if datastore.get('type'):
        dsv = db_api.datastore_version_get(datastore['type'], version)
    else:
        dsv = db_api.datastore_version_get_by_id(version)
    rules.for_version(dsv)
    return dsv


def create(context, body):
    req = body['configuration']
    dsv = _version(req.get('datastore'))
    values = validation.values(dsv, req['values'])
    config_id = db_conf.create(context.project_id, req['name'],
                               req.get('description'), dsv.id, values)
    LOG.info('Configuration group %s created for %s %s', config_id,
             dsv.datastore.name, dsv.name)
    return db_conf.get(config_id)


def _start(context, started):
    for cluster_id, op_id in started:
        task_rpcapi.API(context).start_operation(cluster_id, op_id)


def update(context, group, body, merge):
    """PUT replaces the values, PATCH merges them.

    Attached clusters follow; a busy one refuses the change.
    """
    req = body['configuration']
    given = validation.values(group.datastore_version, req['values'])
    values = dict(group.parameters or {}, **given) if merge else given
    started = db_conf.update(group.id, context.project_id, values,
                             statuses.UPDATING_CLUSTER.id, IDLE,
                             name=req.get('name'),
                             description=req.get('description'))
    _start(context, started)
    return db_conf.get(group.id)


def delete(context, group):
    db_conf.delete(group.id, context.project_id)


def attach(context, cluster, config_id):
    """Attach (or with None detach) a group; the cluster applies it."""
    if cluster.task_id not in IDLE:
        raise exception.ClusterBusy(id=cluster.id,
                                    task=statuses.task(cluster.task_id).name)
    op_id = db_conf.attach(context.project_id, cluster.id, config_id,
                           statuses.UPDATING_CLUSTER.id, IDLE)
    LOG.info('Cluster %s: configuration group %s %s', cluster.id,
             config_id or '', 'attached' if config_id else 'detached')
    _start(context, [(cluster.id, op_id)])
    return db_api.cluster_get(cluster.id)
