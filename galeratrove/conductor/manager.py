"""Conductor: stores what guests report about their nodes.

An instance that finished building shows the node's real state: ACTIVE
while it is a Synced member of a Primary component, SHUTDOWN when its
server is down, and unchanged otherwise (a joining or donor node is still
ACTIVE to the user; the Galera detail is in the instance view). A member
RESTART_REQUIRED stays so while its server runs: once stopped, its next
start reads the new configuration.

A report counts only if it was sealed with the key of the instance it
describes (the RPC layer opened it with that key) and was sent after the
last report stored: a guest cannot speak for another instance, and a
captured heartbeat cannot be replayed.

A report that turns an ACTIVE instance SHUTDOWN (its agent reports a
server exit the instant it happens) has a taskmanager check that cluster
now, rather than at its next periodic health check.
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove.common import context as gt_context
from galeratrove.common import statuses
from galeratrove.db import api as db_api

LOG = logging.getLogger(__name__)

SETTLED = statuses.SETTLED

# A report is shown in the instance view: a few short scalar fields.
MAX_FIELDS = 32


def derive_status(current, status):
    if current == statuses.RESTART_REQUIRED:
        # Until the server restarts with its new configuration.
        return current if status.get('running') else 'SHUTDOWN'
    if current not in SETTLED:
        return current
    if not status.get('running'):
        return statuses.SHUTDOWN
    if (status.get('wsrep_cluster_status') == 'Primary' and
            status.get('wsrep_ready') in ('ON', True)):
        return statuses.ACTIVE
    return current


def _clean(status):
    fields = [(k, v) for k, v in status.items()
              if isinstance(k, str) and len(k) <= 64 and
              (v is None or isinstance(v, (int, float, bool)) or
               (isinstance(v, str) and len(v) <= 255))]
    return dict(fields[:MAX_FIELDS])


class Manager:

    # The version its rpcapi client speaks (see its history).
    RPC_API_VERSION = '1.0'
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, check_cluster=None):
        # The taskmanager's client, given by the service: the conductor
        # package does not import the taskmanager's.
        self._check_cluster = check_cluster

    def heartbeat(self, context, instance_id, status, volume_used=None):
        if (not isinstance(context, gt_context.GuestContext) or
                context.instance_id != instance_id or
                not isinstance(status, dict)):
            LOG.warning('Refused a heartbeat for %.64r: not sealed by that '
                        'instance', instance_id)
            return
        if volume_used is not None and not isinstance(volume_used,
                                                      (int, float)):
            volume_used = None
        stopped = []

        def derive(current, report):
            new = derive_status(current, report)
            stopped[:] = [current == statuses.ACTIVE and
                          new == statuses.SHUTDOWN]
            return new
        stored = db_api.instance_report(
            instance_id, _clean(status), volume_used, derive=derive,
            sent=int(context.sent_at * 1000000))
        if not stored:
            LOG.info('Ignored a heartbeat of %s: deleted, or not newer '
                     'than the last one', instance_id)
        elif stopped[0]:
            self._check_now(instance_id)

    def _check_now(self, instance_id):
        """Any taskmanager: look at this cluster now."""
        cluster_id = db_api.instance_get_any(instance_id).cluster_id
        LOG.warning('The server of instance %s stopped; checking cluster '
                    '%s now', instance_id, cluster_id)
        if self._check_cluster is not None:
            self._check_cluster(cluster_id)
