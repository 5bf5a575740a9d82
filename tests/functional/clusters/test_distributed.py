"""The production shape: separate API, conductor and taskmanager processes
over RabbitMQ with MariaDB for SQL; every guest agent its own process."""

import os
import uuid

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
        self.db_name = 'gt_dist_%s' % uuid.uuid4().hex[:8]
        self.admin = sa.create_engine(MARIADB_URL + '/',
                                      isolation_level='AUTOCOMMIT')
        super().__init__('dist', sections={
            'DEFAULT': helpers.rabbit_sections(),
            'database': {'connection': '%s/%s' % (MARIADB_URL,
                                                  self.db_name)},
            'cluster': {'heartbeat_interval': 2}})
        self.services = []

    def start(self, timeout=60):
        with self.admin.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE %s' % self.db_name))
        for command in (['db', 'sync'], ['datastore-register-installed']):
            helpers.run(['galeratrove-manage', '--config-file', self.conf]
                        + command)
        for name in ('galeratrove-conductor', 'galeratrove-taskmanager',
                     'galeratrove-api'):
            self.services.append(helpers.Service(
                name, self.conf, os.path.join(self.root, name + '.log')))
        self.svc = self.services[-1]
        self.wait_api(timeout)
        return self

    def stop(self):
        for svc in self.services:
            svc.stop()

    def agent_pids(self):
        marker = 'guest_info.conf'
        return [int(p) for p in os.listdir('/proc') if p.isdigit() and any(
            marker in a and self.root in a
            for a in process.cmdline(int(p)))]

    def close(self, *args, **kwargs):
        try:
            super().close(*args, **kwargs)
        finally:
            with self.admin.connect() as conn:
                conn.execute(sa.text('DROP DATABASE IF EXISTS %s'
                                     % self.db_name))
            self.admin.dispose()


@pytest.fixture(scope='module')
def distributed():
    with Distributed() as srv:
        yield srv


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
