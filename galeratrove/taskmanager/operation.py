"""A running cluster operation: its steps in SQL, cancellation, faults.

Flows call ``op.step(name)`` around each numbered step so that the
operations table always says how far they got; a delete marks the row
CANCELLED and every wait of the flow notices it.
"""

import contextlib

from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.db import api as db_api
from galeratrove.db import models
from galeratrove.guestagent import rpcapi as guest_rpcapi

LOG = logging.getLogger(__name__)


class Operation:

    def __init__(self, context, row, resumed=False):
        self.context = context
        self.resumed = resumed
        self.id = row.id
        self.kind = row.kind
        self.cluster_id = row.cluster_id
        self.params = row.params or {}

    def __repr__(self):
        return '<%s %s of cluster %s>' % (self.kind, self.id,
                                          self.cluster_id)

    # State ----------------------------------------------------------------

    def cluster(self):
        return db_api.cluster_get(self.cluster_id)

    def manager(self):
        return self.cluster().datastore_version.manager

    def instances(self, ids=None):
        """Live members, or the named ones, in member order."""
        members = self.cluster().instances
        if ids is None:
            return list(members)
        return [m for m in members if m.id in set(ids)]

    def cancelled(self):
        return db_api.operation_get(self.id).state == statuses.CANCELLED

    def cluster_deleting(self):
        try:
            return self.cluster().task_id == statuses.DELETING.id
        except exception.ClusterNotFound:
            return True

    def check_cancelled(self):
        if self.cancelled():
            raise exception.OperationCancelled()

    def guest(self, instance):
        return guest_rpcapi.API(self.context, instance.id,
                                cancelled=self.cancelled)

    # Recording ------------------------------------------------------------

    @contextlib.contextmanager
    def step(self, name):
        self.check_cancelled()
        step_id = db_api.step_start(self.id, name)
        LOG.info('%r: %s', self, name)
        try:
            yield
        except Exception as e:
            db_api.step_finish(step_id, statuses.FAILED, str(e))
            raise
        db_api.step_finish(step_id)

    def step_completed(self, name):
        """Whether a step of this name completed (a resumed flow skips it)."""
        return any(s.name == name and s.state == statuses.COMPLETED
                   for s in db_api.operation_get(self.id).steps)

    def begin(self):
        db_api.operation_update(self.id, state=statuses.RUNNING)

    def complete(self, task=statuses.NONE):
        db_api.operation_update(self.id, state=statuses.COMPLETED)
        if task is not None:
            db_api.cluster_update(self.cluster_id, task_id=task.id)

    def fail(self, error):
        """Leave a visible fault and a cluster the user can act on.

        Whatever the error, no instance stays in BUILD: the ones the flow
        never finished get the fault too.
        """
        db_api.operation_update(self.id, state=statuses.FAILED,
                                error=str(error))
        for inst in self.instances():
            if inst.status == statuses.BUILD:
                self.fault(inst, 'Not started: %s' % error)
        db_api.cluster_update(self.cluster_id, task_id=statuses.NONE.id)

    # Instances ------------------------------------------------------------

    def set_status(self, instances, status):
        for inst in instances:
            db_api.instance_update(inst.id, status=status)

    def fault(self, instance, message):
        LOG.warning('%r: instance %s failed: %s', self, instance.id,
                    message)
        db_api.instance_update(instance.id, status=statuses.ERROR,
                               fault_message=message,
                               fault_at=models.utcnow())
