"""The production shape: separate API, conductor and taskmanager processes
over RabbitMQ with MariaDB for SQL; every guest agent its own process."""

import os
import shutil
import signal
import tempfile

import pytest
import sqlalchemy as sa

from galeratrove.guestagent.datastore.galera_common import process
from tests.conftest import MARIADB_URL
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import Server
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional import helpers


class Distributed(Server):

    def __init__(self):
        self.base = tempfile.mkdtemp(prefix='gt-dist-', dir='/tmp')
        os.chmod(self.base, 0o755)
        self.state = os.path.join(self.base, 'state')
        self.port = helpers.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.db_name = 'gt_dist_%s' % os.path.basename(self.base)[-8:]
        self.db_name = ''.join(c for c in self.db_name if c.isalnum() or
                               c == '_')
        self.admin = sa.create_engine(MARIADB_URL + '/',
                                      isolation_level='AUTOCOMMIT')
        with self.admin.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE %s' % self.db_name))
        default = helpers.rabbit_sections(self.state)
        default['bind_port'] = self.port
        self.conf = helpers.write_conf(os.path.join(self.base, 'gt.conf'), {
            'DEFAULT': default,
            'database': {'connection': '%s/%s' % (MARIADB_URL,
                                                  self.db_name)},
            'local_compute': {'cidr': '127.%d.%d.0/24' % (
                os.getpid() % 150 + 100, os.getpid() % 200 + 1)},
            'cluster': {'heartbeat_interval': 2}})
        for command in (['db', 'sync'], ['datastore-register-installed']):
            helpers.run(['galeratrove-manage', '--config-file', self.conf]
                        + command)
        self.services = []
        for name in ('galeratrove-conductor', 'galeratrove-taskmanager',
                     'galeratrove-api'):
            self.services.append(helpers.Service(
                name, self.conf, os.path.join(self.base, name + '.log')))
        self.svc = self.services[-1]
        helpers.wait_http(self.url + '/', self.svc.proc)

    def agent_pids(self):
        marker = 'guest_info.conf'
        return [int(p) for p in os.listdir('/proc') if p.isdigit() and any(
            marker in a and self.base in a
            for a in process.cmdline(int(p)))]

    def close(self):
        try:
            for svc in self.services:
                svc.stop()
        finally:
            for pid in self.node_pids() + self.agent_pids():
                os.kill(pid, signal.SIGKILL)
            with self.admin.connect() as conn:
                conn.execute(sa.text('DROP DATABASE %s' % self.db_name))
            self.admin.dispose()
            shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope='module')
def distributed():
    srv = Distributed()
    yield srv
    srv.close()


def test_cluster_over_rabbitmq_with_guest_agent_processes(distributed):
    tc = distributed.client()
    cluster = wait_task(tc, create(tc, 'dist').id)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    agents = distributed.agent_pids()
    assert len(agents) == 3
    assert all('galeratrove.cmd.guestagent' in ' '.join(
        process.cmdline(pid)) for pid in agents)
    helpers.wait_until(
        lambda: all(tc.client.get('/clusters/%s/instances/%s' % (
            cluster.id, i['id']))[1]['instance'].get('galera', {}).get(
            'wsrep_cluster_size') == 3 for i in cluster.instances),
        30, 'heartbeats from every guest process')
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)
    assert distributed.agent_pids() == []
    assert distributed.node_pids() == []
