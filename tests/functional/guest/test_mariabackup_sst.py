"""A joiner receives its state by mariabackup SST, with the SST user,
in plaintext and over TLS (socat with OpenSSL, verified against the
cluster CA), on real nodes."""

import os

from galeratrove.common import cluster_ca
from galeratrove.guestagent.datastore.galera_common import node as gnode
from galeratrove.guestagent.datastore.galera_common import tls

SST_USER, SST_PASSWORD = 'os_sst', 'sst-pw-123456'


def _join_by_mariabackup(nodes, cluster, prepare=None, **config):
    """Bootstrap nodes[0] with one row, join nodes[1]; return nodes[1]."""
    members = [n.address for n in nodes]
    for i, n in enumerate(nodes):
        n.initialize()
        n.secure('os_admin', 'admin-pw-123456')
        if prepare:
            prepare(n)
        n.write_cluster_config(cluster, 'n%d' % i, members,
                               sst_method='mariabackup',
                               replication_user=SST_USER,
                               replication_password=SST_PASSWORD, **config)
        n.start(bootstrap=(i == 0), timeout=180)
        if i == 0:
            n.create_replication_user(SST_USER, SST_PASSWORD)
            n.execute('CREATE DATABASE sst_check')
            n.execute('CREATE TABLE sst_check.t (id INT PRIMARY KEY)')
            n.execute('INSERT INTO sst_check.t VALUES (7)')
    joined = nodes[1]
    assert joined.status()['wsrep_cluster_size'] == 2
    assert joined.query('SELECT id FROM sst_check.t') == [{'id': 7}]
    return joined


def _error_log(node):
    with open(node.paths.error_log) as f:
        return f.read()


def test_join_by_mariabackup(nodes):
    assert gnode.get_node_class('mariadb').needs_replication_user(
        'mariabackup')
    joined = _join_by_mariabackup(nodes, 'mbtest')
    for n in nodes:
        with open(n.paths.config_file) as f:
            text = f.read()
        assert 'wsrep_sst_method = mariabackup' in text
        assert '%s:%s' % (SST_USER, SST_PASSWORD) in text
        assert oct(os.stat(n.paths.config_file).st_mode & 0o777) == '0o600'
    logs = os.listdir(joined.paths.data)
    assert any('mariabackup' in name for name in logs)
    # socat listened on the joiner's own address only, so another node of
    # this host could not take (or steal) the stream.
    assert 'TCP-LISTEN:4444,reuseaddr,bind=%s ' % joined.address \
        in _error_log(joined)


def test_join_by_mariabackup_over_tls(nodes):
    ca_pem, ca_key = cluster_ca.new_ca('sst')

    def certify(n):
        csr = tls.request(n.paths, n.address, n._owner())
        tls.install(n.paths, cluster_ca.sign(ca_pem, ca_key, csr,
                                             [n.address]),
                    ca_pem, n._owner())

    joined = _join_by_mariabackup(nodes, 'tlstest', prepare=certify,
                                  tls=True)
    # The agent's own login (unix socket) works under secure transport.
    assert joined.query("SHOW VARIABLES LIKE 'require_secure_transport'")[
        0]['Value'] == 'ON'
    assert 'Using openssl based encryption with socat' in _error_log(joined)
