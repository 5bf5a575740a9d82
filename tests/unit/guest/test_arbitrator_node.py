"""garbd's configuration: its group, the other members, its own address,
and its certificate in a TLS cluster."""

import os
import stat

import pytest

from galeratrove.common import cluster_ca
from galeratrove.guestagent.datastore.galera_common import arbitrator
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import tls


@pytest.fixture
def node(tmp_path):
    return arbitrator.ArbitratorNode(str(tmp_path / 'node'), '127.9.0.3')


def _cfg(node):
    with open(os.path.join(node.paths.conf, 'garbd.cnf')) as f:
        return f.read()


def test_config_names_the_group_the_others_and_its_listen_address(node):
    node.write_cluster_config('c0ffee', 'n3',
                              ['127.9.0.1', '127.9.0.2', '127.9.0.3'])
    text = _cfg(node)
    assert 'group = c0ffee\n' in text
    assert 'address = gcomm://127.9.0.1:4567,127.9.0.2:4567\n' in text
    assert 'options = gmcast.listen_addr=tcp://127.9.0.3:4567\n' in text
    assert stat.S_IMODE(os.stat(os.path.join(
        node.paths.conf, 'garbd.cnf')).st_mode) == 0o600
    node.update_members(['127.9.0.1', '127.9.0.3', '127.9.0.4'])
    assert node.cluster_context() == {
        'cluster_name': 'c0ffee', 'node_address': '127.9.0.3',
        'members': ['127.9.0.1', '127.9.0.4']}


def test_a_member_address_cannot_break_out_of_its_line(node):
    with pytest.raises(errors.ConfigError):
        node.write_cluster_config('c0ffee', 'n3', ['127.9.0.1\noptions=x'])


def test_no_bootstrap_no_database(node):
    node.write_cluster_config('c0ffee', 'n3', ['127.9.0.1'])
    with pytest.raises(errors.NodeError, match='cannot bootstrap'):
        node.start(bootstrap=True)
    with pytest.raises(errors.NodeError, match='no database'):
        node.enable_root('secret')
    assert node.status()['running'] is False
    assert node.recover_position() is None


def test_in_a_tls_cluster_garbd_uses_its_own_certificate(node):
    with pytest.raises(errors.ConfigError, match='no certificate'):
        node.write_cluster_config('c0ffee', 'n3', ['127.9.0.1'], tls=True)
    ca_pem, ca_key = cluster_ca.new_ca('c0ffee')
    csr = node.tls_request()
    node.tls_install(cluster_ca.sign(ca_pem, ca_key, csr, ['127.9.0.3']),
                     ca_pem)
    node.write_cluster_config('c0ffee', 'n3', ['127.9.0.1', '127.9.0.3'],
                              tls=True)
    files = tls.paths(node.paths)
    expected = ('options = gmcast.listen_addr=tcp://127.9.0.3:4567; '
                'socket.ssl=yes; socket.ssl_key=%s; socket.ssl_cert=%s; '
                'socket.ssl_ca=%s\n' % (files.key, files.cert, files.ca))
    assert expected in _cfg(node)
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    # A new member list keeps TLS on.
    node.update_members(['127.9.0.1', '127.9.0.3', '127.9.0.4'])
    assert expected in _cfg(node)
