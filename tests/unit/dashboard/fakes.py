"""A tiny Keystone on loopback, and an auth_token stand-in that asks it.

FakeKeystone answers ``POST/DELETE /v3/auth/tokens`` over real HTTP, so
galeratrove.dashboard.session is exercised with its real client.
FakeAuthToken does what keystonemiddleware's auth_token does with
``delay_auth_decision``: drop identity headers a client sent, then set
them from a valid X-Auth-Token or mark the request Invalid.
"""

import datetime
import json
import threading
import uuid
from wsgiref import simple_server

import webob

USER = {'id': 'u-alice', 'name': 'alice', 'password': 's3cret',
        'domain': 'Default'}
PROJECT = {'id': 'p-0123456789', 'name': 'demo', 'domain': 'Default'}
IDENTITY_HEADERS = ('X-Identity-Status', 'X-Project-Id', 'X-Project-Name',
                    'X-User-Id', 'X-User-Name', 'X-Roles')


class _QuietHandler(simple_server.WSGIRequestHandler):

    def log_message(self, format, *args):
        pass


class FakeKeystone:

    def __init__(self, lifetime=3600):
        self.lifetime = lifetime
        self.tokens = {}
        self.revoked = []
        self.requests = []
        self.server = simple_server.make_server(
            '127.0.0.1', 0, self, handler_class=_QuietHandler)
        self.url = 'http://127.0.0.1:%d' % self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def expires_at(self):
        when = (datetime.datetime.now(datetime.timezone.utc) +
                datetime.timedelta(seconds=self.lifetime))
        return when.strftime('%Y-%m-%dT%H:%M:%S.000000Z')

    def _issue(self, req):
        body = req.json
        self.requests.append(body)
        auth = body['auth']
        user = auth['identity']['password']['user']
        scope = auth['scope']['project']
        if (user['name'] != USER['name'] or
                user['password'] != USER['password'] or
                user['domain']['name'] != USER['domain'] or
                scope['name'] != PROJECT['name'] or
                scope['domain']['name'] != PROJECT['domain']):
            return webob.Response(status=401, json_body={'error': {
                'code': 401, 'message': 'The request you have made '
                'requires authentication.'}})
        token_id = 'gAAAA' + uuid.uuid4().hex + uuid.uuid4().hex
        data = {'token': {
            'expires_at': self.expires_at(),
            'user': {'id': USER['id'], 'name': USER['name']},
            'project': {'id': PROJECT['id'], 'name': PROJECT['name']},
            'roles': [{'id': 'r1', 'name': 'member'},
                      {'id': 'r2', 'name': 'reader'}],
            'methods': ['password']}}
        self.tokens[token_id] = data
        resp = webob.Response(status=201, json_body=data)
        resp.headers['X-Subject-Token'] = token_id
        return resp

    def _revoke(self, req):
        token = req.headers.get('X-Subject-Token')
        if req.headers.get('X-Auth-Token') not in self.tokens:
            return webob.Response(status=401)
        self.revoked.append(token)
        self.tokens.pop(token, None)
        return webob.Response(status=204)

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        if req.path != '/v3/auth/tokens':
            resp = webob.Response(status=404)
        elif req.method == 'POST':
            resp = self._issue(req)
        elif req.method == 'DELETE':
            resp = self._revoke(req)
        else:
            resp = webob.Response(status=405)
        return resp(environ, start_response)


class FakeAuthToken:
    """auth_token with delay_auth_decision, validating against the fake."""

    def __init__(self, app, keystone):
        self.app = app
        self.keystone = keystone
        self.seen_tokens = []
        self.seen_cookies = []

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        for name in IDENTITY_HEADERS:
            req.headers.pop(name, None)
        token = req.headers.get('X-Auth-Token')
        self.seen_tokens.append(token)
        self.seen_cookies.append(req.headers.get('Cookie'))
        data = self.keystone.tokens.get(token) if token else None
        if data is None:
            req.headers['X-Identity-Status'] = 'Invalid'
        else:
            info = data['token']
            req.headers.update({
                'X-Identity-Status': 'Confirmed',
                'X-Project-Id': info['project']['id'],
                'X-Project-Name': info['project']['name'],
                'X-User-Id': info['user']['id'],
                'X-User-Name': info['user']['name'],
                'X-Roles': ','.join(r['name'] for r in info['roles'])})
            environ['keystone.token_info'] = json.loads(json.dumps(data))
        return self.app(environ, start_response)
