"""``/v1.0`` and ``/v1.0/{tenant_id}``: the project check, then resources."""

import pecan

from galeratrove.api.controllers import base
from galeratrove.api.controllers.v1 import clusters
from galeratrove.api.controllers.v1 import configurations
from galeratrove.api.controllers.v1 import datastores
from galeratrove.api.controllers.v1 import flavors
from galeratrove.api.controllers.v1 import instances
from galeratrove.api.controllers.v1 import limits
from galeratrove.common import exception


class TenantController:

    clusters = clusters.ClustersController()
    configurations = configurations.ConfigurationsController()
    datastores = datastores.DatastoresController()
    flavors = flavors.FlavorsController()
    instances = instances.InstancesController()
    limits = limits.LimitsController()


class V1Controller:

    @pecan.expose('json')
    def index(self):
        from galeratrove.api.controllers import root
        return {'version': root.version_doc(pecan.request.host_url)}

    @pecan.expose()
    def _lookup(self, tenant_id, *remainder):
        ctx = base.context()
        if ctx.project_id is None:
            # noauth: the project is the one in the path.
            ctx.project_id = tenant_id
        elif ctx.project_id != tenant_id:
            raise exception.Forbidden(
                'This token is scoped to project %s and cannot act on '
                'project %s.' % (ctx.project_id, tenant_id))
        return TenantController(), remainder
