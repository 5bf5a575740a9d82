"""galeratrove-all in a subprocess, for the panel's browser tests.

It runs in its own state directory under /tmp with a free port and a
loopback /24 of its own, so it cannot meet another run's nodes. cleanup()
keeps the logs in test-output/dashboard-logs, deletes every cluster, stops
the server and kills any process still mentioning the state directory.
"""

import json
import os
import pathlib
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from urllib import error as urlerror
from urllib import request as urlrequest

import psutil

REPO = pathlib.Path(__file__).resolve().parents[3]
PROJECT = 'demo'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    """galeratrove-all in a subprocess, with a small REST client."""

    def __init__(self, name='noauth', sections=None):
        self.name = name
        self.root = tempfile.mkdtemp(prefix='gt-dashboard-', dir='/tmp')
        # mariadbd runs as mysql and must traverse the instance paths.
        os.chmod(self.root, 0o755)
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.cidr = '127.%d.%d.0/24' % (random.randint(100, 250),
                                        random.randint(1, 254))
        self.conf = os.path.join(self.root, 'galeratrove.conf')
        self.log = os.path.join(self.root, 'server.log')
        conf = {'DEFAULT': {'state_path': os.path.join(self.root, 'state'),
                            'bind_host': '127.0.0.1',
                            'bind_port': self.port, 'log_file': self.log},
                'local_compute': {'cidr': self.cidr}}
        for name, values in (sections or {}).items():
            conf.setdefault(name, {}).update(values)
        with open(self.conf, 'w') as f:
            for name, values in conf.items():
                f.write('[%s]\n' % name)
                f.writelines('%s = %s\n' % kv for kv in values.items())
        self.proc = None

    def start(self, timeout=60):
        self._out = open(os.path.join(self.root, 'server.out'), 'w')
        self.proc = subprocess.Popen(
            [sys.executable, '-m', 'galeratrove.cmd.all',
             '--config-file', self.conf],
            stdout=self._out, stderr=subprocess.STDOUT, cwd=str(REPO),
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('galeratrove-all exited with %s; see %s'
                                   % (self.proc.returncode, self.log))
            try:
                urlrequest.urlopen(self.url + '/', timeout=5).close()
                return
            except urlerror.HTTPError:
                return      # it answers (401 with auth_strategy keystone)
            except (OSError, urlerror.URLError):
                time.sleep(0.3)
        raise RuntimeError('galeratrove-all did not answer in %d s'
                           % timeout)

    def api(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urlrequest.Request(
            '%s/v1.0/%s/%s' % (self.url, PROJECT, path), data=data,
            method=method, headers={'Content-Type': 'application/json'})
        with urlrequest.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def delete_all_clusters(self, timeout=120):
        try:
            clusters = self.api('GET', 'clusters')['clusters']
        except (OSError, urlerror.URLError, ValueError):
            return
        for cluster in clusters:
            if cluster['task']['name'] != 'DELETING':
                try:
                    self.api('DELETE', 'clusters/%s' % cluster['id'])
                except (OSError, urlerror.URLError):
                    pass
        deadline = time.monotonic() + timeout
        while clusters and time.monotonic() < deadline:
            time.sleep(1)
            try:
                clusters = self.api('GET', 'clusters')['clusters']
            except (OSError, urlerror.URLError, ValueError):
                return

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._out.close()

    def kill_leftovers(self):
        """Kill whatever still mentions the state dir (mariadbd above all)."""
        victims = []
        for proc in psutil.process_iter(['pid', 'cmdline']):
            cmdline = ' '.join(proc.info['cmdline'] or [])
            if self.root in cmdline and proc.pid != os.getpid():
                victims.append(proc)
        for proc in victims:
            try:
                proc.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(victims, timeout=10)

    def save_logs(self, nodes):
        """Keep the server's (and the nodes') logs in test-output/."""
        out = REPO / 'test-output' / 'dashboard-logs' / self.name
        if nodes:
            shutil.rmtree(out, ignore_errors=True)
            instances = pathlib.Path(self.root, 'state', 'instances')
            for log in instances.glob('*/node/log/*'):
                target = out / log.parent.parent.parent.name
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy(log, target / log.name)
        out.mkdir(parents=True, exist_ok=True)
        if os.path.exists(self.log):
            shutil.copy(self.log, out / 'galeratrove-all.log')

    def cleanup(self):
        try:
            self.save_logs(nodes=True)
            if self.proc is not None and self.proc.poll() is None:
                self.delete_all_clusters()
        finally:
            self.stop()
            self.kill_leftovers()
            self.save_logs(nodes=False)
            shutil.rmtree(self.root, ignore_errors=True)
