"""A real galeratrove-all with real Galera nodes, driven by troveclient."""

import os
import random
import shutil
import signal
import tempfile

from keystoneauth1 import noauth
from keystoneauth1 import session
import pymysql
import pytest
from troveclient.v1 import client as trove_client

from galeratrove.guestagent.datastore.galera_common import process
from tests.functional import helpers

HUGE_FLAVOR = '99'


class Server:
    """One galeratrove-all process with its own state dir and addresses."""

    def __init__(self):
        self.base = tempfile.mkdtemp(prefix='gt-func-', dir='/tmp')
        os.chmod(self.base, 0o755)
        self.state = os.path.join(self.base, 'state')
        self.port = helpers.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        cidr = '127.%d.%d.0/24' % (random.randint(100, 250),
                                   random.randint(1, 250))
        self.conf = helpers.write_conf(os.path.join(self.base, 'gt.conf'), {
            'DEFAULT': {'state_path': self.state, 'bind_port': self.port},
            'local_compute': {
                'cidr': cidr,
                'flavors': '1:m1.tiny:512:1,2:m1.small:1024:1,'
                           '%s:m1.impossible:999999999:1' % HUGE_FLAVOR},
            'cluster': {'join_timeout': 120, 'prepare_timeout': 120,
                        'boot_timeout': 60, 'heartbeat_interval': 1,
                        'health_check_interval': 2}})
        self.svc = None
        self.start()

    def start(self):
        self.svc = helpers.Service('galeratrove-all', self.conf,
                                   os.path.join(self.base, 'all.log'))
        helpers.wait_http(self.url + '/', self.svc.proc)

    def kill(self):
        self.svc.kill(signal.SIGKILL)

    def client(self, tenant='demo'):
        endpoint = '%s/v1.0/%s' % (self.url, tenant)
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
        marker = os.path.join(self.state, 'instances')
        pids = []
        for name in os.listdir('/proc'):
            if name.isdigit() and any(
                    marker in arg for arg in process.cmdline(int(name))):
                pids.append(int(name))
        return pids

    def close(self):
        try:
            tc = self.client()
            for c in tc.clusters.list():
                tc.clusters.delete(c.id)
            helpers.wait_until(lambda: not tc.clusters.list(), 120,
                               'clusters deleted')
        finally:
            self.svc.stop()
            for pid in self.node_pids():
                os.kill(pid, signal.SIGKILL)
            shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope='module')
def server():
    srv = Server()
    yield srv
    srv.close()


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


def instances(tc, cluster_id):
    return tc.clusters.get(cluster_id).instances


def create(tc, name, n=3, flavor='2', size=1):
    return tc.clusters.create(name, 'mariadb', '10.11', instances=[
        {'flavorRef': flavor, 'volume': {'size': size}} for _ in range(n)])
