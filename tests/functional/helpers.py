"""Running galeratrove services as real processes for functional tests.

:class:`Server` is the one galeratrove-all every suite (clusters, cli,
dashboard) starts: a place of its own under /tmp, a free port, a random
loopback /24 for the nodes, and a teardown that leaves nothing behind.
"""

import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import psutil
import requests

BIN = os.path.dirname(sys.executable)
RABBIT_URL = os.environ.get('GT_TEST_RABBIT',
                            'rabbit://guest:guest@127.0.0.1:5672/')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def make_root(tag):
    """A new /tmp/gt-<tag>-XXXXXXXX that the mysql user can traverse."""
    root = tempfile.mkdtemp(prefix='gt-%s-' % tag, dir='/tmp')
    # mariadbd runs as mysql and must reach the instance paths.
    os.chmod(root, 0o755)
    return root


def loopback_cidr():
    """A random loopback /24, so nodes never meet another run's."""
    return '127.%d.%d.0/24' % (random.randint(100, 250),
                               random.randint(1, 250))


def merge_sections(*confs):
    """{section: {key: value}} dicts merged key by key, later ones win."""
    merged = {}
    for conf in confs:
        for section, values in (conf or {}).items():
            merged.setdefault(section, {}).update(values)
    return merged


def write_conf(path, sections):
    """Write an ini file from {section: {key: value}}, mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        for section, values in sections.items():
            f.write('[%s]\n' % section)
            for key, value in values.items():
                f.write('%s = %s\n' % (key, value))
    return str(path)


def rabbit_sections(state_path=None):
    """Options isolating one test's RPC traffic on the shared broker."""
    tag = uuid.uuid4().hex[:8]
    options = {'transport_url': RABBIT_URL,
               'control_exchange': 'gt-' + tag,
               'taskmanager_queue': 'tm-' + tag,
               'conductor_queue': 'cond-' + tag,
               'guest_topic_prefix': 'guest-' + tag}
    if state_path is not None:
        options['state_path'] = state_path
    return options


def pids_mentioning(text):
    """Processes but this one with ``text`` in their command line."""
    return [p.pid for p in _procs_mentioning(text)]


def _procs_mentioning(text):
    procs = []
    for proc in psutil.process_iter(['cmdline']):
        if (proc.pid != os.getpid() and
                text in ' '.join(proc.info['cmdline'] or [])):
            procs.append(proc)
    return procs


def kill_leftovers(root):
    """SIGKILL whatever still mentions ``root`` (mariadbd above all)."""
    victims = _procs_mentioning(os.path.join(root, ''))
    for proc in victims:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(victims, timeout=10)


def remove_node_users(root):
    """Delete the OS users of nodes under ``root`` a delete left behind.

    Their comment names the node's directory (see osuser.ensure).
    """
    for entry in pwd.getpwall():
        if entry.pw_name.startswith('gtdb-') and os.path.join(
                root, '') in entry.pw_gecos:
            subprocess.run(['userdel', entry.pw_name], capture_output=True,
                           timeout=60)


class Service:
    """A galeratrove console script in its own process group."""

    def __init__(self, name, conf_path, log_path):
        self.log_path = log_path
        self._log = open(log_path, 'ab')
        self.proc = subprocess.Popen(
            [os.path.join(BIN, name), '--config-file', conf_path],
            stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def running(self):
        return self.proc.poll() is None

    def kill(self, sig=9):
        """Signal the process alone (a crash, with SIGKILL) and reap it."""
        if self.running():
            self.proc.send_signal(sig)
            self.proc.wait(30)
        self._log.close()

    def stop(self, timeout=30):
        """SIGTERM to the process group; SIGKILL if it is not enough."""
        if self.running():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._log.close()


def wait_http(url, proc, timeout=60):
    """Until url answers; fails early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError('service exited with %s' % proc.returncode)
        try:
            return requests.get(url, timeout=2)
        except (requests.ConnectionError, requests.Timeout):
            # A slow first answer on a loaded machine is "not yet".
            time.sleep(0.1)
    raise AssertionError('%s did not answer within %ss' % (url, timeout))


def wait_until(check, timeout, what, interval=0.2, retry=()):
    """Call check() until it returns something truthy; return that.

    An exception in ``retry`` counts as "not yet"; ``what`` (a string,
    or a function giving one) names the condition in the timeout error.
    """
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            value = check()
            if value:
                return value
        except retry as e:
            last = e
        if time.monotonic() >= deadline:
            raise AssertionError('timed out after %ss waiting for %s%s' % (
                timeout, what() if callable(what) else what,
                ' (%s)' % last if last else ''))
        time.sleep(interval)


def run(argv):
    """Run a galeratrove console script to completion; its output."""
    result = subprocess.run([os.path.join(BIN, argv[0])] + argv[1:],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Server:
    """One galeratrove-all in a place of its own.

    Its state is under a new /tmp/gt-<tag>-XXXXXXXX, its API on a free
    port, its nodes on a random loopback /24. ``auth_strategy`` goes to
    [DEFAULT]; ``sections`` are merged over the base config; with
    ``log_file`` the service logs to server.log, else with its stdout
    to stdout.log. As a context manager it is started, then closed.
    """

    def __init__(self, tag, auth_strategy='noauth', sections=None,
                 log_file=False, port=None):
        self.root = make_root(tag)
        self.state = os.path.join(self.root, 'state')
        self.port = port or free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.stdout_log = os.path.join(self.root, 'stdout.log')
        self.log_file = (os.path.join(self.root, 'server.log')
                         if log_file else None)
        default = {'state_path': self.state, 'bind_port': self.port,
                   'auth_strategy': auth_strategy}
        if self.log_file:
            default['log_file'] = self.log_file
        self.conf = write_conf(
            os.path.join(self.root, 'galeratrove.conf'),
            merge_sections({'DEFAULT': default,
                            'local_compute': {'cidr': loopback_cidr()}},
                           sections))
        self.svc = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.close(project=None)
            raise

    def __exit__(self, *exc_info):
        self.close()

    def start(self, timeout=60):
        """Start galeratrove-all; return when its API answers."""
        self.svc = Service('galeratrove-all', self.conf, self.stdout_log)
        self.wait_api(timeout)
        return self

    def wait_api(self, timeout=60):
        try:
            wait_http(self.url + '/', self.svc.proc, timeout)
        except AssertionError as e:
            raise AssertionError('%s\n%s' % (e, self.log()))

    def running(self):
        return self.svc is not None and self.svc.running()

    def kill(self):
        """As in a crash: SIGKILL to galeratrove-all, the nodes live on."""
        self.svc.kill(signal.SIGKILL)

    def stop(self):
        if self.svc is not None:
            self.svc.stop()

    def log(self, tail=4000):
        """The end of what the server wrote (stdout, then its log file)."""
        text = ''
        for path in filter(None, (self.stdout_log, self.log_file)):
            try:
                with open(path, errors='replace') as f:
                    text += f.read()
            except OSError:
                pass
        return text[-tail:]

    def endpoint(self, project):
        return '%s/v1.0/%s' % (self.url, project)

    def delete_clusters(self, project='demo', headers=None, timeout=120):
        """Delete every cluster of the project; wait until all are gone.

        A cluster is asked again once its task is back to NONE (a delete
        refused while it was busy). Nothing is deleted where the listing
        is refused (a project this server cannot see with ``headers``).
        """
        url = self.endpoint(project) + '/clusters'
        asked = set()

        def all_gone():
            resp = requests.get(url, headers=headers, params={'limit': 100},
                                timeout=10)
            clusters = resp.json().get('clusters', []) if resp.ok else []
            for c in clusters:
                if c['id'] not in asked or c['task']['name'] == 'NONE':
                    requests.delete('%s/%s' % (url, c['id']),
                                    headers=headers, timeout=10)
                    asked.add(c['id'])
            return not clusters
        wait_until(all_gone, timeout, 'the clusters of %s deleted' % project,
                   interval=1)

    def keep_logs(self):
        """Called between stop and removal: a suite may copy logs out."""

    def close(self, project='demo', headers=None):
        """Delete the project's clusters, stop, kill leftovers, remove."""
        try:
            if project and self.running():
                self.delete_clusters(project, headers)
        finally:
            try:
                self.stop()
                kill_leftovers(self.root)
                remove_node_users(self.root)
                self.keep_logs()
            finally:
                shutil.rmtree(self.root, ignore_errors=True)
