"""``/v1.0/{tenant}/backups`` (Trove's shape) and a cluster's backups.

A backup of another project is not found, as anything else of another
project. ``GET /clusters/{id}/backups`` lists one cluster's backups; the
tenant list takes ``cluster_id`` or ``instance_id`` filters too.
"""

from urllib import parse

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import fast_reads
from galeratrove.api import schemas
from galeratrove.cluster import backups as backup_api
from galeratrove.db import api as db_api
from galeratrove.db import backups as backups_db

BACKUP_CREATE = {
    'type': 'object', 'required': ['backup'], 'additionalProperties': False,
    'properties': {'backup': {
        'type': 'object', 'required': ['name'],
        'additionalProperties': False,
        'properties': {
            'name': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                     'format': 'printable'},
            'description': {'type': ['string', 'null'], 'maxLength': 1024,
                            'format': 'printable'},
            'instance': {'type': ['string', 'null'], 'maxLength': 64},
            'cluster': {'type': ['string', 'null'], 'maxLength': 64},
            'incremental': {'type': ['integer', 'boolean', 'null']},
            'parent_id': {'type': ['string', 'null'], 'maxLength': 64},
            'storage_driver': {'type': ['string', 'null'], 'maxLength': 32},
            'swift_container': {'type': ['string', 'null'],
                                'maxLength': 255},
            'restore_from': {'type': ['object', 'null']},
        }}},
}


def _time(value):
    return value.isoformat('T', 'seconds') if value else None


def view(url, row):
    version = row.datastore_version
    size = row.size_bytes
    return {
        'id': row.id, 'name': row.name, 'description': row.description,
        'status': row.status, 'created': _time(row.created),
        'updated': _time(row.updated),
        'instance_id': row.instance_id, 'cluster_id': row.cluster_id,
        'parent_id': row.parent_id, 'project_id': row.tenant_id,
        # Trove's size is in GB; the exact bytes beside it.
        'size': round(size / 1024.0 ** 3, 6) if size is not None else None,
        'size_bytes': size,
        'checksum': row.checksum, 'checksum_algorithm': 'sha256',
        'galera_position': row.position,
        'storage_driver': row.storage_driver,
        'locationRef': row.location, 'fail_reason': row.message,
        'datastore': {'type': version.datastore.name,
                      'version': version.name,
                      'version_id': version.id} if version else None,
        'links': [{'href': '%s/v1.0/%s/backups/%s' % (
            url, row.tenant_id, row.id), 'rel': 'self'}],
    }


def listing(path, cluster_id=None):
    get = pecan.request.GET
    marker = get.get('marker')
    page = fast_reads.limit_param(get.get('limit'))
    rows, more = backups_db.backup_list(
        base.tenant_id(), page, marker,
        cluster_id=cluster_id or get.get('cluster_id'),
        instance_id=get.get('instance_id'))
    url = base.base_url()
    body = {'backups': [view(url, r) for r in rows]}
    if more:
        query = parse.urlencode({'limit': page, 'marker': rows[-1].id})
        body['links'] = [{'href': '%s/v1.0/%s/%s?%s' % (
            url, base.tenant_id(), path, query), 'rel': 'next'}]
    return body


class ClusterBackupsController(rest.RestController):
    """``/clusters/{id}/backups``: that cluster's backups."""

    @pecan.expose('json')
    def get_all(self):
        base.authorize('backup:index')
        cluster_id = pecan.request.context['cluster_id']
        db_api.cluster_get(cluster_id, base.tenant_id())
        return listing('clusters/%s/backups' % cluster_id, cluster_id)


class BackupsController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('backup:index')
        return listing('backups')

    @pecan.expose('json')
    def get_one(self, backup_id):
        base.authorize('backup:show')
        row = backups_db.backup_get(backup_id, base.tenant_id())
        return {'backup': view(base.base_url(), row)}

    @pecan.expose('json')
    def post(self):
        base.authorize('backup:create')
        body = base.json_body()
        schemas.validate(BACKUP_CREATE, body)
        row = backup_api.create(base.context(), body)
        pecan.response.status = 202
        return {'backup': view(base.base_url(), row)}

    @pecan.expose(content_type='application/json')
    def delete(self, backup_id):
        base.authorize('backup:delete')
        row = backups_db.backup_get(backup_id, base.tenant_id())
        backup_api.delete(base.context(), row)
        pecan.response.status = 202
        return ''
