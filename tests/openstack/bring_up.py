"""The order the test stack comes up in, and the cloud it is set up as:
service users and catalog, a flat loopback network, a 1 MiB image, flavors.
"""

import os
import shutil
import tempfile

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
from keystoneclient.v3 import client as ks_client

from galeratrove.common import utils

from tests.openstack import configs
from tests.openstack import stack as stack_mod

USERS = ('nova', 'placement', 'neutron', 'glance', 'cinder', 'swift',
         'galeratrove')
CATALOG = (('placement', 'placement', 'placement', ''),
           ('nova', 'compute', 'nova', '/v2.1'),
           ('neutron', 'network', 'neutron', ''),
           ('glance', 'image', 'glance', ''),
           ('cinder', 'block-storage', 'cinderv3', '/v3/%(project_id)s'),
           ('cinder', 'volumev3', 'cinderv3-legacy', '/v3/%(project_id)s'),
           ('swift', 'object-store', 'swift', '/v1/AUTH_%(project_id)s'))
NETWORK_CIDR = '127.77.0.0/24'
PLACEMENT_VERSION = {'OpenStack-API-Version': 'placement 1.10'}


def session(stack, user='admin', project='admin'):
    auth = v3.Password(auth_url=stack.url('keystone'), username=user,
                       password=configs.PASSWORD, project_name=project,
                       user_domain_id='default', project_domain_id='default')
    return ks_session.Session(auth=auth)


def _role(ks, name):
    found = ks.roles.list(name=name)
    return found[0] if found else ks.roles.create(name)


def keystone(stack):
    conf = stack.write_conf('keystone.conf', configs.keystone(stack))
    stack.run('keystone-manage', '--config-file', conf, 'db_sync')
    for repo in ('fernet_setup', 'credential_setup'):
        stack.run('keystone-manage', '--config-file', conf, repo,
                  '--keystone-user', str(os.getuid()),
                  '--keystone-group', str(os.getgid()))
    stack.run('keystone-manage', '--config-file', conf, 'bootstrap',
              '--bootstrap-password', configs.PASSWORD,
              '--bootstrap-region-id', 'RegionOne',
              '--bootstrap-public-url', stack.url('keystone'),
              '--bootstrap-internal-url', stack.url('keystone'),
              '--bootstrap-admin-url', stack.url('keystone'))
    stack.serve('keystone', 'keystone.wsgi.api', stack.ports['keystone'],
                env={'OS_KEYSTONE_CONFIG_FILES': conf})
    stack.wait_http('keystone', '/v3')
    ks = ks_client.Client(session=session(stack))
    service = ks.projects.create('service', 'default')
    ks.projects.create('demo', 'default')
    roles = [ks.roles.find(name='admin'), _role(ks, 'service')]
    for name in USERS:
        user = ks.users.create(name, domain='default',
                               password=configs.PASSWORD)
        for role in roles[:1 if name == 'galeratrove' else 2]:
            ks.roles.grant(role, user=user, project=service)
    for port_of, service_type, name, suffix in CATALOG:
        svc = ks.services.create(name, type=service_type)
        for interface in ('public', 'internal'):
            ks.endpoints.create(svc, stack.url(port_of) + suffix,
                                interface=interface, region='RegionOne')


def placement(stack):
    conf = stack.write_conf('placement.conf', configs.placement(stack))
    stack.run('placement-manage', '--config-file', conf, 'db', 'sync')
    stack.serve('placement', 'placement.wsgi.api', stack.ports['placement'],
                env={'OS_PLACEMENT_CONFIG_DIR': os.path.dirname(conf)})


def neutron(stack):
    conf = stack.write_conf('neutron.conf', configs.neutron(stack))
    stack.run('neutron-db-manage', '--config-file', conf, 'upgrade', 'heads')
    stack.serve('neutron', 'neutron.wsgi.api', stack.ports['neutron'],
                argv=['--config-file', conf])


def glance(stack):
    conf = stack.write_conf('glance-api.conf', configs.glance(stack))
    stack.run('glance-manage', '--config-file', conf, 'db_sync')
    stack.serve('glance', 'glance.wsgi.api', stack.ports['glance'],
                env={'OS_GLANCE_CONFIG_DIR': os.path.dirname(conf)})


def cinder(stack):
    conf = stack.write_conf('cinder.conf', configs.cinder(stack))
    stack.run('cinder-manage', '--config-file', conf, 'db', 'sync')
    stack.serve('cinder', 'cinder.wsgi.api', stack.ports['cinder'],
                argv=['--config-file', conf])
    for daemon in ('cinder-scheduler', 'cinder-volume'):
        stack.start(daemon, [stack.venv_path('bin', daemon),
                             '--config-file', conf])


def swift(stack):
    """Rings of one device each, the storage servers, then the proxy."""
    etc = stack.path('etc', 'swift')
    stack.path('swift', 'devices', 'd1')
    stack.write_conf('swift/swift.conf', configs.swift_hash(stack))
    for kind in ('account', 'container', 'object'):
        builder = os.path.join(etc, kind + '.builder')
        stack.run('swift-ring-builder', builder, 'create', '6', '1', '1')
        stack.run('swift-ring-builder', builder, 'add', 'r1z1-127.0.0.1:%d/d1'
                  % stack.ports['swift-' + kind], '100')
        stack.run('swift-ring-builder', builder, 'rebalance')
        conf = stack.write_conf('swift/%s-server.conf' % kind,
                                configs.swift_storage(stack, kind))
        stack.start('swift-' + kind, [
            stack.venv_path('bin', 'swift-%s-server' % kind), conf])
    conf = stack.write_conf('swift/proxy-server.conf',
                            configs.swift_proxy(stack))
    stack.start('swift', [stack.venv_path('bin', 'swift-proxy-server'),
                          conf])


def nova(stack, guestagent):
    conf = stack.write_conf('nova.conf', configs.nova(stack))
    manage = ('nova-manage', '--config-file', conf)
    stack.run(*manage, 'api_db', 'sync')
    stack.run(*manage, 'cell_v2', 'map_cell0', '--database_connection',
              stack.db_url('nova_cell0'))
    stack.run(*manage, 'cell_v2', 'create_cell', '--name', 'cell1',
              '--verbose')
    stack.run(*manage, 'db', 'sync')
    shutil.copy(stack.venv_path('etc', 'nova', 'api-paste.ini'),
                os.path.dirname(conf))
    stack.serve('nova', 'nova.wsgi.osapi_compute', stack.ports['nova'],
                env={'OS_NOVA_CONFIG_DIR': os.path.dirname(conf),
                     'OS_NOVA_CONFIG_FILES': 'api-paste.ini;nova.conf'})
    for daemon in ('nova-conductor', 'nova-scheduler'):
        stack.start(daemon, [stack.venv_path('bin', daemon),
                             '--config-file', conf])
    for host in stack.hosts:
        host_conf = stack.write_conf('nova-%s.conf' % host,
                                     configs.nova(stack, host))
        stack.start('nova-compute-' + host, [
            stack.venv_path('bin', 'nova-compute'), '--config-file',
            host_conf], env={'GALERATROVE_GUESTAGENT': guestagent})


def map_hosts(stack):
    """Until every nova-compute host has its node, then map them to cell1."""
    sess = session(stack)

    def registered():
        stack.check_running()
        found = sess.get(stack.url('nova') + '/v2.1/os-hypervisors').json()
        return len(found['hypervisors']) == len(stack.hosts)
    utils.wait_for(registered, 120, max_interval=1,
                   what='%d hypervisors' % len(stack.hosts))

    # A hypervisor is listed before its inventory reaches Placement; an
    # anti-affinity boot of 3 scheduled then finds too few hosts.
    def in_placement():
        providers = sess.get(stack.url('placement') + '/resource_providers',
                             headers=PLACEMENT_VERSION).json()
        return len(providers['resource_providers']) == len(stack.hosts) and \
            all(sess.get(stack.url('placement') +
                         '/resource_providers/%s/inventories' % p['uuid'],
                         headers=PLACEMENT_VERSION).json()['inventories']
                for p in providers['resource_providers'])
    utils.wait_for(in_placement, 120, max_interval=1,
                   what='%d hosts with inventory in Placement'
                   % len(stack.hosts))
    stack.run('nova-manage', '--config-file', stack.path('etc', 'nova.conf'),
              'cell_v2', 'discover_hosts')


def volume_service_up(stack):
    """Until cinder-volume reports: a volume made earlier would fail."""
    sess = session(stack)
    url = stack.url('cinder') + '/v3/%s/os-services?binary=cinder-volume' % (
        sess.get_project_id())

    def up():
        services = sess.get(url).json()['services']
        return any(s['state'] == 'up' for s in services)
    utils.wait_for(up, 120, max_interval=1, what='cinder-volume up')


def cloud(stack):
    """The network, image and flavors the tests boot with."""
    sess = session(stack)
    net = sess.post(stack.url('neutron') + '/v2.0/networks', json={
        'network': {'name': 'gt-net', 'shared': True,
                    'provider:network_type': 'flat',
                    'provider:physical_network': 'physnet1'}}).json()
    net_id = net['network']['id']
    sess.post(stack.url('neutron') + '/v2.0/subnets', json={'subnet': {
        'network_id': net_id, 'cidr': NETWORK_CIDR, 'ip_version': 4,
        'gateway_ip': None, 'enable_dhcp': False}})
    image = sess.post(stack.url('glance') + '/v2/images', json={
        'name': 'gt-guest', 'disk_format': 'raw',
        'container_format': 'bare', 'visibility': 'public'}).json()
    sess.put(stack.url('glance') + '/v2/images/%s/file' % image['id'],
             data=b'\0' * (1 << 20),
             headers={'Content-Type': 'application/octet-stream'})
    # gt.huge fits the quota but no host's disk (a host has 200 GB),
    # gt.quota fits no quota.
    for flavor_id, ram, disk in (('gt.small', 1024, 1),
                                 ('gt.huge', 1024, 100000),
                                 ('gt.quota', 1 << 30, 1)):
        sess.post(stack.url('nova') + '/v2.1/flavors', json={'flavor': {
            'id': flavor_id, 'name': flavor_id, 'ram': ram, 'vcpus': 1,
            'disk': disk}})
    project = sess.get_project_id()
    for name in ('fake', 'fast'):
        vtype = sess.post(stack.url('cinder') + '/v3/%s/types' % project,
                          json={'volume_type': {
                              'name': name, 'os-volume-type-access:is_public':
                              True}}).json()['volume_type']
        sess.post(stack.url('cinder') + '/v3/%s/types/%s/extra_specs' % (
            project, vtype['id']), json={'extra_specs': {
                'volume_backend_name': 'fake'}})
    stack.network_id, stack.image_id = net_id, image['id']


def up(workdir=None, hosts=3):
    stack = stack_mod.Stack(workdir or tempfile.mkdtemp(prefix='gtos-'),
                            hosts=hosts)
    stack.install()
    stack.create_backends()
    try:
        keystone(stack)
        placement(stack)
        neutron(stack)
        glance(stack)
        cinder(stack)
        swift(stack)
        nova(stack, os.path.join(stack_mod.REPO, '.venv', 'bin',
                                 'galeratrove-guestagent'))
        for service in ('placement', 'neutron', 'glance', 'cinder', 'nova'):
            stack.wait_http(service)
        stack.wait_http('swift', '/info')
        map_hosts(stack)
        volume_service_up(stack)
        cloud(stack)
    except BaseException:
        down(stack)
        raise
    return stack


def down(stack):
    stack.stop()
    stack.drop_backends()
    shutil.rmtree(stack.workdir, ignore_errors=True)
