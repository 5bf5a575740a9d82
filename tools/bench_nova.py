"""Benchmark: a 3-node create through the nova driver, against the same
three servers booted straight through novaclient plus the hand bootstrap.

Both on the real OpenStack test stack (tests/openstack, three
nova-compute hosts), in the same run. Through the API: POST a cluster,
until every instance is ACTIVE. By hand: an anti-affinity server group,
three Cinder volumes, three servers with them (novaclient, in parallel),
then the same GaleraNode calls as tools/bench.py at the servers' Neutron
addresses with the volumes as data directories.
"""

import concurrent.futures
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from cinderclient import client as cinder_client  # noqa: E402
from novaclient import client as nova_client  # noqa: E402
from novaclient import exceptions as nova_exceptions  # noqa: E402

from galeratrove.common import utils  # noqa: E402
from galeratrove.guestagent.datastore.galera_common import node as gnode  # noqa: E402,E501
from tests.functional.clusters import conftest as clusters  # noqa: E402
from tests.functional.nova import conftest as nova_conftest  # noqa: E402
from tests.openstack import bring_up  # noqa: E402


def through_api(stack):
    sections = nova_conftest._nova_sections(stack)
    with clusters.Server(tag='bench-nova', sections=sections) as srv:
        tc = srv.client()
        t0 = time.monotonic()
        cluster = clusters.create(tc, 'bench', flavor='gt.small')
        cluster = clusters.wait_task(tc, cluster.id, timeout=600)
        elapsed = time.monotonic() - t0
        bad = [i for i in cluster.instances if i['status'] != 'ACTIVE']
        if bad:
            raise SystemExit('instances failed: %s' % bad)
        tc.clusters.delete(cluster.id)
        clusters.wait_gone(tc, cluster.id, timeout=300)
    return elapsed


def _gone(nova, server_id):
    try:
        nova.servers.get(server_id)
    except nova_exceptions.NotFound:
        return True
    return False


def by_hand(stack):
    sess = bring_up.session(stack, user='galeratrove', project='service')
    nova = nova_client.Client('2.64', session=sess)
    cinder = cinder_client.Client('3.0', session=sess)
    cls = gnode.get_node_class('mariadb')
    servers, volumes, nodes = [], [], []
    t0 = time.monotonic()
    group = nova.server_groups.create(name='bench', policy='anti-affinity')
    try:
        volumes = [cinder.volumes.create(1, name='bench-%d' % i)
                   for i in range(3)]
        for vol in volumes:
            utils.wait_for(lambda: cinder.volumes.get(vol.id).status ==
                           'available', 60, what='volume available')
        servers = [nova.servers.create(
            'bench-%d' % i, stack.image_id, 'gt.small',
            nics=[{'net-id': stack.network_id}],
            scheduler_hints={'group': group.id},
            userdata='#!/bin/sh\nexec sleep infinity\n',
            block_device_mapping_v2=[{
                'uuid': vol.id, 'source_type': 'volume',
                'destination_type': 'volume', 'boot_index': -1,
                'delete_on_termination': True}])
            for i, vol in enumerate(volumes)]
        active = [utils.wait_for(
            lambda s=s: (lambda g: g if g.status == 'ACTIVE' else None)(
                nova.servers.get(s.id)), 120, max_interval=1,
            what='server ACTIVE') for s in servers]
        for server, vol in zip(active, volumes):
            host = getattr(server, 'OS-EXT-SRV-ATTR:host')
            address = [a['addr'] for net in server.addresses.values()
                       for a in net][0]
            base = os.path.join(stack.path('nova-' + host, 'volumes'),
                                vol.id, 'node')
            nodes.append(cls(base, address))
        members = [n.address for n in nodes]

        def prepare(index):
            node = nodes[index]
            node.initialize()
            node.secure('os_admin', 'bench-password-1')
            node.write_cluster_config('bench', 'n%d' % index, members,
                                      memory_mb=1024)
        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            list(pool.map(prepare, range(3)))
        for i, node in enumerate(nodes):
            node.start(bootstrap=(i == 0), timeout=300)
        return time.monotonic() - t0
    finally:
        for node in nodes:
            node.destroy(timeout=0)
        for server in servers:
            server.delete()
        for server in servers:
            utils.wait_for(lambda s=server: _gone(nova, s.id), 120,
                           what='server deleted')
        nova.server_groups.delete(group.id)


def main():
    stack = bring_up.up(hosts=3)
    try:
        hand = by_hand(stack)
        api = through_api(stack)
    finally:
        bring_up.down(stack)
    print('%-28s %9s %9s %7s %10s' % ('operation', 'by hand', 'API',
                                      'ratio', 'overhead'))
    print('%-28s %8.2fs %8.2fs %6.2fx %+9.2fs' % (
        'create 3 nodes on Nova', hand, api, api / hand, api - hand))


if __name__ == '__main__':
    main()
