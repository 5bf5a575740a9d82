"""Two data nodes and an arbitrator on real Nova: no volume for garbd.

The arbitrator's server boots without a Cinder volume; its guest agent
runs garbd, which counts in the data nodes' Primary component.
"""

from tests.functional.clusters import conftest as clusters

DATA = {'flavorRef': 'gt.small', 'volume': {'size': 1}}
ARBITRATOR = {'flavorRef': 'gt.small', 'type': 'arbitrator'}


def test_two_data_nodes_and_an_arbitrator_on_nova(server, cloud):
    tc = server.client()
    cluster = tc.clusters.create('arbitrated-nova', 'mariadb', '10.11',
                                 instances=[DATA, DATA, ARBITRATOR])
    cluster = clusters.wait_task(tc, cluster.id, timeout=600)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3, \
        clusters.faults(cluster)
    types = {i['id']: i['type'] for i in cluster.instances}
    arbitrator, = [i for i, t in types.items() if t == 'arbitrator']
    volumes = {v['name'] for v in cloud.volumes()}
    assert 'galeratrove-' + arbitrator not in volumes
    for iid, kind in types.items():
        if kind == 'member':
            assert 'galeratrove-' + iid in volumes
    servers = {s.name for s in cloud.servers()}
    assert {'galeratrove-' + i for i in types} <= servers
    assert len(cluster.ip) == 2
    password = tc.root.create_cluster_root(cluster.id)[1]
    for status in clusters.wsrep_of(cluster.ip, password).values():
        assert status['wsrep_cluster_status'] == 'Primary'
        assert status['wsrep_cluster_size'] == '3'
    tc.clusters.delete(cluster.id)
    clusters.wait_gone(tc, cluster.id, timeout=300)
    assert 'galeratrove-' + arbitrator not in {
        s.name for s in cloud.servers()}
