"""``/``: the versions document, and the v1.0 tree."""

import pecan

from galeratrove.api.controllers import dashboard
from galeratrove.api.controllers.v1 import tenant


class RootController:

    @pecan.expose('json')
    def index(self):
        return {'versions': [tenant.version_doc(pecan.request.host_url)]}


pecan.route(RootController, 'v1.0', tenant.V1Controller())
pecan.route(RootController, 'dashboard', dashboard.DashboardController())
