"""``/instances``: cluster members by their own id, on Trove's path.

Clients find an instance at ``/instances/{id}`` (the instance view's self
link points there, and troveclient's shrink looks members up there). Every
instance of this service is a cluster member, so the list is empty unless
``include_clustered`` is true, as in Trove.

``PUT /instances/{id}`` with ``configuration`` is what the OpenStack
client's ``database configuration attach/detach`` send: a Galera cluster
runs one configuration, so it attaches to (or detaches from) the
member's whole cluster.

``GET /instances/{id}/configuration`` (OSC's ``database configuration
default``) shows the values the member runs with, in Trove's shape.
"""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import fast_reads
from galeratrove.api import schemas
from galeratrove.api import views
from galeratrove.configuration import api as config_api
from galeratrove.configuration import effective
from galeratrove.db import api as db_api

_TRUE = ('1', 'true', 'yes', 'on')


class InstanceModulesController(rest.RestController):
    """``/instances/{id}/modules``: modules are not supported, so none."""

    def __init__(self, instance_id):
        self.instance_id = instance_id

    @pecan.expose('json')
    def get_all(self):
        base.authorize('cluster:instance:show')
        db_api.instance_get(self.instance_id, tenant_id=base.tenant_id())
        return {'modules': []}


class InstanceConfigurationController(rest.RestController):
    """``/instances/{id}/configuration``: the member's effective values."""

    def __init__(self, instance_id):
        self.instance_id = instance_id

    @pecan.expose('json')
    def get_all(self):
        base.authorize('cluster:instance:show')
        instance = db_api.instance_get(self.instance_id,
                                       tenant_id=base.tenant_id())
        cluster = db_api.cluster_get(instance.cluster_id, base.tenant_id())
        return {'instance': {'configuration':
                             effective.instance_configuration(instance,
                                                              cluster)}}


SUBRESOURCES = {'modules': InstanceModulesController,
                'configuration': InstanceConfigurationController}


class InstancesController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('cluster:index')
        include = pecan.request.GET.get('include_clustered', '')
        if include.strip().lower() not in _TRUE:
            return {'instances': []}
        rows, _more = db_api.cluster_list(base.tenant_id(), 2 ** 31)
        return {'instances': [
            views.cluster_instance(base.base_url(), cluster, i)
            for cluster in rows for i in cluster.instances]}

    @pecan.expose()
    def _lookup(self, instance_id, *remainder):
        if len(remainder) != 1 or remainder[0] not in SUBRESOURCES:
            pecan.abort(404)
        return SUBRESOURCES[remainder[0]](instance_id), ()

    @pecan.expose('json')
    def get_one(self, instance_id):
        return fast_reads.instance_show(base.context(), base.base_url(),
                                        instance_id)

    @pecan.expose(content_type='application/json')
    def put(self, instance_id):
        body = base.json_body()
        schemas.validate(schemas.INSTANCE_UPDATE, body)
        config_id = body['instance']['configuration']
        base.authorize('cluster:action:configuration_%s' % (
            'attach' if config_id else 'detach'))
        instance = db_api.instance_get(instance_id,
                                       tenant_id=base.tenant_id())
        cluster = db_api.cluster_get(instance.cluster_id, base.tenant_id())
        config_api.attach(base.context(), cluster, config_id)
        pecan.response.status = 202
        return ''
