"""A 3-node cluster whose members join by mariabackup SST.

mariabackup streams through socat, which listens on every address unless
the node's configuration binds it: members sharing a host (the local
driver) then took each other's state transfer and the joiner died.
"""

import pytest

from tests.functional.clusters import conftest as clusters


@pytest.fixture(scope='module')
def server():
    sections = clusters.cluster_sections()
    sections['mariadb'] = {'sst_method': 'mariabackup'}
    with clusters.Server(tag='mbsst', sections=sections) as srv:
        yield srv


def test_every_member_joins_and_a_grow_joins_too(server):
    tc = server.client()
    cluster = clusters.wait_task(tc, clusters.create(tc, 'mbsst').id)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3, \
        clusters.faults(cluster)
    tc.clusters.grow(cluster.id, [{'flavorRef': '2', 'volume': {'size': 1}}])
    cluster = clusters.wait_task(tc, cluster.id)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 4, \
        clusters.faults(cluster)
    password = tc.root.create_cluster_root(cluster.id)[1]
    for status in clusters.wsrep_of(cluster.ip, password).values():
        assert status['wsrep_cluster_size'] == '4'
        assert status['wsrep_local_state_comment'] == 'Synced'
    for inst in cluster.instances[1:]:
        log = server.instance_dir(inst['id']) + '/node/log/error.log'
        with open(log) as f:
            assert 'TCP-LISTEN:4444,reuseaddr,bind=%s ' % inst['ip'] \
                in f.read()
    tc.clusters.delete(cluster.id)
    clusters.wait_gone(tc, cluster.id)
