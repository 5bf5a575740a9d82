"""``/clusters/{id}/instances/{instance_id}``: one member's view."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import fast_reads


class ClusterInstancesController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        return fast_reads.cluster_instances(
            base.context(), base.base_url(),
            pecan.request.context['cluster_id'])

    @pecan.expose('json')
    def get_one(self, instance_id):
        return fast_reads.cluster_instance(
            base.context(), base.base_url(),
            pecan.request.context['cluster_id'], instance_id)
