"""``/v1.0/{tenant}/configurations``: Trove's configuration groups.

A project sees and uses only its own groups: another project's id is a
404, as for clusters.
"""

from urllib import parse

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.api import fast_reads
from galeratrove.api import schemas
from galeratrove.api import views
from galeratrove.configuration import api as config_api
from galeratrove.db import configurations as db_conf


def _detail(row):
    return {'configuration': views.configuration(
        row, detailed=True, instance_count=db_conf.instance_count(row.id))}


def _next_link(collection, page, last_id):
    query = parse.urlencode({'limit': page, 'marker': last_id})
    return [{'href': '%s/v1.0/%s/%s?%s' % (
        base.base_url(), base.tenant_id(), collection, query),
        'rel': 'next'}]


def _members(group):
    """(cluster, instance) pairs of the clusters using a group."""
    return [(c, i) for c in db_conf.clusters_using(group.id)
            for i in c.instances]


class ConfigurationController(rest.RestController):
    """One group: show, replace (PUT), merge (PATCH), delete.

    Also the instances and clusters that use it.
    """

    @property
    def config_id(self):
        return pecan.request.context['configuration_id']

    def _group(self):
        return db_conf.get(self.config_id, base.tenant_id())

    @pecan.expose()
    def _lookup(self, name, *remainder):
        if remainder or name not in ('instances', 'clusters'):
            pecan.abort(404)
        return (self.instances if name == 'instances'
                else self.clusters), ()

    @pecan.expose('json')
    def get_all(self):
        base.authorize('configuration:show')
        return _detail(self._group())

    @pecan.expose('json')
    def instances(self):
        base.authorize('configuration:instances')
        members = _members(self._group())
        marker = pecan.request.GET.get('marker')
        page = fast_reads.limit_param(pecan.request.GET.get('limit'))
        ids = [i.id for _c, i in members]
        start = ids.index(marker) + 1 if marker in ids else 0
        chosen = members[start:start + page]
        body = {'instances': [
            {'id': i.id, 'name': i.name, 'cluster_id': c.id}
            for c, i in chosen]}
        if start + page < len(members):
            body['links'] = _next_link(
                'configurations/%s/instances' % self.config_id, page,
                chosen[-1][1].id)
        return body

    @pecan.expose('json')
    def clusters(self):
        base.authorize('configuration:instances')
        return {'clusters': [{'id': c.id, 'name': c.name} for c in
                             db_conf.clusters_using(self._group().id)]}

    def _update(self, merge):
        body = base.json_body()
        schemas.validate(schemas.CONFIGURATION_UPDATE, body)
        config_api.update(base.context(), self._group(), body, merge)
        pecan.response.status = 202
        return ''

    @pecan.expose(content_type='application/json')
    def put(self):
        base.authorize('configuration:update')
        return self._update(merge=False)

    @pecan.expose(content_type='application/json')
    def patch(self):
        base.authorize('configuration:update')
        return self._update(merge=True)

    @pecan.expose(content_type='application/json')
    def delete(self):
        base.authorize('configuration:delete')
        config_api.delete(base.context(), self._group())
        pecan.response.status = 202
        return ''


_CONFIGURATION = ConfigurationController()


class ConfigurationsController(rest.RestController):

    @pecan.expose()
    def _lookup(self, config_id, *remainder):
        pecan.request.context['configuration_id'] = config_id
        return _CONFIGURATION, remainder

    @pecan.expose('json')
    def get_all(self):
        base.authorize('configuration:index')
        marker = pecan.request.GET.get('marker')
        page = fast_reads.limit_param(pecan.request.GET.get('limit'))
        rows, more = db_conf.page(base.tenant_id(), page, marker)
        body = {'configurations': [views.configuration(r) for r in rows]}
        if more:
            body['links'] = _next_link('configurations', page, rows[-1].id)
        return body

    @pecan.expose('json')
    def post(self):
        base.authorize('configuration:create')
        body = base.json_body()
        schemas.validate(schemas.CONFIGURATION_CREATE, body)
        return _detail(config_api.create(base.context(), body))
