"""A joiner receives its state by mariabackup SST over TLS (socat with
OpenSSL, verified against the cluster CA), on real nodes."""

from galeratrove.common import cluster_ca
from galeratrove.guestagent.datastore.galera_common import tls


def test_join_by_mariabackup_over_tls(nodes):
    ca_pem, ca_key = cluster_ca.new_ca('sst')
    members = [n.address for n in nodes]
    for i, n in enumerate(nodes):
        n.initialize()
        n.secure('os_admin', 'admin-pw-123456')
        csr = tls.request(n.paths, n.address, n._owner())
        tls.install(n.paths, cluster_ca.sign(ca_pem, ca_key, csr,
                                             [n.address]),
                    ca_pem, n._owner())
        n.write_cluster_config('tlstest', 'n%d' % i, members,
                               sst_method='mariabackup',
                               replication_user='os_sst',
                               replication_password='sst-pw-123456',
                               tls=True)
        n.start(bootstrap=(i == 0), timeout=180)
        if i == 0:
            n.create_replication_user('os_sst', 'sst-pw-123456')
            n.execute('CREATE DATABASE sst_check')
            n.execute('CREATE TABLE sst_check.t (id INT PRIMARY KEY)')
            n.execute('INSERT INTO sst_check.t VALUES (7)')
    joined = nodes[1]
    assert joined.status()['wsrep_cluster_size'] == 2
    assert joined.query('SELECT id FROM sst_check.t') == [{'id': 7}]
    # The agent's own login (unix socket) works under secure transport.
    assert joined.query("SHOW VARIABLES LIKE 'require_secure_transport'")[
        0]['Value'] == 'ON'
    with open(joined.paths.error_log) as f:
        log = f.read()
    assert 'Using openssl based encryption with socat' in log
