"""A real Keystone on loopback for functional tests.

Keystone comes from PyPI (``pip install keystone``); nothing is installed
here. :class:`Keystone` sets one up the way a deployment does: SQLite,
fernet tokens, ``keystone-manage db_sync``, ``fernet_setup``,
``credential_setup`` and ``bootstrap``; then serves it with a threaded
wsgiref server (this file run as a script) and adds what a test needs
with the identity API: projects, users and role assignments, and catalog
entries.

Run as ``python keystone_fixture.py serve CONFIG PORT`` it serves one
Keystone until killed.
"""

import os
import signal
import socket
import subprocess
import sys
import time

BIN = os.path.dirname(sys.executable)
REGION = 'RegionOne'
ADMIN_PASSWORD = 'admin-secret'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _config(root):
    return '\n'.join([
        '[DEFAULT]',
        'log_file = %s' % os.path.join(root, 'keystone.log'),
        '[database]',
        'connection = sqlite:///%s' % os.path.join(root, 'keystone.db'),
        '[token]',
        'provider = fernet',
        'expiration = 7200',
        '[fernet_tokens]',
        'key_repository = %s' % os.path.join(root, 'fernet-keys'),
        '[fernet_receipts]',
        'key_repository = %s' % os.path.join(root, 'fernet-keys'),
        '[credential]',
        'key_repository = %s' % os.path.join(root, 'credential-keys'),
        '',
    ])


class KeystoneError(AssertionError):
    """Keystone could not be set up: the test fails, it is not skipped."""


class Keystone:
    """One Keystone under ``root``; ``start()``, then ``stop()``."""

    def __init__(self, root, port=None):
        self.root = root
        self.port = port or free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.auth_url = self.url + '/v3'
        self.conf = os.path.join(root, 'keystone.conf')
        self.proc = None
        self._admin = None
        self.projects = {}
        self.users = {}
        self.roles = {}

    # Setup ----------------------------------------------------------------

    def _manage(self, *args):
        exe = os.path.join(BIN, 'keystone-manage')
        if not os.path.exists(exe):
            raise KeystoneError(
                'keystone-manage is not installed in %s: pip install '
                'keystone' % BIN)
        cmd = [exe, '--config-file', self.conf] + list(args)
        result = subprocess.run(cmd, capture_output=True, text=True,
                                timeout=180, stdin=subprocess.DEVNULL)
        if result.returncode:
            raise KeystoneError('%s failed (%d): %s' % (
                ' '.join(cmd), result.returncode, result.stderr[-2000:]))

    def start(self, timeout=60):
        os.makedirs(self.root, exist_ok=True)
        with open(self.conf, 'w') as f:
            f.write(_config(self.root))
        user = ['--keystone-user', str(os.geteuid()),
                '--keystone-group', str(os.getegid())]
        self._manage('db_sync')
        self._manage('fernet_setup', *user)
        self._manage('credential_setup', *user)
        self._manage('bootstrap', '--bootstrap-password', ADMIN_PASSWORD,
                     '--bootstrap-region-id', REGION,
                     '--bootstrap-public-url', self.auth_url,
                     '--bootstrap-internal-url', self.auth_url,
                     '--bootstrap-admin-url', self.auth_url)
        self._log = open(os.path.join(self.root, 'server.log'), 'ab')
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), 'serve', self.conf,
             str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_http(timeout)
        return self

    def _wait_http(self, timeout):
        import requests
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise KeystoneError('keystone exited with %s: %s' % (
                    self.proc.returncode, self.log()[-3000:]))
            try:
                if requests.get(self.auth_url, timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise KeystoneError('keystone did not answer on %s within %ss'
                            % (self.auth_url, timeout))

    def log(self):
        try:
            with open(os.path.join(self.root, 'server.log'),
                      errors='replace') as f:
                return f.read()
        except OSError:
            return ''

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(15)
        if getattr(self, '_log', None):
            self._log.close()

    def authtoken(self, username, password):
        """[keystone_authtoken] of a service user checking tokens here."""
        return {'www_authenticate_uri': self.auth_url,
                'auth_url': self.auth_url, 'auth_type': 'password',
                'username': username, 'password': password,
                'project_name': 'service', 'user_domain_id': 'default',
                'project_domain_id': 'default', 'region_name': REGION}

    # Identity API ---------------------------------------------------------

    def password_auth(self, username, password, project_name):
        from keystoneauth1.identity import v3
        return v3.Password(auth_url=self.auth_url, username=username,
                           password=password, project_name=project_name,
                           user_domain_id='default',
                           project_domain_id='default')

    def session(self, username, password, project_name):
        from keystoneauth1 import session
        return session.Session(auth=self.password_auth(
            username, password, project_name))

    @property
    def admin(self):
        if self._admin is None:
            self._admin = self.session('admin', ADMIN_PASSWORD, 'admin')
        return self._admin

    def _api(self, method, path, body=None):
        resp = self.admin.request(self.auth_url + path, method, json=body,
                                  raise_exc=False)
        if resp.status_code >= 400:
            raise KeystoneError('%s %s: %s %s' % (
                method, path, resp.status_code, resp.text[:500]))
        return resp.json() if resp.content else None

    def _find(self, kind, name):
        items = self._api('GET', '/%s?name=%s' % (kind, name))[kind]
        return items[0]['id'] if items else None

    def role(self, name):
        if name not in self.roles:
            self.roles[name] = self._find('roles', name) or self._api(
                'POST', '/roles', {'role': {'name': name}})['role']['id']
        return self.roles[name]

    def project(self, name):
        if name not in self.projects:
            self.projects[name] = self._find('projects', name) or self._api(
                'POST', '/projects', {'project': {
                    'name': name, 'domain_id': 'default'}})['project']['id']
        return self.projects[name]

    def user(self, name, password, project, roles=('member',)):
        """A user with roles on a project (both made when missing)."""
        if name not in self.users:
            self.users[name] = self._find('users', name) or self._api(
                'POST', '/users', {'user': {
                    'name': name, 'password': password,
                    'domain_id': 'default',
                    'default_project_id': self.project(project)}})[
                'user']['id']
        self.grant(name, project, roles)
        return self.users[name]

    def grant(self, user, project, roles):
        user_id = self.users.get(user) or self._find('users', user)
        for role in roles:
            self._api('PUT', '/projects/%s/users/%s/roles/%s' % (
                self.project(project), user_id, self.role(role)))

    def register_service(self, service_type, name, url):
        """A catalog service with its public and internal endpoints."""
        service = self._api('POST', '/services', {'service': {
            'type': service_type, 'name': name}})['service']['id']
        for interface in ('public', 'internal'):
            self._api('POST', '/endpoints', {'endpoint': {
                'service_id': service, 'interface': interface,
                'region_id': REGION, 'url': url}})
        return service


def serve(conf, port):
    """Keystone's WSGI application on a threaded wsgiref server."""
    import socketserver
    from wsgiref import simple_server

    os.environ['OS_KEYSTONE_CONFIG_FILES'] = conf
    sys.argv = sys.argv[:1]          # keystone parses the command line too
    from keystone.server import wsgi
    app = wsgi.initialize_public_application()

    class Server(socketserver.ThreadingMixIn, simple_server.WSGIServer):
        daemon_threads = True
        allow_reuse_address = True

    class Handler(simple_server.WSGIRequestHandler):
        def log_message(self, format, *args):
            pass

    httpd = simple_server.make_server('127.0.0.1', port, app,
                                      server_class=Server,
                                      handler_class=Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    httpd.serve_forever()


if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] != 'serve':
        sys.exit('usage: keystone_fixture.py serve CONFIG PORT')
    serve(sys.argv[2], int(sys.argv[3]))
