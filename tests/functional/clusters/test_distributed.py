"""The production shape: separate API, conductor and taskmanager processes
over RabbitMQ with MariaDB for SQL; every guest agent its own process."""

import json
import os
import stat
import subprocess
import sys
import uuid

import pymysql
import pytest
import sqlalchemy as sa

from galeratrove.guestagent.datastore.galera_common import process
from tests.conftest import MARIADB_URL
from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import member_view
from tests.functional.clusters.conftest import Server
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional import helpers


class Distributed(Server):

    def __init__(self):
        self.db_name = 'gt_dist_%s' % uuid.uuid4().hex[:8]
        self.admin = sa.create_engine(MARIADB_URL + '/',
                                      isolation_level='AUTOCOMMIT')
        self.rabbit = helpers.rabbit_sections()
        super().__init__('dist', sections={
            'DEFAULT': self.rabbit,
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


def test_a_guest_cannot_forge_or_read_another_guests_rpc(distributed,
                                                         tmp_path):
    """The attack of issue 15, from a process holding one guest's config."""
    mallory, victim = distributed.client('mallory'), distributed.client('bob')
    ids = [create(tc, name).id for tc, name in ((mallory, 'm'), (victim, 'b'))]
    ours, theirs = [wait_task(tc, cid) for tc, cid in zip((mallory, victim),
                                                          ids)]
    target = theirs.instances[0]
    guest_conf = os.path.join(distributed.state, 'instances',
                              ours.instances[0]['id'], 'guest_info.conf')
    # What the guest was given: its own identity and key, nothing else.
    assert stat.S_IMODE(os.stat(guest_conf).st_mode) == 0o600
    with open(guest_conf) as f:
        given = f.read()
    with open(distributed.conf) as f:
        control_plane = f.read()
    assert distributed.db_name in control_plane
    for secret in (distributed.db_name, 'mysql+pymysql', 'service_key',
                   'keystone'):
        assert secret not in given

    env = dict(os.environ, GT_ATTACK_DIR=str(tmp_path),
               GT_VICTIM_INSTANCE=target['id'], GT_VICTIM_CLUSTER=theirs.id,
               GT_TASKMANAGER_QUEUE=distributed.rabbit['taskmanager_queue'])
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    attacker = subprocess.Popen(
        [sys.executable, '-m', 'tests.functional.clusters.attacker',
         '--config-file', guest_conf], cwd=root, env=env,
        stdout=open(str(tmp_path / 'attacker.log'), 'wb'),
        stderr=subprocess.STDOUT)
    try:
        helpers.wait_until(lambda: (tmp_path / 'listening').exists() or
                           attacker.poll() is not None, 60, 'the spy')
        # Traffic worth stealing: a root password and a cluster context.
        password = victim.root.create_cluster_root(theirs.id)[1]
        open(str(tmp_path / 'go'), 'w').close()
        assert attacker.wait(180) == 0, (tmp_path / 'attacker.log'
                                         ).read_text()
    finally:
        if attacker.poll() is None:
            attacker.kill()
    results = json.loads((tmp_path / 'results.json').read_text())
    calls = {k: v for k, v in results.items() if isinstance(v, str)}
    assert len(calls) == 8
    assert all(v.startswith('failed') for v in calls.values()), results
    assert results['victim messages seen'] > 0
    assert results['victim messages opened'] == 0
    captured = (tmp_path / 'captured.txt').read_text()
    assert password not in captured and 'wsrep' not in captured

    # Every forged or replayed heartbeat was refused or ignored...
    log_path = os.path.join(distributed.root, 'galeratrove-conductor.log')

    def conductor_saw_them():
        with open(log_path) as f:
            lines = f.read().splitlines()

        def count(text):
            return len([line for line in lines if text in line])
        return (count("Refused a heartbeat for '%s'" % target['id']) and
                count("not sealed by '%s'" % target['id']) and
                count('Refused a sealed message: a replay') == 2 and
                count('NoSuchMethod'))
    helpers.wait_until(conductor_saw_them, 60, lambda: '\n'.join(
        line for line in open(log_path).read().splitlines()
        if 'heartbeat' in line or 'Refused' in line or 'NoSuch' in line))
    # ... so the victim's node shows the state its own guest reports.
    helpers.wait_until(
        lambda: member_view(victim, theirs.id, target['id']).get(
            'galera', {}).get('running') is True, 30, 'its own heartbeat')
    assert member_view(victim, theirs.id, target['id'])['status'] == 'ACTIVE'
    # The victim's root password is the one the API gave, nothing else.
    with pytest.raises(pymysql.err.OperationalError):
        connect(target['ip'], 'pwned-by-guest')
    conn = connect(target['ip'], password)
    with conn.cursor() as cur:
        cur.execute('CREATE DATABASE still_ours')
    conn.close()
    # And both clusters keep working.
    for tc, cluster in ((mallory, ours), (victim, theirs)):
        assert [i['status'] for i in tc.clusters.get(cluster.id).instances
                ] == ['ACTIVE'] * 3
        tc.clusters.delete(cluster.id)
    for tc, cluster in ((mallory, ours), (victim, theirs)):
        wait_gone(tc, cluster.id)
