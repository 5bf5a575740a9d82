"""``--wait``: follow a cluster task, printing each node's changes live.

The cluster view gives the task and each member's status, address and
fault; the instances view adds the node's Galera state (Joining, Donor,
Synced...). A line is printed whenever one of those changes, so a user
sees every node boot, join and settle. The wait ends when the task is
NONE again, or for a delete when the cluster is gone.
"""

import time

from galeratrove.cli import client as gt_client
from galeratrove.common import statuses

DEFAULT_INTERVAL = 1.0
DEFAULT_TIMEOUT = 3600.0


class WaitError(gt_client.CLIError):
    """The task did not end as asked (timeout, or a failed delete)."""


def _galera_state(detail):
    galera = (detail or {}).get('galera') or {}
    if not galera:
        return None
    if galera.get('running') is False:
        return 'server not running'
    return galera.get('wsrep_local_state_comment')


def describe(member, detail=None):
    """One node's state as a line: status, address, Galera state, fault."""
    parts = [member.get('status') or '?']
    if member.get('ip'):
        parts.append(member['ip'])
    state = _galera_state(detail)
    if state:
        parts.append('galera %s' % state)
    fault = (member.get('fault') or {}).get('message')
    if fault and member.get('status') == statuses.ERROR:
        parts.append('fault: %s' % fault)
    return ', '.join(parts)


def _label(cluster):
    return '%s (%s)' % (cluster.get('name'), cluster['id'])


class Watcher:
    """Remembers what was printed and prints what changed since."""

    def __init__(self, out):
        self.out = out
        self.task = None
        self.nodes = {}

    def update(self, cluster, details):
        task = cluster['task']['name']
        if self.task is None:
            self.out.progress('cluster %s: task %s' % (_label(cluster), task))
            self.task = task
        seen = set()
        for member in cluster.get('instances', []):
            seen.add(member['id'])
            line = describe(member, details.get(member['id']))
            if self.nodes.get(member['id'], (None, None))[1] != line:
                self.out.progress('%s: %s' % (member.get('name'), line))
            self.nodes[member['id']] = (member.get('name'), line)
        for gone in [i for i in self.nodes if i not in seen]:
            name, _line = self.nodes.pop(gone)
            self.out.progress('%s: removed' % name)
        if task != self.task:
            self.out.progress('cluster %s: task %s -> %s'
                              % (cluster.get('name'), self.task, task))
            self.task = task

    def gone(self, cluster):
        for name, _line in self.nodes.values():
            self.out.progress('%s: removed' % name)
        self.nodes = {}
        self.out.progress('cluster %s: deleted' % _label(cluster))


def _details(api, cluster_id):
    try:
        return {i['id']: i for i in api.cluster_instances(cluster_id)}
    except gt_client.APIError as e:
        if e.code == 404:
            return None
        raise


def wait_for_task(api, out, cluster, deleting=False,
                  interval=DEFAULT_INTERVAL, timeout=DEFAULT_TIMEOUT,
                  sleep=time.sleep, clock=time.monotonic):
    """Poll until the task is NONE; the final cluster (None if deleted)."""
    watcher = Watcher(out)
    deadline = clock() + timeout
    cluster_id = cluster['id']
    last = cluster
    while True:
        try:
            current = api.get_cluster(cluster_id)
        except gt_client.APIError as e:
            if e.code == 404 and deleting:
                watcher.gone(last)
                return None
            raise
        details = _details(api, cluster_id)
        if details is None and deleting:
            watcher.gone(current)
            return None
        watcher.update(current, details or {})
        last = current
        if current['task']['name'] == statuses.NONE.name:
            if deleting:
                raise WaitError(
                    'Deleting cluster %s failed: its task is NONE again and '
                    'it still exists; see the instances, then retry the '
                    'delete.' % _label(current))
            return current
        if clock() >= deadline:
            raise WaitError(
                'Timed out after %d s waiting for cluster %s; its task is '
                'still %s.' % (timeout, _label(current),
                               current['task']['name']))
        sleep(interval)


def failed_members(cluster):
    return [m for m in cluster.get('instances', [])
            if m.get('status') == statuses.ERROR]


def report_failures(out, cluster):
    """ERROR lines for members in ERROR; the exit code (0 or 1)."""
    failed = failed_members(cluster)
    for member in failed:
        fault = (member.get('fault') or {}).get('message')
        out.error('Instance %s (%s) of cluster %s is in ERROR: %s'
                  % (member.get('name'), member['id'], cluster.get('name'),
                     fault or 'no fault was recorded.'))
    return 1 if failed else 0
