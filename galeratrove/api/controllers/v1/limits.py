"""``/limits``: the project's absolute limits and what it uses of them.

Shaped as Trove's: a list whose first entry is the ``ABSOLUTE`` one (the
OpenStack client prints it as a table of its own). There are no rate
limits, so it is the only entry.
"""

import pecan
from pecan import rest

from galeratrove.api.controllers.v1 import base
from galeratrove.cluster import api as cluster_api


class LimitsController(rest.RestController):

    @pecan.expose('json')
    def get_all(self):
        base.authorize('limits:index')
        limits, usage = cluster_api.absolute_limits(base.tenant_id())
        absolute = {'verb': 'ABSOLUTE'}
        for resource, limit in sorted(limits.items()):
            absolute['max_%s' % resource] = limit
            absolute['used_%s' % resource] = usage.get(resource, 0)
        return {'limits': [absolute]}
