"""Two API processes, two taskmanagers, a conductor and guest agent
processes over RabbitMQ (a vhost of its own), MariaDB as the SQL store."""

import os
import shutil
import subprocess
import sys
import uuid

from cryptography import fernet
import pytest
import sqlalchemy as sa

from tests.conftest import MARIADB_URL
from tests.functional.clusters import conftest as clusters
from tests.functional import helpers

LEASE = 6
HOSTS = ('tm-a', 'tm-b')
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))


def _rabbitmqctl(*args):
    subprocess.run(['rabbitmqctl', '-q'] + list(args), check=True,
                   capture_output=True, timeout=60)


class ControlPlane(clusters.Server):

    def __init__(self):
        tag = uuid.uuid4().hex[:8]
        self.db_name = 'gt_failover_%s' % tag
        self.vhost = 'gt-failover-%s' % tag
        self.admin = sa.create_engine(MARIADB_URL + '/',
                                      isolation_level='AUTOCOMMIT')
        url = '%s/%s' % (MARIADB_URL, self.db_name)
        self.sections = {
            'DEFAULT': {'transport_url': '%s%s' % (helpers.RABBIT_URL,
                                                   self.vhost)},
            'database': {'connection': url},
            'rpc_auth': {'service_key': fernet.Fernet.generate_key().decode()},
            'taskmanager': {'operation_lease_seconds': LEASE},
            'mariadb': {'min_cluster_member_count': 1},
            'local_compute': {'flavors': '1:m1.tiny:512:1,2:m1.small:1024:1'},
            'cluster': {'join_timeout': 180, 'prepare_timeout': 180,
                        'boot_timeout': 90, 'heartbeat_interval': 2,
                        'health_check_interval': 2}}
        super().__init__('failover', sections=self.sections)
        self.api_ports = [self.port, helpers.free_port()]
        self.urls = ['http://127.0.0.1:%d' % p for p in self.api_ports]
        self.db = sa.create_engine(url)
        self.apis, self.tms, self.others = [None, None], {}, []

    def _conf(self, name, extra):
        with open(self.conf) as f:
            base = f.read()
        path = os.path.join(self.root, name + '.conf')
        with open(path, 'w') as f:
            f.write(base)
            for section, values in extra.items():
                f.write('[%s]\n' % section)
                for key, value in values.items():
                    f.write('%s = %s\n' % (key, value))
        os.chmod(path, 0o600)
        return path

    def _service(self, command, name, extra):
        return helpers.Service(command, self._conf(name, extra),
                               os.path.join(self.root, name + '.log'))

    def start(self, timeout=90):
        with self.admin.connect() as conn:
            conn.execute(sa.text('CREATE DATABASE %s' % self.db_name))
        _rabbitmqctl('add_vhost', self.vhost)
        _rabbitmqctl('set_permissions', '-p', self.vhost, 'guest',
                     '.*', '.*', '.*')
        for command in (['db', 'sync'], ['datastore-register-installed']):
            helpers.run(['galeratrove-manage', '--config-file', self.conf]
                        + command)
        self.others.append(helpers.Service(
            'galeratrove-conductor', self.conf,
            os.path.join(self.root, 'conductor.log')))
        for host in HOSTS:
            self.start_taskmanager(host)
        for i in range(2):
            self.start_api(i, timeout)
        return self

    def start_taskmanager(self, host):
        """Start it; return once it answers a call sent to it alone."""
        self.tms[host] = self._service('galeratrove-taskmanager', host,
                                       {'taskmanager': {'host': host}})
        out = subprocess.run(
            [sys.executable, '-m', 'tests.functional.failover.ping',
             self.conf, host], capture_output=True, text=True, timeout=180,
            cwd=ROOT)
        assert out.stdout.strip() == 'pong', out.stdout + out.stderr

    def start_api(self, i, timeout=90):
        # The base config's [DEFAULT] comes first: a second one overrides.
        self.apis[i] = self._service(
            'galeratrove-api', 'api-%d' % i,
            {'DEFAULT': {'bind_port': self.api_ports[i]}})
        helpers.wait_http(self.urls[i] + '/', self.apis[i].proc, timeout)

    def stop_api(self, i):
        self.apis[i].stop()

    @property
    def svc(self):
        return self.apis[0]

    @svc.setter
    def svc(self, value):
        pass

    def stop(self):
        for svc in self.apis + list(self.tms.values()) + self.others:
            if svc is not None:
                svc.stop()

    def log(self, tail=4000):
        text = ''
        for name in os.listdir(self.root):
            if name.endswith('.log'):
                with open(os.path.join(self.root, name),
                          errors='replace') as f:
                    text += '--- %s\n%s' % (name, f.read()[-tail:])
        return text

    def query(self, sql, **params):
        with self.db.connect() as conn:
            return list(conn.execute(sa.text(sql), params))

    def operation(self, op_id):
        return self.query('SELECT id, kind, state, owner FROM operations '
                          'WHERE id = :id', id=op_id)[0]

    def operations(self, cluster_id):
        return self.query('SELECT id, kind, state, owner FROM operations '
                          'WHERE cluster_id = :c ORDER BY created',
                          c=cluster_id)

    def steps(self, op_id):
        return self.query('SELECT name, owner, state, started, finished '
                          'FROM operation_steps WHERE operation_id = :id '
                          'ORDER BY id', id=op_id)

    def keep_logs(self):
        """The services' logs survive the run in /tmp/gt-failover-logs."""
        keep = os.path.join('/tmp', 'gt-failover-logs')
        shutil.rmtree(keep, ignore_errors=True)
        os.makedirs(keep)
        for name in os.listdir(self.root):
            if name.endswith('.log'):
                shutil.copy(os.path.join(self.root, name), keep)

    def close(self, *args, **kwargs):
        try:
            super().close(*args, **kwargs)
        finally:
            self.db.dispose()
            with self.admin.connect() as conn:
                conn.execute(sa.text('DROP DATABASE IF EXISTS %s'
                                     % self.db_name))
            self.admin.dispose()
            subprocess.run(['rabbitmqctl', '-q', 'delete_vhost', self.vhost],
                           capture_output=True, timeout=60)


@pytest.fixture(scope='module')
def plane():
    with ControlPlane() as cp:
        yield cp
