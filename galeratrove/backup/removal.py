"""Deleting a backup: the one path of the API and of schedule retention.

The stored object goes first, then the record; never while the backup is
made, nor while an incremental built on it lives.
"""

from oslo_log import log as logging

from galeratrove import backup as backup_storage
from galeratrove.common import exception
from galeratrove.db import backups as backups_db

LOG = logging.getLogger(__name__)

UNFINISHED = ('NEW', 'BUILDING')


def delete(backup):
    children = backups_db.backup_children(backup.id)
    if children:
        raise exception.UnprocessableEntity(
            'Backup %s is the parent of incremental backup %s: delete that '
            'first.' % (backup.id, children[0].id))
    if backup.status in UNFINISHED:
        raise exception.UnprocessableEntity(
            'Backup %s is %s: wait until it is COMPLETED or FAILED.'
            % (backup.id, backup.status))
    if backup.location:
        try:
            backup_storage.get_storage().delete(backup.location)
        except Exception as e:
            LOG.exception('Deleting the stored object of backup %s failed',
                          backup.id)
            backups_db.backup_update(backup.id, status='DELETE_FAILED',
                                     message='Deleting it failed: %s' % e)
            raise exception.ServiceError(
                'Deleting backup %s failed.' % backup.id)
    backups_db.backup_destroy(backup.id)
    LOG.info('Backup %s deleted', backup.id)
