"""``/datastores`` and ``/datastores/{name}/versions``."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api.controllers.v1 import flavors
from galeratrove.api import views
from galeratrove.db import api as db_api


class VersionsController(rest.RestController):

    def __init__(self, datastore):
        self.datastore = datastore

    @pecan.expose('json')
    def get_all(self):
        base.authorize('datastore:show')
        ds = db_api.datastore_get(self.datastore)
        return {'versions': [
            views.datastore_version(base.base_url(), base.tenant_id(), v)
            for v in ds.versions if v.active]}

    @pecan.expose('json')
    def get_one(self, version):
        base.authorize('datastore:show')
        v = db_api.datastore_version_get(self.datastore, version)
        return {'version': views.datastore_version(
            base.base_url(), base.tenant_id(), v)}

    @pecan.expose()
    def _lookup(self, version, *remainder):
        """``{version}/flavors``: every flavor suits every version."""
        if list(remainder) != ['flavors']:
            pecan.abort(404)
        db_api.datastore_version_get(self.datastore, version)
        return flavors.FlavorsController(), ()


class DatastoreController(rest.RestController):

    def __init__(self, datastore):
        self.datastore = datastore

    @pecan.expose()
    def _lookup(self, name, *remainder):
        if name != 'versions':
            pecan.abort(404)
        return VersionsController(self.datastore), remainder

    @pecan.expose('json')
    def get_all(self):
        base.authorize('datastore:show')
        ds = db_api.datastore_get(self.datastore)
        return {'datastore': views.datastore(base.base_url(),
                                             base.tenant_id(), ds)}


class VersionsByIdController(rest.RestController):
    """``/datastores/versions/{id}``: a version by its id alone."""

    @pecan.expose('json')
    def get_one(self, version_id):
        base.authorize('datastore:show')
        v = db_api.datastore_version_get_by_id(version_id)
        return {'version': views.datastore_version(
            base.base_url(), base.tenant_id(), v)}


class DatastoresController(rest.RestController):

    @pecan.expose()
    def _lookup(self, datastore, *remainder):
        if datastore == 'versions' and remainder:
            return VersionsByIdController(), remainder
        return DatastoreController(datastore), remainder

    @pecan.expose('json')
    def get_all(self):
        base.authorize('datastore:index')
        return {'datastores': [
            views.datastore(base.base_url(), base.tenant_id(), ds)
            for ds in db_api.datastore_list()]}
