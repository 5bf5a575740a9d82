"""A real galeratrove-all with real Galera nodes, driven by troveclient."""

import os

from keystoneauth1 import noauth
from keystoneauth1 import session
import pymysql
import pytest
from troveclient.v1 import client as trove_client

from tests.functional import helpers

HUGE_FLAVOR = '99'


def cluster_sections(**cluster):
    """The cluster tests' configuration; ``cluster`` options over it."""
    return {
        'local_compute': {
            'flavors': '1:m1.tiny:512:1,2:m1.small:1024:1,'
                       '%s:m1.impossible:999999999:1' % HUGE_FLAVOR},
        'cluster': dict({'join_timeout': 120, 'prepare_timeout': 120,
                         'boot_timeout': 60, 'heartbeat_interval': 1,
                         'health_check_interval': 2}, **cluster)}


class Server(helpers.Server):
    """galeratrove-all for the cluster tests, and a look at its nodes."""

    def __init__(self, tag='func', sections=None):
        if sections is None:
            sections = cluster_sections()
        super().__init__(tag, sections=sections)

    def client(self, tenant='demo'):
        endpoint = self.endpoint(tenant)
        sess = session.Session(auth=noauth.NoAuth(endpoint=endpoint))
        return trove_client.Client(session=sess, endpoint_override=endpoint)

    def instance_dir(self, instance_id):
        return os.path.join(self.state, 'instances', instance_id)

    def node_config(self, instance_id):
        path = os.path.join(self.instance_dir(instance_id), 'node', 'conf',
                            'galera.cnf')
        with open(path) as f:
            return path, f.read()

    def node_pids(self):
        """Processes of the instances (database servers, SST helpers)."""
        return helpers.pids_mentioning(os.path.join(self.state, 'instances'))


@pytest.fixture(scope='module')
def server():
    with Server() as srv:
        yield srv


def wait_task(tc, cluster_id, timeout=180):
    """Until the cluster's task is NONE; returns the cluster."""
    def done():
        c = tc.clusters.get(cluster_id)
        return c if c.task['name'] == 'NONE' else None
    return helpers.wait_until(done, timeout, 'cluster %s task NONE'
                              % cluster_id)


def wait_gone(tc, cluster_id, timeout=120):
    def gone():
        return not [c for c in tc.clusters.list() if c.id == cluster_id]
    helpers.wait_until(gone, timeout, 'cluster %s deleted' % cluster_id)


def connect(ip, password, user='root'):
    return pymysql.connect(host=ip, port=3306, user=user, password=password,
                           connect_timeout=5, autocommit=True)


def wsrep(conn):
    with conn.cursor() as cur:
        cur.execute("SHOW STATUS LIKE 'wsrep_%'")
        return dict(cur.fetchall())


def wsrep_of(ips, password):
    """Each node's wsrep status, by address."""
    found = {}
    for ip in ips:
        with connect(ip, password) as conn:
            found[ip] = wsrep(conn)
    return found


def member_view(tc, cluster_id, instance_id):
    """GET /clusters/{id}/instances/{iid}: a member with its galera state."""
    return tc.client.get('/clusters/%s/instances/%s' % (
        cluster_id, instance_id))[1]['instance']


def faulted_gone(tc, cluster_id, instance_id):
    """The member is ERROR with the fault saying its server is gone."""
    shown = member_view(tc, cluster_id, instance_id)
    fault = (shown.get('fault') or {}).get('message', '')
    return shown['status'] == 'ERROR' and 'Replace it' in fault


def instances(tc, cluster_id):
    return tc.clusters.get(cluster_id).instances


def create(tc, name, n=3, flavor='2', size=1):
    return tc.clusters.create(name, 'mariadb', '10.11', instances=[
        {'flavorRef': flavor, 'volume': {'size': size}} for _ in range(n)])


def faults(cluster):
    """Every instance's fault message in full, for an assertion message.

    pytest shortens a list's repr, and with it the cloud's reason.
    """
    return '\n'.join('%s: %s' % (i['id'], (i.get('fault') or {}).get(
        'message', '')) for i in cluster.instances if i.get('fault'))
