"""A joiner receives its state by mariabackup SST, with the SST user."""

import os

from galeratrove.guestagent.datastore.galera_common import node as gnode


def test_join_by_mariabackup(nodes):
    assert gnode.get_node_class('mariadb').needs_replication_user(
        'mariabackup')
    members = [n.address for n in nodes]
    for i, n in enumerate(nodes):
        n.initialize()
        n.secure('os_admin', 'admin-pw-123456')
        n.write_cluster_config('mbtest', 'n%d' % i, members,
                               sst_method='mariabackup',
                               replication_user='os_sst',
                               replication_password='sst-pw-123456')
        with open(n.paths.config_file) as f:
            text = f.read()
        assert 'wsrep_sst_method = mariabackup' in text
        assert 'os_sst:sst-pw-123456' in text
        assert oct(os.stat(n.paths.config_file).st_mode & 0o777) == '0o600'
        n.start(bootstrap=(i == 0), timeout=180)
        if i == 0:
            n.create_replication_user('os_sst', 'sst-pw-123456')
            n.execute('CREATE DATABASE sst_check')
            n.execute('CREATE TABLE sst_check.t (id INT PRIMARY KEY)')
            n.execute('INSERT INTO sst_check.t VALUES (7)')
    joined = nodes[1]
    assert joined.status()['wsrep_cluster_size'] == 2
    assert joined.query('SELECT id FROM sst_check.t') == [{'id': 7}]
    logs = os.listdir(joined.paths.data)
    assert any('mariabackup' in name for name in logs)
    # socat listened on the joiner's own address only, so another node of
    # this host could not take (or steal) the stream.
    with open(joined.paths.error_log) as f:
        assert 'TCP-LISTEN:4444,reuseaddr,bind=%s ' % joined.address \
            in f.read()
