"""Health checks: idle clusters whose nodes stopped are healed.

Trove never watched its clusters, and a full outage needed an operator.
Here the taskmanager reads the heartbeats every ``health_check_interval``
seconds, and checks a cluster at once when the conductor says one of its
members stopped; a cluster with a member that stopped, or with no primary
component left, gets a ``heal`` operation (task RESTARTING_CLUSTER),
recorded like any other so it is visible and resumable.

A member whose server is gone (deleted, its host and disk lost) is not
healed: nothing is left to restart, and rebuilding it in place would
race the tenant's replace of it. It is marked ERROR with a fault saying
so, and the heal and the health checks count it out from then on.
"""

import datetime

from oslo_log import log as logging

from galeratrove.common import context as gt_context
from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import models
from galeratrove.taskmanager import instances as tm_instances
from galeratrove.taskmanager import periodic

LOG = logging.getLogger(__name__)
# Heartbeats a member may miss before the compute service is asked
# whether its server is still there.
MISSED_BEATS = 3


def needs_healing(instances, now, stale_after, since=None):
    """Why a cluster needs healing, or None.

    Only members that finished building and whose agents report fresh
    heartbeats count: a silent agent cannot be acted on through. With
    ``since`` (when the cluster's last task ended), only reports sent
    after it count: a heal that just finished is not judged on the state
    from before it. A member that says it stopped since is enough; no
    primary component needs every member's word.
    """
    members = [i for i in instances
               if i.status in statuses.SETTLED + (statuses.RESTART_REQUIRED,)]
    if not members:
        return None
    limit = datetime.timedelta(seconds=stale_after)
    if any(not m.heartbeat_at or now - m.heartbeat_at > limit or
           not m.guest_status for m in members):
        return None
    # Times are whole seconds: a report of the second the task ended may
    # say a member stopped (each start is reported, so never a stale stop).
    down = [m.name for m in members if not m.guest_status.get('running') and
            (not since or m.heartbeat_at >= since)]
    if down:
        return 'stopped: %s' % ', '.join(down)
    if since and any(m.heartbeat_at <= since for m in members):
        return None
    if not any(m.guest_status.get('wsrep_cluster_status') == 'Primary'
               for m in members):
        return 'no primary component'
    return None


def suspects(instances, now, stale_after):
    """Built members whose server stopped or whose agent went silent.

    The ones whose server may be gone.
    """
    limit = datetime.timedelta(seconds=stale_after)
    return [m for m in instances
            if m.status in statuses.SETTLED + (statuses.RESTART_REQUIRED,)
            and (not m.heartbeat_at or now - m.heartbeat_at > limit or
                 not (m.guest_status or {}).get('running'))]


def heal_backoff(operations, base, cap=1800):
    """(seconds, since): how long to wait after heals that failed in a row.

    A heal that cannot succeed (it fails with a visible error) is not
    retried every few seconds: the wait doubles with each failure.
    """
    failed, since = 0, None
    for op in reversed(operations):
        if op.kind != 'heal' or op.state in statuses.UNFINISHED:
            continue
        if op.state != statuses.FAILED:
            break
        failed += 1
        since = since or op.updated
    if not failed:
        return 0, None
    return min(cap, base * 2 ** failed), since


class HealthMonitor(periodic.Periodic):

    def __init__(self, manager):
        super().__init__()
        self._manager = manager

    def interval(self):
        return CONF.cluster.health_check_interval

    def tick(self):
        self.check()

    def check(self, cluster_id=None):
        """Heal the idle clusters (or only ``cluster_id``) that need it."""
        if not CONF.cluster.health_check_interval:
            return
        now = models.utcnow()
        for cluster in db_api.cluster_list_idle(cluster_id):
            # One taskmanager checks each cluster: whoever holds its lease.
            if not self._manager.owns_health(cluster.id):
                continue
            gone = self.leave_to_replace(cluster, now)
            reason = needs_healing([i for i in cluster.instances
                                    if i.id not in gone], now,
                                   CONF.cluster.heartbeat_stale_after,
                                   since=cluster.updated)
            wait, since = heal_backoff(
                db_api.operation_list(cluster.id) if reason else [],
                6 * CONF.cluster.health_check_interval)
            if reason and (not wait or now - since >= datetime.timedelta(
                    seconds=wait)):
                self.heal(cluster, reason)
            elif cluster_id:
                LOG.info('Checked cluster %s: %s', cluster_id,
                         'waiting %ss after failed heals' % wait if reason
                         else 'nothing to heal')

    def leave_to_replace(self, cluster, now):
        """Ids of the members whose server is gone, now marked ERROR.

        A deleted server's agent cannot say so: a member silent for
        ``MISSED_BEATS`` heartbeats is looked up in the compute service
        (a cheap GET that changes nothing while the server is there),
        long before its heartbeat counts as stale for the view.
        """
        silent_after = min(CONF.cluster.heartbeat_stale_after,
                           MISSED_BEATS * CONF.cluster.heartbeat_interval)
        gone = [m for m in suspects(cluster.instances, now, silent_after)
                if tm_instances.server_gone(m)]
        for member in gone:
            LOG.warning('Cluster %s: the server of %s is gone; left to a '
                        'replace', cluster.id, member.name)
            try:
                db_api.instance_update(member.id, status=statuses.ERROR,
                                       fault_message=tm_instances.GONE,
                                       fault_at=now)
            except exception.InstanceNotFound:
                pass  # removed meanwhile (a replace or shrink began)
        return {m.id for m in gone}

    def heal(self, cluster, reason):
        try:
            op_id = db_api.cluster_begin(
                None, cluster.id, 'heal', {'reason': reason},
                statuses.RESTARTING_CLUSTER.id, {statuses.NONE.id})
        except exception.ClusterBusy:
            return
        LOG.warning('Cluster %s needs healing (%s)', cluster.id, reason)
        self._manager.start_operation(gt_context.admin_context(), op_id)
