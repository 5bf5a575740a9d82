"""``/clusters/{id}/instances/{instance_id}``: one member's view."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import views
from galeratrove.db import api as db_api
from galeratrove.db import reads


class ClusterInstancesController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('cluster:show')
        cluster = db_api.cluster_get(pecan.request.context['cluster_id'],
                                     base.tenant_id())
        return {'instances': [
            views.cluster_instance(base.base_url(), cluster, i)
            for i in cluster.instances]}

    @pecan.expose('json')
    def get_one(self, instance_id):
        base.authorize('cluster:instance:show')
        cluster, instance = reads.cluster_member(
            pecan.request.context['cluster_id'], instance_id,
            base.tenant_id())
        return {'instance': views.cluster_instance(base.base_url(), cluster,
                                                   instance)}
