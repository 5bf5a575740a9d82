"""``/clusters/{id}/root``: enable root once, or ask whether it is."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import schemas
from galeratrove.cluster import api as cluster_api
from galeratrove.db import api as db_api


def _cluster():
    return db_api.cluster_get(pecan.request.context['cluster_id'],
                              base.tenant_id())


class ClusterRootController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('cluster:root:show')
        return {'rootEnabled': bool(_cluster().root_enabled)}

    @pecan.expose('json')
    def post(self):
        base.authorize('cluster:root:create')
        body = base.json_body(allow_empty=True)
        schemas.validate(schemas.ROOT_ENABLE, body)
        body = body or {}
        password = (body.get('password') or
                    (body.get('root') or {}).get('password'))
        return cluster_api.enable_root(base.context(), _cluster(), password)
