"""Client tests: the galeratrove CLI, troveclient and OSC against us.

Helpers the modules share: real services (``GaleraTrove``, a Keystone
with a galeratrove behind it), the client runners, and readers of the
CLI's tables.

Every server is a ``tests.functional.helpers.Server``: its own state
under /tmp (traversable by the mysql user) and its own loopback /24 for
the nodes; ``close()`` stops it and kills whatever still mentions that
state directory (mariadbd above all).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time

import requests

from tests.functional import helpers
from tests.functional import keystone_fixture

BIN = os.path.dirname(sys.executable)
CLI = [sys.executable, '-m', 'galeratrove.cli.main']
OSC = os.path.join(BIN, 'openstack')
PASSWORD = 'Secret-pw-1'


class GaleraTrove(helpers.Server):
    """galeratrove-all for the clients: pages of 2, 1-node clusters."""

    def __init__(self, tag, auth_strategy='noauth', sections=None,
                 port=None):
        super().__init__(tag, auth_strategy, helpers.merge_sections({
            'DEFAULT': {'clusters_page_size': 2},
            # 1-node clusters keep the paging and client tests quick.
            'mariadb': {'min_cluster_member_count': 1},
            # Backup schedules looked at every 2s (a per-minute pattern).
            'taskmanager': {'schedule_check_interval': 2},
        }, sections), log_file=True, port=port)


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


def one_node_cluster(url, name):
    """Create a 1-node cluster through the API; wait until it is built."""
    resp = requests.post(url + '/clusters', json={'cluster': {
        'name': name, 'datastore': {'type': 'mariadb',
                                    'version': mariadb_version(url)},
        'instances': [{'flavorRef': '1', 'volume': {'size': 1}}]}},
        timeout=30)
    assert resp.ok, resp.text
    return wait_task(url, resp.json()['cluster']['id'], timeout=180)


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
        self.keystone = keystone_fixture.Keystone(
            helpers.make_root('keystone'))
        self.gt = None

    def start(self):
        ks = self.keystone.start()
        ks.role('service')
        ks.user('galeratrove', PASSWORD, 'service', roles=('service',))
        ks.user('demo', PASSWORD, 'demo')
        ks.user('other', PASSWORD, 'other')
        # The cloud admin also administers demo (reset-status there).
        ks.grant('admin', 'demo', ('admin',))
        port = helpers.free_port()
        ks.register_service('database', 'galeratrove',
                            'http://127.0.0.1:%d/v1.0/%%(tenant_id)s' % port)
        self.gt = GaleraTrove('ks', 'keystone', port=port, sections={
            'keystone_authtoken': ks.authtoken('galeratrove', PASSWORD)})
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
            if self.gt is not None and self.gt.running():
                for project in ('demo', 'other'):
                    headers = {'X-Auth-Token': self.token(project, project)}
                    self.gt.delete_clusters(self.project_id(project),
                                            headers)
        finally:
            if self.gt is not None:
                self.gt.close(project=None)
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
    last = {}

    def done():
        resp = requests.get('%s/clusters/%s' % (url, cluster_id),
                            headers=headers, timeout=10)
        if gone and resp.status_code == 404:
            return True
        assert resp.status_code == 200, resp.text
        body = resp.json()['cluster']
        last['task'] = body['task']['name']
        return not gone and last['task'] == 'NONE' and body
    found = helpers.wait_until(
        done, timeout, lambda: 'cluster %s (still %s)' % (
            cluster_id, last.get('task')), interval=0.5)
    return None if gone else found
