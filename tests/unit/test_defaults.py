"""The embedded default: loopback, 8779, noauth, SQLite under state_path.

Only galeratrove-all runs without auth by default; galeratrove-api and
the WSGI entry point default to Keystone.
"""

from galeratrove.cmd import all as cmd_all
from galeratrove.common import rpc
from galeratrove.conf import CONF


def test_only_galeratrove_all_defaults_to_noauth(conf):
    assert CONF.auth_strategy == 'keystone'
    conf.clear()  # no test overrides: the defaults alone
    try:
        cmd_all.set_embedded_defaults()
        assert CONF.auth_strategy == 'noauth'
        assert CONF.transport_url == rpc.IN_PROCESS_URL
    finally:
        CONF.clear_default('auth_strategy')
        CONF.clear_default('transport_url')
    assert CONF.auth_strategy == 'keystone'


def test_embedded_defaults(conf):
    assert CONF.bind_host == '127.0.0.1'
    assert CONF.bind_port == 8779
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
