"""The backup flow: the member it picks, and a backup never left NEW or
BUILDING whatever stops it."""

import pytest

from galeratrove.backup import flow
from galeratrove.common import context
from galeratrove.common import statuses
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import backups as backups_db
from galeratrove.db import leases
from galeratrove.taskmanager import operation

SYNCED = {'wsrep_cluster_status': 'Primary', 'wsrep_ready': 'ON',
          'wsrep_local_state_comment': 'Synced'}


class Guest:

    def __init__(self, state, result):
        self.state, self.result, self.asked = state, result, []

    def can_send_version(self, version):
        return True

    def get_status(self):
        return dict(SYNCED, wsrep_local_state_comment=self.state)

    def create_backup(self, backup, timeout):
        self.asked.append(backup)
        if isinstance(self.result, Exception):
            raise self.result
        return dict(self.result, location=backup['location'])


def _setup(states, result):
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    specs = [{'flavor_id': '2', 'volume_size': 1}] * len(states)
    cluster_id, _ = db_api.cluster_create('t1', 'c', dsv.id, specs, {},
                                          statuses.NONE.id)
    members = db_api.cluster_get(cluster_id).instances
    guests = {}
    for member, state in zip(members, states):
        db_api.instance_update(member.id, status='ACTIVE')
        guests[member.id] = Guest(state, result)
    backup_id, op_id = backups_db.backup_create(
        't1', cluster_id, {'name': 'b', 'storage_driver': 'local'},
        statuses.BACKING_UP.id, {statuses.NONE.id})
    # As the manager does before it runs a flow.
    assert leases.operation_claim(op_id, CONF.taskmanager.host, 30)
    op = operation.Operation(context.admin_context(),
                             db_api.operation_get(op_id))
    op.guest = lambda member: guests[member.id]
    return op, backup_id, members, guests


def test_a_synced_member_not_the_donor_is_backed_up(sqlite_db):
    op, backup_id, members, guests = _setup(
        ['Synced', 'Synced', 'Donor/Desynced'],
        {'size': 10, 'checksum': 'c' * 64, 'position': 'u:5'})
    flow.run(op)
    b = backups_db.backup_get(backup_id)
    assert b.status == 'COMPLETED' and b.instance_id == members[1].id
    assert (b.size_bytes, b.checksum, b.position) == (10, 'c' * 64, 'u:5')
    assert b.location == 't1/%s.xbstream.zst' % backup_id
    assert not guests[members[2].id].asked
    assert 'incremental_lsn' not in guests[members[1].id].asked[0]


def test_a_failure_leaves_the_backup_failed_with_its_reason(sqlite_db):
    op, backup_id, members, _ = _setup(['Synced'] * 3,
                                       RuntimeError('disk full'))
    with pytest.raises(RuntimeError):
        flow.run(op)
    b = backups_db.backup_get(backup_id)
    assert b.status == 'FAILED' and 'disk full' in b.message
    # Recorded before the guest wrote: a delete removes what it left.
    assert b.location == 't1/%s.xbstream.zst' % backup_id
    op.fail(RuntimeError('disk full'))
    assert db_api.cluster_get(op.cluster_id).task_id == statuses.NONE.id
    assert db_api.operation_get(op.id).state == 'FAILED'


def test_no_synced_member_fails_before_anything_runs(sqlite_db):
    op, backup_id, _, guests = _setup(['Joining', 'Donor/Desynced'], {})
    with pytest.raises(flow.NoMember, match='Donor/Desynced'):
        flow.run(op)
    b = backups_db.backup_get(backup_id)
    assert b.status == 'FAILED' and b.location is None
    assert not any(g.asked for g in guests.values())
