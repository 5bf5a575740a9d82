"""A TLS cluster on real Nova: the nodes' certificates name their Neutron
addresses, sessions are encrypted and verify, plaintext is refused.

Two data nodes and an arbitrator: garbd joins the TLS-only group with a
certificate of its own, or the size would be 2.
"""

import pymysql
import pytest
import requests

from tests.functional.clusters import conftest as clusters
from tests.functional.clusters.test_tls import tls_connect
from tests.functional.nova import conftest as nova_conftest


def test_a_tls_cluster_on_nova(server, tmp_path):
    resp = requests.post(server.endpoint('demo') + '/clusters', json={
        'cluster': {'name': 'tls-on-nova', 'tls': True,
                    'datastore': {'type': 'mariadb', 'version': '10.11'},
                    'instances': [{'flavorRef': 'gt.small',
                                   'volume': {'size': 1}}] * 2 + [
                        {'flavorRef': 'gt.small', 'type': 'arbitrator'}]}},
        timeout=30)
    assert resp.status_code == 200, resp.text
    tc = server.client()
    cluster = clusters.wait_task(tc, resp.json()['cluster']['id'],
                                 timeout=600)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3, \
        clusters.faults(cluster)
    assert tc.clusters.get(cluster.id).to_dict()['tls'] is True
    ca = tmp_path / 'ca.pem'
    ca.write_text(requests.get(
        server.endpoint('demo') + '/clusters/%s/ca' % cluster.id,
        timeout=10).json()['ca_certificate'])
    password = tc.root.create_cluster_root(cluster.id)[1]
    assert len(cluster.ip) == 2
    for ip in cluster.ip:
        assert nova_conftest.on_stack_network(ip)
        with tls_connect(ip, str(ca), password) as conn, \
                conn.cursor() as cur:
            cur.execute("SHOW STATUS LIKE 'Ssl_cipher'")
            assert cur.fetchone()[1]
            assert clusters.wsrep(conn)['wsrep_cluster_size'] == '3'
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host=cluster.ip[0], port=3306, user='root',
                        password=password, connect_timeout=5,
                        ssl_disabled=True)
    tc.clusters.delete(cluster.id)
    clusters.wait_gone(tc, cluster.id, timeout=300)
