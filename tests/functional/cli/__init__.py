"""Client tests: the galeratrove CLI, troveclient and OSC against us.

Helpers the modules share: real services (``GaleraTrove``, a Keystone
with a galeratrove behind it), the client runners, and readers of the
CLI's tables.

Every server gets its own state under /tmp (traversable by the mysql
user) and its own loopback /24 for the nodes; ``stop()`` deletes nothing
itself but kills any mariadbd started under that state directory.
"""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import psutil
import requests

from tests.functional import keystone_fixture

BIN = os.path.dirname(sys.executable)
CLI = [sys.executable, '-m', 'galeratrove.cli.main']
OSC = os.path.join(BIN, 'openstack')
PASSWORD = 'Secret-pw-1'


def make_root(tag):
    root = tempfile.mkdtemp(prefix='gt-%s-' % tag, dir='/tmp')
    os.chmod(root, 0o755)
    return root


def write_conf(path, sections):
    with open(path, 'w') as f:
        for section, values in sections.items():
            f.write('[%s]\n' % section)
            for key, value in values.items():
                f.write('%s = %s\n' % (key, value))
            f.write('\n')
    return path


def kill_leftover_mariadbd(root):
    for proc in psutil.process_iter(['cmdline']):
        try:
            cmdline = ' '.join(proc.info['cmdline'] or [])
            if root in cmdline and 'mariadbd' in cmdline:
                proc.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass


class GaleraTrove:
    """One galeratrove-all process with its own state and network."""

    def __init__(self, tag, auth_strategy='noauth', sections=None,
                 port=None):
        self.root = make_root(tag)
        self.port = port or keystone_fixture.free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        conf = {
            'DEFAULT': {'state_path': os.path.join(self.root, 'state'),
                        'bind_port': self.port,
                        'auth_strategy': auth_strategy,
                        'clusters_page_size': 2,
                        'log_file': os.path.join(self.root, 'server.log')},
            'local_compute': {'cidr': '127.88.%d.0/24'
                              % random.randint(1, 250)},
            # 1-node clusters keep the paging and client tests quick.
            'mariadb': {'min_cluster_member_count': 1},
        }
        for section, values in (sections or {}).items():
            conf.setdefault(section, {}).update(values)
        self.conf = write_conf(os.path.join(self.root, 'galeratrove.conf'),
                               conf)
        self.proc = None

    def start(self, timeout=60):
        self._out = open(os.path.join(self.root, 'stdout.log'), 'ab')
        self.proc = subprocess.Popen(
            [os.path.join(BIN, 'galeratrove-all'), '--config-file',
             self.conf], stdout=self._out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError('galeratrove-all exited with %s:\n%s'
                                     % (self.proc.returncode, self.log()))
            try:
                requests.get(self.url + '/', timeout=2)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError('galeratrove-all did not answer on %s'
                             % self.url)

    def log(self, tail=4000):
        text = ''
        for name in ('stdout.log', 'server.log'):
            try:
                with open(os.path.join(self.root, name),
                          errors='replace') as f:
                    text += f.read()
            except OSError:
                pass
        return text[-tail:]

    def endpoint(self, project):
        return '%s/v1.0/%s' % (self.url, project)

    def delete_all(self, project, headers=None, timeout=90):
        """Delete every cluster of the project; wait until all are gone."""
        url = self.endpoint(project) + '/clusters'
        deadline = time.monotonic() + timeout
        asked = set()
        while time.monotonic() < deadline:
            clusters = requests.get(url, headers=headers,
                                    params={'limit': 100},
                                    timeout=10).json().get('clusters', [])
            if not clusters:
                return
            for c in clusters:
                if c['id'] not in asked or c['task']['name'] == 'NONE':
                    requests.delete('%s/%s' % (url, c['id']),
                                    headers=headers, timeout=10)
                    asked.add(c['id'])
            time.sleep(1)
        raise AssertionError('clusters of %s still there after %ss'
                             % (project, timeout))

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if getattr(self, '_out', None):
            self._out.close()
        kill_leftover_mariadbd(self.root)
        shutil.rmtree(self.root, ignore_errors=True)


def clean_env(**extra):
    """The environment less any OS_* variable, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Result:

    def __init__(self, argv, proc, duration):
        self.argv = argv
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr
        self.duration = duration

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return '<%s rc=%s>\nstdout:\n%s\nstderr:\n%s' % (
            ' '.join(self.argv), self.rc, self.out, self.err)


def run(cmd, env, timeout=300, ok=True):
    """Run a client; never a traceback, and rc 0 unless ok=False."""
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    result = Result(cmd, proc, time.monotonic() - started)
    assert 'Traceback' not in result.err, result
    if ok:
        assert result.rc == 0, result
    return result


class Runner:
    """Runs the galeratrove CLI (or ``openstack``) with a fixed env."""

    def __init__(self, env):
        self.env = env

    def __call__(self, *args, ok=True, timeout=300):
        return run(CLI + [str(a) for a in args], self.env, timeout, ok)

    def osc(self, *args, ok=True, timeout=120):
        return run([OSC] + [str(a) for a in args], self.env, timeout, ok)


def mariadb_version(url, headers=None):
    """The active MariaDB version of the deployment (fails when none)."""
    body = requests.get(url + '/datastores/mariadb/versions',
                        headers=headers, timeout=10).json()
    versions = [v['name'] for v in body.get('versions', [])]
    assert versions, 'no active mariadb version: %s' % body
    return versions[0]


# Keystone -------------------------------------------------------------------

class KeystoneStack:
    """Keystone, with galeratrove-all behind it and in its catalog."""

    password = PASSWORD
    admin_password = keystone_fixture.ADMIN_PASSWORD

    def __init__(self):
        self.keystone = keystone_fixture.Keystone(make_root('keystone'))
        self.gt = None

    def start(self):
        ks = self.keystone.start()
        ks.role('service')
        ks.user('galeratrove', PASSWORD, 'service', roles=('service',))
        ks.user('demo', PASSWORD, 'demo')
        ks.user('other', PASSWORD, 'other')
        # The cloud admin also administers demo (reset-status there).
        ks.grant('admin', 'demo', ('admin',))
        port = keystone_fixture.free_port()
        ks.register_service('database', 'galeratrove',
                            'http://127.0.0.1:%d/v1.0/%%(tenant_id)s' % port)
        self.gt = GaleraTrove('ks', 'keystone', port=port, sections={
            'keystone_authtoken': {
                'www_authenticate_uri': ks.auth_url,
                'auth_url': ks.auth_url, 'auth_type': 'password',
                'username': 'galeratrove', 'password': PASSWORD,
                'project_name': 'service', 'user_domain_id': 'default',
                'project_domain_id': 'default',
                'region_name': keystone_fixture.REGION}})
        self.gt.start()
        return self

    def project_id(self, name):
        return self.keystone.project(name)

    def env(self, user, project, password=PASSWORD):
        return clean_env(OS_AUTH_URL=self.keystone.auth_url,
                         OS_USERNAME=user, OS_PASSWORD=password,
                         OS_PROJECT_NAME=project,
                         OS_USER_DOMAIN_ID='default',
                         OS_PROJECT_DOMAIN_ID='default',
                         OS_REGION_NAME=keystone_fixture.REGION)

    def session(self, user, project):
        password = (keystone_fixture.ADMIN_PASSWORD if user == 'admin'
                    else PASSWORD)
        return self.keystone.session(user, password, project)

    def token(self, user, project):
        return self.session(user, project).get_token()

    def stop(self):
        try:
            if self.gt is not None and self.gt.proc is not None:
                for project in ('demo', 'other'):
                    headers = {'X-Auth-Token': self.token(project, project)}
                    self.gt.delete_all(self.project_id(project), headers)
        finally:
            if self.gt is not None:
                self.gt.stop()
            self.keystone.stop()
            shutil.rmtree(self.keystone.root, ignore_errors=True)


# Tables ---------------------------------------------------------------------

_RULE = re.compile(r'^\+[-+]+\+$')


def table_rows(text):
    """The header and the rows of the first table in ``text``."""
    lines = [ln for ln in text.splitlines() if ln.startswith(('|', '+'))]
    assert lines and _RULE.match(lines[0]), 'no table in:\n%s' % text
    rows = [[cell.strip() for cell in ln.strip('|').split('|')]
            for ln in lines if ln.startswith('|')]
    return rows[0], rows[1:]


def parse_list(text):
    header, rows = table_rows(text)
    return header, [dict(zip(header, row)) for row in rows]


def parse_show(text):
    header, rows = table_rows(text)
    assert header == ['Property', 'Value'], header
    return dict(rows)


def progress(stderr):
    """``[  1.5s] message`` lines of --wait as (seconds, message)."""
    found = []
    for line in stderr.splitlines():
        m = re.match(r'^\[\s*([0-9.]+)s\] (.*)$', line)
        if m:
            found.append((float(m.group(1)), m.group(2)))
    return found


def wait_task(url, cluster_id, headers=None, timeout=120, gone=False):
    """Poll the API until the task is NONE (or the cluster is gone)."""
    deadline = time.monotonic() + timeout
    body = None
    while time.monotonic() < deadline:
        resp = requests.get('%s/clusters/%s' % (url, cluster_id),
                            headers=headers, timeout=10)
        if gone and resp.status_code == 404:
            return None
        assert resp.status_code == 200, resp.text
        body = resp.json()['cluster']
        if not gone and body['task']['name'] == 'NONE':
            return body
        time.sleep(0.5)
    raise AssertionError('cluster %s: still %s after %ss' % (
        cluster_id, body and body['task']['name'], timeout))
