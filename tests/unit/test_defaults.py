"""The embedded default: loopback, 8779, noauth, SQLite under state_path."""

from galeratrove.common import rpc
from galeratrove.conf import CONF


def test_embedded_defaults(conf):
    assert CONF.bind_host == '127.0.0.1'
    assert CONF.bind_port == 8779
    assert CONF.auth_strategy == 'noauth'
    assert CONF.clusters_page_size == 20
    assert CONF.database.connection == (
        'sqlite:///%s/galeratrove.sqlite' % CONF.state_path)
    assert CONF.local_compute.instances_path == (
        '%s/instances' % CONF.state_path)
    assert CONF.mariadb.min_cluster_member_count == 3
    assert CONF.compute.driver == 'local'
    assert rpc.IN_PROCESS_URL.startswith('fake')


def test_conductor_derives_status_from_the_node():
    from galeratrove.conductor import manager
    synced = {'running': True, 'wsrep_ready': 'ON',
              'wsrep_cluster_status': 'Primary'}
    assert manager.derive_status('BUILD', {'running': False}) == 'BUILD'
    assert manager.derive_status('ERROR', synced) == 'ERROR'
    assert manager.derive_status('ACTIVE', {'running': False}) == \
        'SHUTDOWN'
    assert manager.derive_status('SHUTDOWN', synced) == 'ACTIVE'
    joining = dict(synced, wsrep_cluster_status='non-Primary')
    assert manager.derive_status('ACTIVE', joining) == 'ACTIVE'
