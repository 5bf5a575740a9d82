"""The backup operation, step by step, and the restore step of a create.

Run by the taskmanager as any other recorded operation: a restarted
taskmanager runs it again from the top (the stored object is written
again under the same name). Whatever stops it, the backup ends FAILED
with the reason, never NEW or BUILDING.
"""

from oslo_log import log as logging

from galeratrove import backup as backup_storage
from galeratrove.backup.storage import base as storage_base
from galeratrove.conf import CONF
from galeratrove.db import backups as backups_db

LOG = logging.getLogger(__name__)


class NoMember(Exception):
    """No member can be backed up now."""


class MissingObject(Exception):
    """A backup's stored object is gone: nothing to restore from."""


def location(backup):
    return '%s/%s.xbstream.zst' % (backup.tenant_id, backup.id)


def _synced(status):
    return (status.get('wsrep_cluster_status') == 'Primary' and
            status.get('wsrep_local_state_comment') == 'Synced' and
            status.get('wsrep_ready') == 'ON')


def choose_member(op, wanted_id=None):
    """The asked-for member if Synced; else a Synced, non-donating one.

    Synced excludes a donor (Donor/Desynced) and a joiner. The last
    member is preferred: the first is where clients usually write.
    """
    members = [m for m in op.instances() if m.status == 'ACTIVE']
    if wanted_id:
        members = [m for m in members if m.id == wanted_id]
        if not members:
            raise NoMember('instance %s is not an ACTIVE member' % wanted_id)
    errors = []
    for member in reversed(members):
        try:
            status = op.guest(member).get_status()
        except Exception as e:
            errors.append('%s: %s' % (member.name, e))
            continue
        if _synced(status):
            return member
        errors.append('%s is %s' % (
            member.name, status.get('wsrep_local_state_comment')))
    raise NoMember('no Synced member to back up (%s)'
                   % ('; '.join(errors) or 'no ACTIVE member'))


def run(op):
    backup_id = op.params['backup_id']
    try:
        backup = backups_db.backup_get(backup_id)
        with op.step('choose a Synced member'):
            member = choose_member(op, op.params.get('instance_id'))
        # The location is recorded first: a backup that fails or is
        # cancelled while the guest still writes gets its object deleted
        # with it.
        backups_db.backup_update(backup_id, status='BUILDING',
                                 instance_id=member.id, message=None,
                                 location=location(backup))
        storage = backup_storage.get_storage()
        request = {'id': backup_id, 'location': location(backup)}
        upload = storage.upload_target(request['location'],
                                       CONF.backup.backup_timeout)
        if upload:
            request['upload'] = upload
        guest = op.guest(member)
        _check_version(guest, request, 'take backups')
        with op.step('back up %s' % member.name):
            if backup.parent_id:
                parent = backups_db.backup_get(backup.parent_id)
                request['incremental_lsn'] = parent.to_lsn
            facts = guest.create_backup(request, CONF.backup.backup_timeout)
            storage.commit(request['location'], facts)
        backups_db.backup_update(
            backup_id, status='COMPLETED', location=facts['location'],
            size_bytes=facts['size'], checksum=facts['checksum'],
            position=facts['position'], to_lsn=facts.get('to_lsn'))
    except BaseException as e:
        LOG.warning('Backup %s failed: %s', backup_id, e)
        backups_db.backup_update(backup_id, status='FAILED',
                                 message=str(e) or type(e).__name__)
        raise


def _check_version(guest, request, what):
    needed = storage_base.guest_rpc_version(request)
    if not guest.can_send_version(needed):
        raise NoMember('[guest_agent] rpc_version_cap holds the guests '
                       'below %s: they cannot %s' % (needed, what))


def _chain(backup_id):
    """The objects to restore, in order, each checked to be stored."""
    storage = backup_storage.get_storage()
    chain = []
    for b in backups_db.backup_chain(backup_id):
        if not storage.exists(b.location):
            raise MissingObject('the stored object %s of backup %s is '
                                'missing' % (b.location, b.id))
        item = {'location': b.location, 'checksum': b.checksum}
        url = storage.download_url(b.location, CONF.backup.restore_timeout)
        if url:
            item['url'] = url
        chain.append(item)
    return chain


def restore(op, strategy, member, backup_id, secrets):
    """Fill the first member with the backup before it bootstraps."""
    guest = op.guest(member)
    with op.step('restore backup %s on %s' % (backup_id, member.name)):
        chain = _chain(backup_id)
        _check_version(guest, {'chain': chain}, 'restore backups')
        guest.restore_backup(
            {'id': backup_id, 'chain': chain},
            dict(secrets, datastore=strategy.manager),
            CONF.backup.restore_timeout)
