"""Taskmanager: runs each cluster operation in its own thread.

Operations are recorded in SQL by the API before the cast arrives. On
start the manager resumes every operation left PENDING or RUNNING by a
previous process, so nothing stays BUILDING or GROWING forever.
"""

import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove.common import context as gt_context
from galeratrove.common import statuses
from galeratrove.common.strategies import strategy
from galeratrove.db import api as db_api
from galeratrove.guestagent import rpcapi as guest_rpcapi
from galeratrove.taskmanager import instances
from galeratrove.taskmanager import operation

LOG = logging.getLogger(__name__)

FLOWS = {'create': 'create_cluster', 'grow': 'grow_cluster',
         'shrink': 'shrink_cluster', 'delete': 'delete_cluster',
         'heal': 'heal_cluster', 'configuration': 'configure_cluster',
         'restart': 'restart_cluster',
         'upgrade': 'upgrade_cluster', 'replace': 'replace_instance'}


class Manager:

    # The version its rpcapi client speaks (see its history).
    RPC_API_VERSION = '1.2'
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self):
        self._lock = threading.Lock()
        self._running = {}
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
        """Take up what a previous taskmanager left in flight."""
        ctx = gt_context.admin_context()
        for row in db_api.operation_list_unfinished():
            LOG.info('Resuming %s operation %s of cluster %s', row.kind,
                     row.id, row.cluster_id)
            self._start(ctx, row.id, resumed=True)

    def start_operation(self, context, operation_id):
        self._start(context, operation_id)

    def _start(self, context, operation_id, resumed=False):
        with self._lock:
            if operation_id in self._running:
                return
            row = db_api.operation_get(operation_id)
            if row.state not in db_api.UNFINISHED:
                LOG.info('Operation %s is already %s', operation_id,
                         row.state)
                return
            op = operation.Operation(context, row, resumed=resumed)
            thread = threading.Thread(target=self._run, args=(op,),
                                      name='op-%s' % op.kind, daemon=True)
            self._running[operation_id] = thread
        thread.start()

    def _run(self, op):
        try:
            op.begin()
            flows = strategy.taskmanager_strategy(op.manager())
            getattr(flows, FLOWS[op.kind])(op)
            if op.kind != 'delete':
                op.check_cancelled()
                op.complete()
            else:
                db_api.operation_update(op.id, state=statuses.COMPLETED)
            LOG.info('%r completed', op)
        except Exception as e:
            if not op.cancelled():
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

    def wait_idle(self, timeout=None):
        """Join running operations (for orderly shutdown and tests)."""
        for thread in list(self._running.values()):
            thread.join(timeout)
