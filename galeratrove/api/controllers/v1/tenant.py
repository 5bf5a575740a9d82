"""``/v1.0`` and ``/v1.0/{tenant_id}``: the project check, then resources."""

import pecan

from galeratrove.api.controllers.v1 import backup_schedules
from galeratrove.api.controllers.v1 import backups
from galeratrove.api.controllers.v1 import base
from galeratrove.api.controllers.v1 import clusters
from galeratrove.api.controllers.v1 import configurations
from galeratrove.api.controllers.v1 import datastores
from galeratrove.api.controllers.v1 import flavors
from galeratrove.api.controllers.v1 import instances
from galeratrove.api.controllers.v1 import limits
from galeratrove.api import hooks


def version_doc(host_url):
    return {'id': 'v1.0', 'status': 'CURRENT',
            'updated': '2012-08-01T00:00:00Z',
            'links': [{'href': '%s/v1.0/' % host_url, 'rel': 'self'}]}


class TenantController:

    backup_schedules = backup_schedules.BackupSchedulesController()
    backups = backups.BackupsController()
    clusters = clusters.ClustersController()
    configurations = configurations.ConfigurationsController()
    datastores = datastores.DatastoresController()
    flavors = flavors.FlavorsController()
    instances = instances.InstancesController()
    limits = limits.LimitsController()


class V1Controller:

    @pecan.expose('json')
    def index(self):
        return {'version': version_doc(pecan.request.host_url)}

    @pecan.expose()
    def _lookup(self, tenant_id, *remainder):
        hooks.scope(base.context(), tenant_id)
        return TenantController(), remainder
