"""A node's TLS files and config: key made here, 0600, and every channel."""

import os

from cryptography import x509
import pytest

from galeratrove.common import cluster_ca
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import overrides
from galeratrove.guestagent.datastore.galera_common import tls


@pytest.fixture
def node(tmp_path):
    return config.node_paths(str(tmp_path / 'node'))


def _installed(node):
    ca_pem, ca_key = cluster_ca.new_ca('c1')
    csr = tls.request(node, '10.0.0.1')
    cert = cluster_ca.sign(ca_pem, ca_key, csr, ['10.0.0.1'])
    tls.install(node, cert, ca_pem)
    return cert


def test_the_key_is_made_once_and_kept_private(node):
    first = tls.request(node, '10.0.0.1')
    key_file = tls.paths(node).key
    with open(key_file) as f:
        key = f.read()
    assert oct(os.stat(key_file).st_mode & 0o777) == '0o600'
    assert 'PRIVATE KEY' in key and 'PRIVATE' not in first
    again = tls.request(node, '10.0.0.1')
    with open(key_file) as f:
        assert f.read() == key
    # Both requests are for the one key the node keeps.
    assert x509.load_pem_x509_csr(first.encode()).public_key() == \
        x509.load_pem_x509_csr(again.encode()).public_key()


def test_install_writes_0600_files_and_refuses_non_pem(node):
    with pytest.raises(errors.ConfigError):
        tls.install(node, 'x', 'y')
    _installed(node)
    for path in tls.paths(node):
        assert oct(os.stat(path).st_mode & 0o777) == '0o600', path
    tls.remove(node)
    assert not tls.installed(node)


def test_config_secures_clients_replication_and_sst(node):
    _installed(node)
    text = config.render('mariadb', cluster_name='c1', node_name='n1',
                         node_address='10.0.0.1', base_dir=node.base,
                         members=['10.0.0.1'])
    secured = tls.apply(text, node)
    files = tls.paths(node)
    opts = config.parse(secured)
    assert opts['require_secure_transport'] == 'ON'
    assert opts['ssl_key'] == files.key and opts['ssl_ca'] == files.ca
    provider = opts['wsrep_provider_options']
    assert 'gcache.size=128M' in provider
    assert 'socket.ssl=yes' in provider
    assert 'socket.ssl_cert=%s' % files.cert in provider
    sst = secured[secured.index('[sst]'):]
    assert 'encrypt = 3' in sst and 'tkey = %s' % files.key in sst
    assert 'ssl-mode = VERIFY_CA' in sst
    # A configuration group's provider options keep the TLS ones.
    grouped = config.parse(overrides.apply(secured, {'gcache.size': '1G'}))
    assert 'socket.ssl=yes' in grouped['wsrep_provider_options']
    assert 'gcache.size=1G' in grouped['wsrep_provider_options']


def test_config_without_a_certificate_is_refused(node):
    text = config.render('mariadb', cluster_name='c1', node_name='n1',
                         node_address='10.0.0.1', base_dir=node.base)
    with pytest.raises(errors.ConfigError):
        tls.apply(text, node)
