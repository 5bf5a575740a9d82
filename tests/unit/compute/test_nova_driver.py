"""The nova driver against in-memory Nova, Cinder and Neutron."""

import concurrent.futures

from cinderclient import exceptions as cinder_exc
from novaclient import exceptions as nova_exc
import pytest

from galeratrove.common import clients
from galeratrove.common import exception
from galeratrove.common import user_data
from galeratrove.compute import base
from galeratrove.compute import nova
from galeratrove.volume import cinder
from tests.unit.compute import fake_openstack


@pytest.fixture
def cloud(conf):
    conf('management_networks', ['mgmt-net'], group='nova')
    conf('poll_interval', 0.1, group='nova')
    conf('delete_timeout', 2, group='nova')
    conf('create_timeout', 2, group='cinder')
    c = fake_openstack.FakeCinder()
    n = fake_openstack.FakeNova(cinder=c)
    neutron = fake_openstack.FakeNeutron()
    driver = nova.NovaDriver(
        nova=n, volumes=cinder.CinderVolumeDriver(client=c),
        security_groups=nova.nova_network.SecurityGroups(neutron))
    return driver, n, c, neutron


def request(instance_id='i1', cluster_id='c1', **kw):
    values = dict(
        instance_id=instance_id, name='products-1', cluster_id=cluster_id,
        flavor=base.Flavor('f1', 'db.small', 2048, 1, 10),
        volume=base.VolumeRequest(size=5, type='fast'), image_id='img-1',
        guest_config={'instance_id': instance_id, 'manager': 'mariadb',
                      'memory_mb': 2048, 'rpc_key': 'KEY-OF-%s' % instance_id})
    values.update(kw)
    return base.BootRequest(**values)


def test_boot_makes_volume_server_group_and_security_group(cloud):
    driver, n, c, neutron = cloud
    server_id = driver.boot(None, request(
        nics=[base.Nic(net_id='user-net', v4_fixed_ip='10.9.0.5')],
        availability_zone='az1'))
    vol, = c.volumes.by_id.values()
    assert (vol.name, vol.size, vol.volume_type, vol.status) == (
        'galeratrove-i1', 5, 'fast', 'available')
    assert vol.availability_zone == 'az1'
    created, = n.servers.created
    assert created['image'] == 'img-1' and created['flavor'] == 'f1'
    assert created['nics'] == [{'net-id': 'user-net',
                                'v4-fixed-ip': '10.9.0.5'},
                               {'net-id': 'mgmt-net'}]
    assert created['block_device_mapping_v2'] == [{
        'uuid': vol.id, 'source_type': 'volume',
        'destination_type': 'volume', 'boot_index': -1,
        'delete_on_termination': True}]
    group, = n.server_groups.list()
    assert group.policy == 'anti-affinity'
    assert created['scheduler_hints'] == {'group': group.id}
    secgroup, = neutron.groups
    assert created['security_groups'] == [secgroup]
    assert created['config_drive'] is True
    assert created['availability_zone'] == 'az1'
    # The key travels inside the server only, never in its metadata.
    assert 'KEY-OF-i1' in created['userdata']
    assert 'KEY-OF-i1' not in str(created['meta'])
    assert created['meta']['galeratrove_instance_id'] == 'i1'
    server = driver.get_server(server_id)
    assert server.status == base.ACTIVE
    assert server.addresses == ['10.9.0.5', '10.0.1.1']


def test_boot_again_finds_the_server_it_made(cloud):
    driver, n, c, _ = cloud
    first = driver.boot(None, request())
    assert driver.boot(None, request()) == first
    assert len(n.servers.created) == 1 and len(c.volumes.by_id) == 1


def test_parallel_boots_share_one_group_per_cluster(cloud):
    driver, n, _, neutron = cloud
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda i: driver.boot(None, request(
            'i%d' % i, locality='affinity')), range(3)))
    group, = n.server_groups.list()
    assert group.policy == 'affinity'
    assert len(neutron.groups) == 1
    assert {s['scheduler_hints']['group'] for s in n.servers.created} == {
        group.id}


def test_locality_none_boots_without_group(cloud, conf):
    driver, n, _, _ = cloud
    conf('default_locality', 'none', group='nova')
    driver.boot(None, request())
    assert n.server_groups.list() == []
    assert 'scheduler_hints' not in n.servers.created[0]


def test_security_group_opens_galera_ports_only_between_members(cloud,
                                                                conf):
    driver, _, _, neutron = cloud
    conf('tenant_cidrs', ['203.0.113.0/24'], group='nova')
    driver.boot(None, request())
    group_id, = neutron.groups
    client = [r for r in neutron.rules if r['port_range_min'] == 3306]
    assert [r['remote_ip_prefix'] for r in client] == ['203.0.113.0/24']
    members = {(r['protocol'], r['port_range_min']): r['remote_group_id']
               for r in neutron.rules if r['port_range_min'] != 3306}
    assert members == {('tcp', 4444): group_id, ('tcp', 4567): group_id,
                       ('udp', 4567): group_id, ('tcp', 4568): group_id}


def test_nova_fault_is_the_server_fault(cloud):
    driver, n, _, _ = cloud
    n.fault_next = 'No valid host was found. There are not enough hosts.'
    server = driver.get_server(driver.boot(None, request()))
    assert server.status == base.ERROR
    assert server.fault.startswith('No valid host was found')


def test_quota_refusals_are_clear_and_leave_no_volume(cloud):
    driver, n, c, _ = cloud
    n.refuse_create = nova_exc.Forbidden(
        403, 'Quota exceeded for instances: Requested 1, but already used '
             '10 of 10 instances')
    with pytest.raises(exception.CloudQuotaExceeded, match='Quota exceeded'):
        driver.boot(None, request())
    c.settle_deletes()
    assert c.volumes.by_id == {}
    c.refuse_create = cinder_exc.OverLimit(413, 'VolumeSizeExceedsQuota')
    with pytest.raises(exception.CloudQuotaExceeded, match='5 GB volume'):
        driver.boot(None, request('i2'))


def test_no_image_is_a_clear_error(cloud):
    driver, _, _, _ = cloud
    with pytest.raises(exception.ComputeError, match='--image'):
        driver.boot(None, request(image_id=None))


def test_delete_is_idempotent_and_leaves_nothing(cloud):
    driver, n, c, neutron = cloud
    server_id = driver.boot(None, request())
    neutron.ports_using[next(iter(neutron.groups))] = 2
    driver.delete(server_id)
    driver.delete(server_id)
    c.settle_deletes()
    assert n.servers.by_id == {} and c.volumes.by_id == {}
    driver.delete_cluster('c1')
    driver.delete_cluster('c1')
    assert n.server_groups.list() == [] and neutron.groups == {}


def test_delete_by_instance_id_finds_an_unrecorded_server(cloud):
    driver, n, c, _ = cloud
    driver.boot(None, request())
    driver.delete('i1')
    assert n.servers.by_id == {}


def test_delete_removes_a_volume_whose_server_never_came(cloud):
    driver, n, c, _ = cloud
    n.refuse_create = nova_exc.BadRequest(400, 'Invalid image')
    vol = c.volumes.create(1, name='galeratrove-i1')
    with pytest.raises(exception.ComputeError, match='Invalid image'):
        driver.boot(None, request())
    c.volumes.by_id[vol.id] = vol
    driver.delete('i1')
    c.settle_deletes()
    assert c.volumes.by_id == {}


def test_cinder_volume_in_error_is_the_boot_error(cloud):
    driver, _, c, _ = cloud
    c.next_status['creating'] = 'error'
    with pytest.raises(exception.VolumeError, match='went into error'):
        driver.boot(None, request())


def test_capabilities_honour_every_placement_option(cloud):
    driver = cloud[0]
    assert driver.capabilities == {'locality', 'networks',
                                   'availability_zones', 'volume_types'}


def test_flavors_come_from_nova(cloud):
    driver = cloud[0]
    assert driver.get_flavor('f1').ram == 2048
    with pytest.raises(exception.FlavorNotFound):
        driver.get_flavor('nope')


def test_clients_use_the_sections_keystoneauth_settings(conf):
    conf('auth_type', 'none', group='nova')
    conf('endpoint_override', 'http://nova.test:8774/v2.1', group='nova')
    conf('region_name', 'Region2', group='nova')
    clients.reset()
    try:
        adapter = clients.adapter('nova')
        assert adapter.get_endpoint() == 'http://nova.test:8774/v2.1'
        assert adapter.service_type == 'compute'
        assert adapter.region_name == 'Region2'
        assert clients.nova().api_version.get_string() == '2.64'
    finally:
        clients.reset()


def test_user_data_is_a_script_writing_a_private_config(tmp_path):
    import os
    import stat
    import subprocess
    script = user_data.render('i1', {
        'manager': 'mariadb', 'memory_mb': 512, 'rpc_key': 'k$1',
        'base_dir': '/var/lib/galeratrove/node'}, command='true')
    assert user_data.extract(script).startswith('[DEFAULT]')
    subprocess.run(['sh', '-c', script], check=True, env=dict(
        os.environ, GALERATROVE_CONF_DIR=str(tmp_path),
        GALERATROVE_FOREGROUND='1'))
    written = tmp_path / 'guest_info.conf'
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert written.read_text() == user_data.extract(script)
    assert 'rpc_key = k$$1' in written.read_text()
