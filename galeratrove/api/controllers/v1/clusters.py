"""``/v1.0/{tenant}/clusters``: list, create, show, actions, delete."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import backups
from galeratrove.api.controllers.v1 import base
from galeratrove.api.controllers.v1 import cluster_ca
from galeratrove.api.controllers.v1 import cluster_instances
from galeratrove.api.controllers.v1 import cluster_root
from galeratrove.api import fast_reads
from galeratrove.api import schemas
from galeratrove.api import views
from galeratrove.cluster import api as cluster_api
from galeratrove.configuration import api as config_api
from galeratrove.db import api as db_api


def _view(row):
    return {'cluster': views.cluster(base.base_url(), row)}


class ClusterController(rest.RestController):
    """One cluster: ``GET``/``DELETE``, ``POST`` for actions.

    One instance serves every cluster (pecan inspects a RestController
    each time one is made); the id is the request's.
    """

    instances = cluster_instances.ClusterInstancesController()
    root = cluster_root.ClusterRootController()
    backups = backups.ClusterBackupsController()
    ca = cluster_ca.ClusterCAController()

    @property
    def cluster_id(self):
        return pecan.request.context['cluster_id']

    def _cluster(self):
        return db_api.cluster_get(self.cluster_id, base.tenant_id())

    @pecan.expose()
    def _lookup(self, name, *remainder):
        child = {'instances': self.instances, 'root': self.root,
                 'backups': self.backups, 'ca': self.ca}.get(name)
        if child is None:
            pecan.abort(404)
        return child, remainder

    @pecan.expose('json')
    def get_all(self):
        return fast_reads.cluster_show(base.context(), base.base_url(),
                                       self.cluster_id)

    @pecan.expose('json')
    def post(self):
        body = schemas.coerce(base.json_body())
        schemas.validate(schemas.CLUSTER_ACTION, body)
        action, payload = next(iter(body.items()))
        base.authorize('cluster:action:%s' % action)
        cluster = self._cluster()
        ctx = base.context()
        if action == 'grow':
            row = cluster_api.grow(ctx, cluster, payload)
        elif action == 'shrink':
            row = cluster_api.shrink(ctx, cluster, payload)
        elif action == 'configuration_attach':
            row = config_api.attach(ctx, cluster, payload['configuration_id'])
        elif action == 'configuration_detach':
            row = config_api.attach(ctx, cluster, None)
        elif action == 'restart':
            row = cluster_api.restart(ctx, cluster)
        elif action == 'upgrade':
            row = cluster_api.upgrade(ctx, cluster, payload)
        elif action == 'replace-instance':
            row = cluster_api.replace_instance(ctx, cluster, payload)
        else:
            row = cluster_api.reset_status(ctx, cluster)
        pecan.response.status = 202
        return _view(row)

    @pecan.expose(content_type='application/json')
    def delete(self):
        base.authorize('cluster:delete')
        cluster_api.delete(base.context(), self._cluster())
        pecan.response.status = 202
        return ''


_CLUSTER = ClusterController()


class ClustersController(rest.RestController):

    @pecan.expose()
    def _lookup(self, cluster_id, *remainder):
        pecan.request.context['cluster_id'] = cluster_id
        return _CLUSTER, remainder

    @pecan.expose('json')
    def get_all(self):
        return fast_reads.cluster_list(base.context(), base.base_url(),
                                       pecan.request.GET)

    @pecan.expose('json')
    def post(self):
        base.authorize('cluster:create')
        body = schemas.coerce(base.json_body())
        schemas.validate(schemas.CLUSTER_CREATE, body)
        return _view(cluster_api.create(base.context(), body))
