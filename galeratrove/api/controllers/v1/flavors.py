"""``/flavors``: answered by the compute driver."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import views
from galeratrove import compute


class FlavorsController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('flavor:index')
        return {'flavors': [
            views.flavor(base.base_url(), base.tenant_id(), f)
            for f in compute.get_driver().list_flavors()]}

    @pecan.expose('json')
    def get_one(self, flavor_id):
        base.authorize('flavor:show')
        flavor = compute.get_driver().get_flavor(flavor_id)
        return {'flavor': views.flavor(base.base_url(), base.tenant_id(),
                                       flavor)}
