"""Conductor: stores what guests report about their nodes.

An instance that finished building shows the node's real state: ACTIVE
while it is a Synced member of a Primary component, SHUTDOWN when its
server is down, and unchanged otherwise (a joining or donor node is still
ACTIVE to the user; the Galera detail is in the instance view).
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove.db import api as db_api

LOG = logging.getLogger(__name__)

SETTLED = ('ACTIVE', 'SHUTDOWN')


def derive_status(current, status):
    if current not in SETTLED:
        return current
    if not status.get('running'):
        return 'SHUTDOWN'
    if (status.get('wsrep_cluster_status') == 'Primary' and
            status.get('wsrep_ready') in ('ON', True)):
        return 'ACTIVE'
    return current


class Manager:

    target = messaging.Target(version='1.0')

    def heartbeat(self, context, instance_id, status, volume_used=None):
        db_api.instance_report(instance_id, status, volume_used,
                               derive=derive_status)
