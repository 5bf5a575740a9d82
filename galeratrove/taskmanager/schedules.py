"""Backup schedules, run by the taskmanagers' periodic work.

Every ``schedule_check_interval`` seconds each taskmanager looks at the
enabled schedules of the clusters whose ``schedules:<cluster>`` lease it
holds (one owner at a time, as health checks). A due run is recorded (a
backup, its operation and the cluster's task, and the schedule moved to
its next due time, in one transaction) before it starts; a busy cluster
leaves it due for the next tick, with the reason on the schedule. A
failed run is a FAILED backup; the schedule goes on. Once the newest
backup a schedule took is COMPLETED, its retention deletes what expired
through the same path as the delete API.
"""

from oslo_log import log as logging

from galeratrove import backup as backup_storage
from galeratrove.backup import removal
from galeratrove.backup import schedule as timing
from galeratrove.common import context as gt_context
from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.conf import CONF
from galeratrove.db import backup_schedules as schedules_db
from galeratrove.db import backups as backups_db
from galeratrove.db import leases
from galeratrove.db import models
from galeratrove.taskmanager import periodic

LOG = logging.getLogger(__name__)


def schedule_lease(cluster_id):
    return 'schedules:%s' % cluster_id


class ScheduleRunner(periodic.Periodic):

    def __init__(self, manager, clock=models.utcnow):
        super().__init__()
        self._manager = manager
        self._clock = clock

    def interval(self):
        return CONF.taskmanager.schedule_check_interval

    def _owns(self, cluster_id):
        return leases.claim(
            schedule_lease(cluster_id), self._manager.host,
            max(CONF.taskmanager.operation_lease_seconds,
                2 * CONF.taskmanager.schedule_check_interval))

    def tick(self):
        """Start the due runs and apply retention, for our clusters."""
        owned = {}
        for row in schedules_db.schedule_list_enabled():
            if row.cluster_id not in owned:
                owned[row.cluster_id] = self._owns(row.cluster_id)
            if not owned[row.cluster_id]:
                continue
            try:
                self.run_schedule(row)
            except Exception:
                LOG.exception('Backup schedule %s failed this time', row.id)

    def run_schedule(self, row):
        now = self._clock()
        if row.next_run is None:
            schedules_db.schedule_move(
                row.id, None, timing.next_after(row.pattern, now))
        elif row.next_run <= now:
            self.run_due(row, now)
        self.apply_retention(row)

    def run_due(self, row, now):
        """Record and start the run due at ``row.next_run``, once."""
        # Runs missed while nobody ran (or the cluster was busy) are one.
        next_run = timing.next_after(row.pattern, max(now, row.next_run))
        values = {'name': '%s %s' % (row.name, row.next_run.isoformat(
                      'T', 'minutes')),
                  'description': 'Taken by backup schedule %s.' % row.id,
                  'instance_id': None, 'parent_id': self._parent(row),
                  'storage_driver': backup_storage.storage_driver_name()}
        try:
            recorded = schedules_db.schedule_record_run(
                row, row.next_run, next_run, values,
                statuses.BACKING_UP.id, {statuses.NONE.id})
        except exception.ClusterBusy as e:
            LOG.info('Backup schedule %s deferred: %s', row.id, e)
            schedules_db.schedule_update(
                row.id, message='Deferred: %s' % e)
            return
        except exception.ClusterNotFound:
            schedules_db.schedule_destroy(row.id)
            return
        if recorded is None:
            return  # another taskmanager recorded this run
        backup_id, op_id = recorded
        LOG.info('Backup schedule %s took backup %s (due %s)', row.id,
                 backup_id, row.next_run)
        self._manager.start_operation(gt_context.admin_context(), op_id)

    def _parent(self, row):
        """An incremental schedule builds on the newest usable backup."""
        if not row.incremental:
            return None
        parent = backups_db.backup_latest(row.cluster_id, row.tenant_id)
        if parent is None or parent.to_lsn is None:
            return None  # nothing to build on yet: a full one
        return parent.id

    def apply_retention(self, row):
        if not row.retention or not row.last_backup_id:
            return
        try:
            last = backups_db.backup_get(row.last_backup_id)
        except backups_db.BackupNotFound:
            return
        if last.status != 'COMPLETED':
            return
        for backup in timing.expired(
                schedules_db.scheduled_backups(row.cluster_id),
                row.retention):
            LOG.info('Retention of schedule %s deletes backup %s', row.id,
                     backup.id)
            removal.delete(backup)
