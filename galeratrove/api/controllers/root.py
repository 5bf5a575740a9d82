"""``/``: the versions document, and the v1.0 tree."""

import pecan

from galeratrove.api.controllers import dashboard
from galeratrove.api.controllers.v1 import tenant


def version_doc(host_url):
    return {'id': 'v1.0', 'status': 'CURRENT',
            'updated': '2012-08-01T00:00:00Z',
            'links': [{'href': '%s/v1.0/' % host_url, 'rel': 'self'}]}


class RootController:

    @pecan.expose('json')
    def index(self):
        return {'versions': [version_doc(pecan.request.host_url)]}


pecan.route(RootController, 'v1.0', tenant.V1Controller())
pecan.route(RootController, 'dashboard', dashboard.DashboardController())
