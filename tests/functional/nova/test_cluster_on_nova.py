"""A cluster's life through our API on real Nova, Neutron, Glance, Cinder.

Each server is a local process of the stack's process hypervisor running
the user data our driver sent: its guest agent and a real mariadbd on the
Neutron fixed IP, its data on the attached Cinder volume's directory.
"""

import time

from tests.functional.clusters import conftest as clusters
from tests.functional.clusters import writes
from tests.functional import helpers
from tests.functional.nova import conftest as nova_conftest

STATE = {}


def _members(cloud, cluster):
    ids = {'galeratrove-' + i['id'] for i in cluster.instances}
    return [s for s in cloud.servers() if s.name in ids]


def test_create_boots_anti_affine_servers_with_a_volume_each(
        server, cloud):
    tc = server.client()
    cluster = clusters.create(tc, 'on-nova', flavor='gt.small')
    STATE['id'] = cluster.id
    cluster = clusters.wait_task(tc, cluster.id, timeout=600)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3, \
        clusters.faults(cluster)
    ips = [i['ip'] for i in cluster.instances]
    assert all(nova_conftest.on_stack_network(ip) for ip in ips)
    servers = _members(cloud, cluster)
    hosts = {getattr(s, 'OS-EXT-SRV-ATTR:host') for s in servers}
    assert len(servers) == 3 and len(hosts) == 3
    group, = [g for g in cloud.server_groups()
              if g.name == 'galeratrove-' + cluster.id]
    assert group.policy == 'anti-affinity'
    assert sorted(group.members) == sorted(s.id for s in servers)
    volumes = {v['name']: v for v in cloud.volumes()}
    for inst in cluster.instances:
        vol = volumes['galeratrove-' + inst['id']]
        assert vol['status'] == 'in-use' and vol['size'] == 1
    # The key each server got is in its user data, not in its metadata.
    for s in servers:
        assert set(s.metadata) == {'galeratrove_cluster_id',
                                   'galeratrove_instance_id'}
    password = tc.root.create_cluster_root(cluster.id)[1]
    with clusters.connect(ips[0], password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE shop')
        assert clusters.wsrep(conn)['wsrep_cluster_size'] == '3'
    with clusters.connect(ips[2], password) as conn, conn.cursor() as cur:
        cur.execute('SET SESSION wsrep_sync_wait = 1')
        cur.execute("SHOW DATABASES LIKE 'shop'")
        assert cur.fetchone() == ('shop',)


def test_a_member_whose_server_is_deleted_is_replaced(server, cloud):
    """Its server deleted behind our back (Nova deletes its volume).

    The health checks fault it; the replace boots a new server on a free
    host, which joins by SST, under writes that all survive.
    """
    tc = server.client()
    cluster = tc.clusters.get(STATE['id'])
    password = tc.root.create_cluster_root(cluster.id)[1]
    victim = cluster.instances[1]
    others = [i['id'] for i in cluster.instances if i != victim]
    doomed, = [s for s in _members(cloud, cluster)
               if s.name == 'galeratrove-' + victim['id']]
    with writes.Load(cluster.ip, password) as load:
        helpers.wait_until(lambda: len(load.acked) > 20, 60, 'writes')
        cloud.nova.servers.delete(doomed.id)
        # Its agent went with it: looked up once it misses 3 heartbeats.
        helpers.wait_until(
            lambda: clusters.faulted_gone(tc, cluster.id, victim['id']),
            180, 'the deleted member faulted')
        tc.clusters._action(cluster.id, {'replace-instance': {
            'id': victim['id']}})
        cluster = clusters.wait_task(tc, cluster.id, timeout=600)
        new = cluster.instances[-1]
        load.follow(new['ip'])
        helpers.wait_until(lambda: load.sampled_at[-1][0] > time.time() -
                           0.5 and len(load.acked) > 100, 60, 'writes')
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3, \
        clusters.faults(cluster)
    assert [i['id'] for i in cluster.instances][:2] == others
    servers = _members(cloud, cluster)
    assert len({getattr(s, 'OS-EXT-SRV-ATTR:host') for s in servers}) == 3
    assert 'galeratrove-' + victim['id'] not in {
        s.name for s in cloud.servers()}
    assert 'galeratrove-' + victim['id'] not in {
        v['name'] for v in cloud.volumes()}
    load.check(ips=cluster.ip)
    with clusters.connect(new['ip'], password) as conn:
        assert clusters.wsrep(conn)['wsrep_cluster_size'] == '3'


def test_grow_and_shrink(server, cloud):
    tc = server.client()
    tc.clusters.grow(STATE['id'], [{'flavorRef': 'gt.small',
                                    'volume': {'size': 1}}])
    cluster = clusters.wait_task(tc, STATE['id'], timeout=600)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 4, \
        clusters.faults(cluster)
    servers = _members(cloud, cluster)
    assert len({getattr(s, 'OS-EXT-SRV-ATTR:host') for s in servers}) == 4
    gone = cluster.instances[0]['id']
    tc.clusters.shrink(STATE['id'], [{'id': gone}])
    cluster = clusters.wait_task(tc, STATE['id'], timeout=300)
    assert len(cluster.instances) == 3
    assert 'galeratrove-' + gone not in {s.name for s in cloud.servers()}
    assert 'galeratrove-' + gone not in {v['name'] for v in cloud.volumes()}


def _failed_grow(tc, flavor):
    """Grow by one of ``flavor``; the fault; shrink the failed node away."""
    tc.clusters.grow(STATE['id'], [{'flavorRef': flavor,
                                    'volume': {'size': 1}}])
    cluster = clusters.wait_task(tc, STATE['id'], timeout=300)
    failed = [i for i in cluster.instances if i['status'] == 'ERROR']
    assert len(failed) == 1, [(i['name'], i['status'], i.get('fault'))
                              for i in cluster.instances]
    failed = failed[0]
    tc.clusters.shrink(STATE['id'], [{'id': failed['id']}])
    clusters.wait_task(tc, STATE['id'], timeout=300)
    return failed['fault']['message']


def test_a_boot_no_host_fits_is_the_instance_fault(server, cloud):
    tc = server.client()
    assert 'No valid host' in _failed_grow(tc, 'gt.huge')
    message = _failed_grow(tc, 'gt.quota')
    assert 'quota is exceeded' in message and 'ram' in message
    assert len(clusters.instances(tc, STATE['id'])) == 3


def test_delete_leaves_nothing_in_the_cloud(server, cloud):
    tc = server.client()
    tc.clusters.delete(STATE['id'])
    clusters.wait_gone(tc, STATE['id'], timeout=300)
    assert cloud.servers() == []
    assert [v for v in cloud.volumes()
            if v['name'].startswith('galeratrove-')] == []
    assert cloud.ports() == []
    assert cloud.server_groups() == []
    assert cloud.security_groups() == []
