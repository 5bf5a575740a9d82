"""Real Keystone, Placement, Nova, Neutron, Glance, Cinder, Swift on loopback.

Installed from PyPI into a cached venv (tools/openstack-venv), configured in
a directory of their own, on free ports below 32768, with databases of
their own on the local MariaDB and a vhost of their own on the local
RabbitMQ. nova-compute runs the project's process "hypervisor"
(plugins/gt_process.py) on several hosts, Neutron binds ports with
plugins/gt_bind_all.py, Cinder uses its own fake volume driver, Swift's
proxy (Keystone auth, TempURLs, large objects) stores on one device of a
directory. Stopped by
pid (SIGTERM, then SIGKILL), databases and vhost dropped.

    .venv/bin/python -m tests.openstack.stack   # start, print, wait
"""

import configparser
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pymysql

from galeratrove.common import utils
from tests.openstack import configs

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLUGINS = os.path.join(HERE, 'plugins')
# What the shared venv holds as nova.virt.gt_process: a name, no code.
SHIM = ('# galeratrove test virt driver, found on the service PYTHONPATH\n'
        'from gt_process import ProcessDriver  # noqa: F401\n')
SERVICES = ('keystone', 'placement', 'nova', 'neutron', 'glance', 'cinder',
            'swift', 'swift-account', 'swift-container', 'swift-object')
DATABASES = ('keystone', 'placement', 'nova_api', 'nova_cell0',
             'nova_cell1', 'neutron', 'glance', 'cinder')


def free_ports(count, low=20000, high=32000):
    """Ports nothing listens on, below the ephemeral range."""
    ports = []
    start = low + (os.getpid() * 7) % (high - low)
    for offset in range(high - low):
        port = low + (start - low + offset) % (high - low)
        with socket.socket() as sock:
            try:
                sock.bind(('127.0.0.1', port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError('no free ports')


class Stack:

    def __init__(self, workdir, hosts=3, mysql_host='127.0.0.1'):
        self.id = uuid.uuid4().hex[:8]
        self.workdir = workdir
        # Each node's database server runs as its own OS user, which must
        # traverse to the volume directories.
        os.chmod(workdir, 0o711)
        self.hosts = ['gt-host-%d' % (n + 1) for n in range(hosts)]
        self.ports = dict(zip(SERVICES, free_ports(len(SERVICES))))
        self.vhost = 'gtos-%s' % self.id
        self.transport_url = 'rabbit://guest:guest@127.0.0.1:5672/%s' % (
            self.vhost)
        self.mysql_host = mysql_host
        self.procs = {}
        self.venv = None

    # Paths and addresses --------------------------------------------------

    def path(self, *parts):
        path = os.path.join(self.workdir, *parts)
        os.makedirs(path if not os.path.splitext(path)[1] else
                    os.path.dirname(path), exist_ok=True)
        return path

    def venv_path(self, *parts):
        return os.path.join(self.venv, *parts)

    def url(self, service):
        base = 'http://127.0.0.1:%d' % self.ports[service]
        return base + '/v3' if service == 'keystone' else base

    def db_name(self, name):
        return 'gtos_%s_%s' % (self.id, name)

    def db_url(self, name):
        return 'mysql+pymysql://root@%s/%s?charset=utf8' % (
            self.mysql_host, self.db_name(name))

    # Set-up steps ---------------------------------------------------------

    def install(self):
        out = subprocess.run([os.path.join(REPO, 'tools', 'openstack-venv')],
                             check=True, capture_output=True, text=True)
        self.venv = out.stdout.strip()
        self._install_plugins()

    def _install_plugins(self):
        """Our virt and mechanism drivers, importable by the services.

        The venv is shared by every checkout on the machine, so it holds
        only a shim naming our modules; each service finds them through
        the PYTHONPATH this checkout's start() gives it.
        """
        site = subprocess.run(
            [self.venv_path('bin', 'python'), '-c',
             'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
            check=True, capture_output=True, text=True).stdout.strip()
        shim = os.path.join(site, 'nova', 'virt', 'gt_process.py')
        _write_if_changed(shim, SHIM)
        stale = os.path.join(site, 'gt_stack_plugins.pth')
        if os.path.exists(stale):
            os.unlink(stale)
        info = os.path.join(site, 'gt_stack_plugins-0.0.0.dist-info')
        os.makedirs(info, exist_ok=True)
        _write_if_changed(os.path.join(info, 'METADATA'),
                          'Metadata-Version: 2.1\nName: gt-stack-plugins\n'
                          'Version: 0.0.0\n')
        _write_if_changed(os.path.join(info, 'entry_points.txt'),
                          '[neutron.ml2.mechanism_drivers]\n'
                          'gt_bind_all = gt_bind_all:BindAllMechanismDriver\n')

    def create_backends(self):
        conn = pymysql.connect(host=self.mysql_host, user='root',
                               autocommit=True)
        with conn.cursor() as cur:
            for name in DATABASES:
                cur.execute('CREATE DATABASE %s CHARACTER SET utf8'
                            % self.db_name(name))
        conn.close()
        subprocess.run(['rabbitmqctl', '-q', 'add_vhost', self.vhost],
                       check=True)
        subprocess.run(['rabbitmqctl', '-q', 'set_permissions', '-p',
                        self.vhost, 'guest', '.*', '.*', '.*'], check=True)

    def write_conf(self, name, values):
        parser = configparser.RawConfigParser()
        for section, options in values.items():
            if section != 'DEFAULT':
                parser.add_section(section)
            for key, value in options.items():
                parser.set(section, key, value)
        path = self.path('etc', name)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            parser.write(f)
        return path

    def run(self, *argv):
        """A management command of the venv; its output on failure."""
        cmd = [self.venv_path('bin', argv[0])] + list(argv[1:])
        done = subprocess.run(cmd, capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=PLUGINS))
        if done.returncode:
            raise RuntimeError('%s failed:\n%s%s' % (
                ' '.join(argv[:3]), done.stdout[-3000:], done.stderr[-3000:]))
        return done.stdout

    def start(self, name, argv, env=None):
        log = open(self.path('logs', name + '.out'), 'ab')
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=self.workdir,
                                env=dict(os.environ, PYTHONPATH=PLUGINS,
                                         **(env or {})),
                                start_new_session=True)
        log.close()
        self.procs[name] = proc
        return proc

    def check_running(self):
        """Raises with the log's tail when a service has exited."""
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                path = self.path('logs', name + '.out')
                with open(path, errors='replace') as f:
                    tail = f.read()[-3000:]
                raise RuntimeError('%s exited (%s); %s ends:\n%s' % (
                    name, proc.returncode, path, tail))

    def serve(self, name, module, port, env=None, argv=()):
        """A WSGI application in the venv's threaded server runner."""
        return self.start(name, [
            self.venv_path('bin', 'python'),
            os.path.join(HERE, 'wsgi_serve.py'), module, str(port)] +
            list(argv), env=env)

    def wait_http(self, service, path='/', timeout=120):
        import requests

        def up():
            self.check_running()
            try:
                return requests.get('http://127.0.0.1:%d%s' % (
                    self.ports[service], path), timeout=5).status_code < 500
            except requests.ConnectionError:
                return False
        utils.wait_for(up, timeout, max_interval=1,
                       what='%s answering' % service)

    # Stop -----------------------------------------------------------------

    def stop(self):
        for proc in self.procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for proc in self.procs.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs.clear()

    def drop_backends(self):
        conn = pymysql.connect(host=self.mysql_host, user='root',
                               autocommit=True)
        with conn.cursor() as cur:
            for name in DATABASES:
                cur.execute('DROP DATABASE IF EXISTS %s' % self.db_name(name))
        conn.close()
        subprocess.run(['rabbitmqctl', '-q', 'delete_vhost', self.vhost])


def _write_if_changed(path, text):
    """Atomically, so a service starting meanwhile sees old or new."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = '%s.%d.tmp' % (path, os.getpid())
    with open(tmp, 'w') as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    from tests.openstack import bring_up
    stack = bring_up.up(sys.argv[1] if len(sys.argv) > 1 else None)
    print('Stack up: keystone %s (admin / %s)' % (stack.url('keystone'),
                                                  configs.PASSWORD))
    try:
        signal.sigwait([signal.SIGINT, signal.SIGTERM])
    finally:
        bring_up.down(stack)


if __name__ == '__main__':
    main()
