"""galeratrove-all with the nova driver on the real OpenStack test stack."""

import ipaddress

from novaclient import client as nova_client
import pytest

from tests.functional.clusters import conftest as clusters
from tests.functional import helpers
from tests.openstack import bring_up
from tests.openstack import configs

HOSTS = 4


@pytest.fixture(scope='package')
def stack():
    """Keystone, Placement, Nova (HOSTS), Neutron, Glance, Cinder, Swift."""
    st = bring_up.up(hosts=HOSTS)
    yield st
    bring_up.down(st)


def _nova_sections(st):
    auth = {'auth_type': 'password', 'auth_url': st.url('keystone'),
            'username': 'galeratrove', 'password': configs.PASSWORD,
            'project_name': 'service', 'user_domain_name': 'Default',
            'project_domain_name': 'Default', 'region_name': 'RegionOne'}
    return {
        'DEFAULT': helpers.rabbit_sections(),
        'compute': {'driver': 'nova'},
        'volume': {'driver': 'cinder'},
        'nova': dict(auth, management_networks=st.network_id,
                     default_image_id=st.image_id, poll_interval=1,
                     delete_timeout=60,
                     tenant_cidrs=bring_up.NETWORK_CIDR),
        'cinder': {'auth_section': 'nova', 'region_name': 'RegionOne',
                   'create_timeout': 60},
        'neutron': {'auth_section': 'nova', 'region_name': 'RegionOne'},
        # Backups go to Swift (the default with the nova driver), in
        # small segments so a test backup has several.
        'swift': {'auth_section': 'nova', 'region_name': 'RegionOne'},
        'backup': {'swift_segment_size': 1 << 20},
        'cluster': {'join_timeout': 120, 'prepare_timeout': 120,
                    'boot_timeout': 120, 'heartbeat_interval': 1,
                    'health_check_interval': 2}}


@pytest.fixture(scope='package')
def server(stack):
    with clusters.Server(tag='nova', sections=_nova_sections(stack)) as srv:
        yield srv


@pytest.fixture(scope='module', autouse=True)
def no_leftovers(server):
    """Delete the clusters a module's failed test left behind.

    The next module (and its "nothing left in the cloud" checks) then
    starts from an empty cloud.
    """
    yield
    tc = server.client()
    left = tc.clusters.list()
    for cluster in left:
        tc.clusters.delete(cluster.id)
    for cluster in left:
        clusters.wait_gone(tc, cluster.id, timeout=300)


@pytest.fixture(scope='package')
def cloud(stack):
    """Admin clients of the stack: nova (novaclient), neutron, cinder."""
    sess = bring_up.session(stack)
    return Cloud(stack, sess)


class Cloud:

    def __init__(self, stack, sess):
        self.stack = stack
        self.sess = sess
        self.nova = nova_client.Client('2.64', session=sess)

    def get(self, service, path):
        return self.sess.get(self.stack.url(service) + path).json()

    def servers(self):
        return self.nova.servers.list(search_opts={'all_tenants': 1})

    def volumes(self):
        project = self.sess.get_project_id()
        return self.get('cinder', '/v3/%s/volumes/detail?all_tenants=1'
                        % project)['volumes']

    def ports(self):
        return [p for p in self.get('neutron', '/v2.0/ports')['ports']
                if p['device_owner'].startswith('compute:')]

    def server_groups(self):
        return self.nova.server_groups.list(all_projects=True)

    def security_groups(self):
        return [g for g in self.get('neutron',
                                    '/v2.0/security-groups')[
                                        'security_groups']
                if g['name'].startswith('galeratrove-')]


def on_stack_network(address):
    return ipaddress.ip_address(address) in ipaddress.ip_network(
        bring_up.NETWORK_CIDR)
