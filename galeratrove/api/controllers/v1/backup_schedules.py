"""``/v1.0/{tenant}/backup_schedules``: a cluster's recurring backups.

Trove runs its schedules through Mistral; here they are a resource of
their own, in Trove's style: ``cluster_id``, ``name``, a cron
``pattern``, ``incremental``, ``retention`` (full backups kept, with
their incrementals) and ``enabled``. Another project's is not found.
"""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import schemas
from galeratrove.backup import schedule as timing
from galeratrove.db import api as db_api
from galeratrove.db import backup_schedules as schedules_db
from galeratrove.db import models

_FIELDS = {
    'name': {'type': 'string', 'minLength': 1, 'maxLength': 200,
             'format': 'printable'},
    'description': {'type': ['string', 'null'], 'maxLength': 1024,
                    'format': 'printable'},
    'pattern': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'incremental': {'type': 'boolean'},
    'retention': {'type': ['integer', 'null'], 'minimum': 1,
                  'maximum': 1000},
    'enabled': {'type': 'boolean'},
}

CREATE = {
    'type': 'object', 'required': ['backup_schedule'],
    'additionalProperties': False,
    'properties': {'backup_schedule': {
        'type': 'object', 'required': ['cluster_id', 'name', 'pattern'],
        'additionalProperties': False,
        'properties': dict(_FIELDS, cluster_id={
            'type': 'string', 'minLength': 1, 'maxLength': 64})}},
}

UPDATE = {
    'type': 'object', 'required': ['backup_schedule'],
    'additionalProperties': False,
    'properties': {'backup_schedule': {
        'type': 'object', 'minProperties': 1, 'additionalProperties': False,
        'properties': _FIELDS}},
}


def _time(value):
    return value.isoformat('T', 'seconds') if value else None


def view(url, row):
    return {
        'id': row.id, 'name': row.name, 'description': row.description,
        'cluster_id': row.cluster_id, 'project_id': row.tenant_id,
        'pattern': row.pattern, 'incremental': row.incremental,
        'retention': row.retention, 'enabled': row.enabled,
        'next_run': _time(row.next_run), 'last_run': _time(row.last_run),
        'last_backup_id': row.last_backup_id, 'message': row.message,
        'created': _time(row.created), 'updated': _time(row.updated),
        'links': [{'href': '%s/v1.0/%s/backup_schedules/%s' % (
            url, row.tenant_id, row.id), 'rel': 'self'}],
    }


class BackupSchedulesController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('backup_schedule:index')
        cluster_id = pecan.request.GET.get('cluster_id')
        if cluster_id:
            db_api.cluster_get(cluster_id, base.tenant_id())
        url = base.base_url()
        return {'backup_schedules': [
            view(url, r) for r in schedules_db.schedule_list(
                base.tenant_id(), cluster_id)]}

    @pecan.expose('json')
    def get_one(self, schedule_id):
        base.authorize('backup_schedule:show')
        row = schedules_db.schedule_get(schedule_id, base.tenant_id())
        return {'backup_schedule': view(base.base_url(), row)}

    @pecan.expose('json')
    def post(self):
        base.authorize('backup_schedule:create')
        body = base.json_body()
        schemas.validate(CREATE, body)
        req = dict(body['backup_schedule'])
        cluster_id = req.pop('cluster_id')
        timing.check_pattern(req['pattern'])
        req['next_run'] = timing.next_after(req['pattern'], models.utcnow())
        req.setdefault('incremental', False)
        req.setdefault('enabled', True)
        schedule_id = schedules_db.schedule_create(
            base.tenant_id(), cluster_id, req)
        pecan.response.status = 201
        return {'backup_schedule': view(
            base.base_url(), schedules_db.schedule_get(schedule_id))}

    @pecan.expose('json')
    def patch(self, schedule_id):
        base.authorize('backup_schedule:update')
        row = schedules_db.schedule_get(schedule_id, base.tenant_id())
        body = base.json_body()
        schemas.validate(UPDATE, body)
        req = dict(body['backup_schedule'])
        if 'pattern' in req or req.get('enabled') and not row.enabled:
            # A new pattern, or one enabled again, is due from now on.
            req['next_run'] = timing.next_after(
                timing.check_pattern(req.get('pattern', row.pattern)),
                models.utcnow())
        schedules_db.schedule_update(schedule_id, **req)
        return {'backup_schedule': view(
            base.base_url(), schedules_db.schedule_get(schedule_id))}

    @pecan.expose(content_type='application/json')
    def delete(self, schedule_id):
        base.authorize('backup_schedule:delete')
        schedules_db.schedule_get(schedule_id, base.tenant_id())
        schedules_db.schedule_destroy(schedule_id)
        pecan.response.status = 202
        return ''
