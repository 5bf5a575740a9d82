"""``/v1.0`` and ``/v1.0/{tenant_id}``: the project check, then resources."""

import pecan

from galeratrove.api.controllers import base
from galeratrove.api.controllers.v1 import clusters
from galeratrove.api.controllers.v1 import datastores
from galeratrove.api.controllers.v1 import flavors
from galeratrove.api.controllers.v1 import instances
from galeratrove.api.controllers.v1 import limits
from galeratrove.api import hooks


class TenantController:

    clusters = clusters.ClustersController()
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
        hooks.scope(base.context(), tenant_id)
        return TenantController(), remainder
