"""A node's backup (mariabackup stream, zstd, sha256) restores its data.

One bootstrapped node is backed up into a local storage directory while
it serves; a second node restores the backup, bootstraps from it at the
backup's Galera position and has the same rows.
"""

import os

import pytest

from galeratrove.backup.storage import local
from galeratrove.guestagent.datastore.galera_common import backup
from galeratrove.guestagent.datastore.galera_common import errors


def _ready(n, name, bootstrap=True):
    n.initialize()
    n.secure('os_admin', 'admin-pw-%s' % name)
    n.write_cluster_config('bk' + name, name, [n.address])
    n.start(bootstrap=bootstrap, timeout=180)


def _checksum(n):
    return n.query('CHECKSUM TABLE bk.t')[0]['Checksum']


def test_backup_then_restore_gives_the_same_rows(place):
    base, (source, target) = place
    storage = local.LocalStorage(os.path.join(base, 'store'))
    _ready(source, 'src')
    source.execute('CREATE DATABASE bk')
    source.execute('CREATE TABLE bk.t (id INT PRIMARY KEY, v TEXT)')
    for i in range(200):
        source.execute('INSERT INTO bk.t VALUES (%s, %s)', (i, 'row%d' % i))
    expected = _checksum(source)
    seqno = int(source.status().get('wsrep_last_committed') or
                source.last_committed())

    facts = backup.take(source, storage, 'demo/b1.xbstream.zst', 600)
    assert facts['size'] > 0 and len(facts['checksum']) == 64
    uuid, pos = facts['position'].rsplit(':', 1)
    assert len(uuid) == 36 and int(pos) >= seqno
    path = os.path.join(base, 'store', 'demo', 'b1.xbstream.zst')
    assert oct(os.stat(path).st_mode & 0o777) == '0o600'
    assert os.path.getsize(path) == facts['size']
    # The node kept serving: still Synced in a Primary component.
    status = source.status()
    assert status['wsrep_local_state_comment'] == 'Synced'

    assert facts['to_lsn'] > 0
    # An incremental on top: only what changed since the full backup.
    for i in range(200, 300):
        source.execute('INSERT INTO bk.t VALUES (%s, %s)', (i, 'row%d' % i))
    source.execute('UPDATE bk.t SET v = %s WHERE id < 10', ('changed',))
    expected = _checksum(source)
    inc = backup.take(source, storage, 'demo/b2.xbstream.zst', 600,
                      incremental_lsn=facts['to_lsn'])
    assert inc['to_lsn'] >= facts['to_lsn']
    assert int(inc['position'].rsplit(':', 1)[1]) > int(pos)
    chain = [{'location': 'demo/b1.xbstream.zst',
              'checksum': facts['checksum']},
             {'location': 'demo/b2.xbstream.zst',
              'checksum': inc['checksum']}]

    target.initialize()
    target.secure('os_admin', 'admin-pw-dst')
    target.write_cluster_config('bkdst', 'dst', [target.address])
    with pytest.raises(errors.NodeError, match='checksum'):
        backup.restore(target, storage, [dict(chain[0], checksum='0' * 64)],
                       600)
    position = backup.restore(target, storage, chain, 600,
                              owner=target._owner())
    assert position == inc['position']
    # The restored accounts are the source's: set ours again.
    target._admin = None
    target.secure('os_admin', 'admin-pw-dst')
    target.start(bootstrap=True, timeout=180)
    assert _checksum(target) == expected
    assert target.query('SELECT COUNT(*) AS n FROM bk.t')[0]['n'] == 300
    assert int(target.last_committed()) >= int(
        inc['position'].rsplit(':', 1)[1])

    storage.delete('demo/b1.xbstream.zst')
    assert not os.path.exists(path)
