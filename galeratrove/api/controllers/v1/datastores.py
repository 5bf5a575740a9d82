"""``/datastores`` and ``/datastores/{name}/versions``."""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api.controllers.v1 import flavors
from galeratrove.api import views
from galeratrove.configuration import rules
from galeratrove.db import api as db_api


class ParametersController(rest.RestController):
    """``.../parameters``: the version's configuration rules, as Trove."""

    def __init__(self, version):
        self.version = version

    @pecan.expose('json')
    def get_all(self):
        base.authorize('configuration:parameters')
        params = rules.for_version(self.version)
        return {'configuration-parameters': [
            views.configuration_parameter(self.version.id, rule)
            for _name, rule in sorted(params.items())]}

    @pecan.expose('json')
    def get_one(self, name):
        base.authorize('configuration:parameters')
        return views.configuration_parameter(
            self.version.id, rules.get(self.version, name))


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
        """``{version}/flavors`` and ``{version}/parameters``.

        Every flavor suits every version; the parameters are its rules.
        """
        if remainder and remainder[0] == 'parameters':
            dsv = db_api.datastore_version_get(self.datastore, version)
            return ParametersController(dsv), remainder[1:]
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

    @pecan.expose()
    def _lookup(self, version_id, *remainder):
        if not remainder or remainder[0] != 'parameters':
            pecan.abort(404)
        dsv = db_api.datastore_version_get_by_id(version_id)
        return ParametersController(dsv), remainder[1:]

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
