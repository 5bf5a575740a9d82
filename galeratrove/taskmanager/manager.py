"""Taskmanager: runs each cluster operation in its own thread.

Operations are recorded in SQL by the API before the cast arrives. Several
taskmanagers may share a database: each operation is run by the one that
claimed its lease (db/leases.py), renewed while it runs. Every third of a
lease, each taskmanager renews its leases and claims the unfinished
operations nobody holds (a dead owner's, or its own after a restart) and
resumes them, so nothing stays BUILDING or GROWING forever.
"""

import threading

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import loopingcall

from galeratrove.common import context as gt_context
from galeratrove.common import statuses
from galeratrove.common.strategies import strategy
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import leases
from galeratrove.guestagent import rpcapi as guest_rpcapi
from galeratrove.taskmanager import instances
from galeratrove.taskmanager import operation

LOG = logging.getLogger(__name__)

FLOWS = {'create': 'create_cluster', 'grow': 'grow_cluster',
         'shrink': 'shrink_cluster', 'delete': 'delete_cluster',
         'heal': 'heal_cluster', 'configuration': 'configure_cluster',
         'restart': 'restart_cluster',
         'upgrade': 'upgrade_cluster', 'replace': 'replace_instance',
         'backup': 'backup_cluster'}


def health_lease(cluster_id):
    return 'health:%s' % cluster_id


class Manager:

    # The version its rpcapi client speaks (see its history).
    RPC_API_VERSION = '1.2'
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, host=None):
        self.host = host or CONF.taskmanager.host
        self._lock = threading.Lock()
        self._running = {}
        self._ops = {}
        self._leases = None
        self.health = None  # the service's HealthMonitor, once started

    # RPC endpoints --------------------------------------------------------

    def ping(self, context):
        return 'pong'

    def create_cluster(self, context, cluster_id, operation_id):
        self._start(context, operation_id)

    def grow_cluster(self, context, cluster_id, operation_id):
        self._start(context, operation_id)

    def shrink_cluster(self, context, cluster_id, operation_id):
        self._start(context, operation_id)

    def delete_cluster(self, context, cluster_id, operation_id):
        self._start(context, operation_id)

    def check_cluster(self, context, cluster_id):
        """The conductor saw a member stop: check it now, not on a tick."""
        if self.health is not None:
            self.health.check(cluster_id=cluster_id)

    def enable_root(self, context, cluster_id, password):
        cluster = db_api.cluster_get(cluster_id)
        flows = strategy.taskmanager_strategy(
            cluster.datastore_version.manager)
        flows.enable_root(context, cluster, password,
                          lambda i: guest_rpcapi.API(context, i.id))
        return True

    # Running --------------------------------------------------------------

    def resume_unfinished(self):
        """Take up what no live taskmanager holds.

        Ours from before a restart, a dead owner's, or one whose cast
        never arrived.
        """
        ctx = gt_context.admin_context()
        for row in leases.operation_list_claimable(self.host):
            if row.id not in self._running:
                self._start(ctx, row.id, resumed=True)

    def start_operation(self, context, operation_id):
        self._start(context, operation_id)

    def _start(self, context, operation_id, resumed=False):
        host = self.host
        with self._lock:
            if operation_id in self._running:
                return
            row = db_api.operation_get(operation_id)
            if row.state not in db_api.UNFINISHED:
                LOG.info('Operation %s is already %s', operation_id,
                         row.state)
                return
            if not leases.operation_claim(
                    operation_id, host,
                    CONF.taskmanager.operation_lease_seconds):
                LOG.info('Operation %s is owned by %s', operation_id,
                         db_api.operation_get(operation_id).owner)
                return
            # Another owner may have begun it: resume, not start over.
            resumed = resumed or row.owner is not None
            if resumed:
                LOG.info('Resuming %s operation %s of cluster %s (was %s)',
                         row.kind, row.id, row.cluster_id, row.owner)
            op = operation.Operation(context, row, resumed=resumed,
                                     owner=host)
            thread = threading.Thread(target=self._run, args=(op,),
                                      name='op-%s' % op.kind, daemon=True)
            self._running[operation_id] = thread
            self._ops[operation_id] = op
        thread.start()

    # Leases ---------------------------------------------------------------

    def start_leases(self):
        """Renew our leases and claim orphans every third of a lease."""
        self._leases = loopingcall.FixedIntervalLoopingCall(self._tend)
        self._leases.start(
            interval=CONF.taskmanager.operation_lease_seconds / 3.0,
            initial_delay=CONF.taskmanager.operation_lease_seconds / 3.0)

    def stop_leases(self):
        if self._leases is not None:
            self._leases.stop()
            self._leases.wait()
            self._leases = None

    def _tend(self):
        for op in list(self._ops.values()):
            try:
                op.renew()
            except Exception:
                # Unrenewed, the op stops by itself in time (lease_lost).
                LOG.exception('Renewing the lease of %r failed', op)
        try:
            self.resume_unfinished()
        except Exception:
            LOG.exception('Looking for operations to take over failed')

    def owns_health(self, cluster_id):
        """Whether this taskmanager health-checks the cluster (a lease)."""
        return leases.claim(
            health_lease(cluster_id), self.host,
            max(CONF.taskmanager.operation_lease_seconds,
                2 * CONF.cluster.health_check_interval))

    def _run(self, op):
        try:
            op.begin()
            flows = strategy.taskmanager_strategy(op.manager())
            getattr(flows, FLOWS[op.kind])(op)
            if op.kind != 'delete':
                op.check_cancelled()
                op.complete()
            else:
                leases.release(health_lease(op.cluster_id))
                db_api.operation_update(op.id, state=statuses.COMPLETED)
            LOG.info('%r completed', op)
        except Exception as e:
            if op.lease_lost():
                LOG.warning('%r stopped: its lease is lost (%s)', op, e)
            elif not op.cancelled():
                LOG.exception('%r failed', op)
                op.fail(e)
            elif op.cluster_deleting():
                # Expected: a delete stops the build it overtakes.
                LOG.info('%r cancelled: the cluster is being deleted (%s)',
                         op, e)
                instances.delete_servers(op.params.get('instances', []))
            else:
                LOG.info('%r cancelled by a status reset (%s)', op, e)
        finally:
            with self._lock:
                self._running.pop(op.id, None)
                self._ops.pop(op.id, None)

    def wait_idle(self, timeout=None):
        """Join running operations (for orderly shutdown and tests)."""
        for thread in list(self._running.values()):
            thread.join(timeout)
