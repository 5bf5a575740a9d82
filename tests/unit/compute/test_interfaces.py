"""Drivers are plugins: loaded by name, and what the API accepts reaches
them as a BootRequest."""

import pytest
from stevedore import exception as sd_exception

from galeratrove.common import statuses
from galeratrove import compute
from galeratrove.compute import base
from galeratrove.compute import fake
from galeratrove.compute import local
from galeratrove.db import api as db_api
from galeratrove.taskmanager import instances
from galeratrove.taskmanager import operation
from galeratrove import volume
from galeratrove.volume import noop
from tests.unit.api.conftest import cluster_body


def test_drivers_are_entry_points(conf):
    assert isinstance(compute.get_driver(), local.LocalDriver)
    compute.reset()
    conf('driver', 'fake', group='compute')
    assert isinstance(compute.get_driver(), fake.FakeDriver)
    assert isinstance(volume.load('noop'), noop.NoopVolumeDriver)
    with pytest.raises(sd_exception.NoMatches):
        compute.load('no-such-driver')


def test_nic_accepts_both_spellings_of_trove():
    assert base.Nic.from_request({'net-id': 'n', 'v4-fixed-ip': '10.0.0.5'}) \
        == base.Nic.from_request({'network_id': 'n', 'ip_address': '10.0.0.5'})
    nic = base.Nic.from_request({'port-id': 'p', 'net-id': ''})
    assert (nic.port_id, nic.net_id) == ('p', None)


def test_noop_volumes_are_found_by_name_and_deleted_twice():
    driver = noop.NoopVolumeDriver()
    vol = driver.create(None, 'galeratrove-i1', 2, volume_type='fast')
    assert driver.find('galeratrove-i1') == [vol]
    assert (vol.size, vol.type, vol.status) == (2, 'fast', 'available')
    driver.delete(vol.id)
    driver.delete(vol.id)
    assert driver.get(vol.id) is None


@pytest.fixture
def fake_api(api, conf):
    conf('driver', 'fake', group='compute')
    compute.reset()
    return api


def _placed_body():
    body = cluster_body(flavor='1', size=3, locality='affinity')
    for item in body['cluster']['instances']:
        item['volume']['type'] = 'fast'
    body['cluster']['instances'][0].update(
        availability_zone='az2', nics=[{'net-id': 'net1',
                                        'v4-fixed-ip': '10.0.0.5'}])
    return body


def test_a_capable_driver_gets_placement_options(fake_api, taskmanager):
    db_api.datastore_version_update('mariadb', '10.11', 'mariadb',
                                    image_id='img-1')
    resp = fake_api.post_json('/v1.0/demo/clusters', _placed_body())
    cluster_id = resp.json['cluster']['id']
    (_, call), = taskmanager.wait_for(1)
    row = db_api.operation_get(call['operation_id'])
    op = operation.Operation(None, row)
    first = op.instances()[0]
    driver = compute.get_driver()
    instances.boot(op, first, 'mariadb')
    request, = driver.requests
    assert request.cluster_id == cluster_id
    assert request.locality == 'affinity'
    assert request.image_id == 'img-1'
    assert request.availability_zone == 'az2'
    assert request.nics == [base.Nic(net_id='net1', v4_fixed_ip='10.0.0.5')]
    assert request.volume == base.VolumeRequest(size=3, type='fast')
    assert request.flavor.id == '1'
    assert request.guest_config['instance_id'] == first.id
    # The RPC key stays out of anything a cloud shows in its API.
    assert request.guest_config['rpc_key'] not in str(request.metadata)
    assert db_api.instance_get_any(first.id).addresses == ['192.0.2.1']


def test_the_cloud_fault_becomes_the_boot_error(fake_api, taskmanager):
    fake_api.post_json('/v1.0/demo/clusters', cluster_body(flavor='1'))
    (_, call), = taskmanager.wait_for(1)
    op = operation.Operation(None, db_api.operation_get(call['operation_id']))
    compute.get_driver().fail_next = 'No valid host was found.'
    with pytest.raises(Exception, match='No valid host was found'):
        instances.boot(op, op.instances()[0], 'mariadb')


def test_the_delete_flow_removes_the_cluster_resources(fake_api, taskmanager):
    from galeratrove.common.strategies import strategy
    fake_api.post_json('/v1.0/demo/clusters', cluster_body(flavor='1'))
    (_, call), = taskmanager.wait_for(1)
    cluster_id = call['cluster_id']
    op_id = db_api.cluster_begin('demo', cluster_id, 'delete', {},
                                 statuses.DELETING.id,
                                 set(statuses.TASKS_BY_ID))
    op = operation.Operation(None, db_api.operation_get(op_id))
    strategy.taskmanager_strategy('mariadb').delete_cluster(op)
    assert compute.get_driver().deleted_clusters == [cluster_id]
