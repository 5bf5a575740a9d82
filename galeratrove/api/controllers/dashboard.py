"""``/dashboard``: the Database Clusters panel and its session endpoints.

``/dashboard/`` is the page and ``/dashboard/static/...`` its files
(galeratrove/dashboard/static); the page calls the REST API on the same
origin. ``/dashboard/auth/session|login|logout`` tell the page how to
authenticate and, with ``auth_strategy = keystone``, sign in and out: the
token lives in an HttpOnly cookie (see galeratrove.dashboard.session).

Errors are answered here, Trove-shaped, so the endpoints do not depend on
the API's hooks.
"""

import hashlib
import json
import os

import pecan

from galeratrove.api import faults
from galeratrove.conf import CONF
from galeratrove import dashboard
from galeratrove.dashboard import middleware
from galeratrove.dashboard import session as dash_session

STATIC_ROOT = os.path.realpath(
    os.path.join(os.path.dirname(dashboard.__file__), 'static'))
CONTENT_TYPES = {'.html': 'text/html', '.css': 'text/css',
                 '.js': 'text/javascript', '.svg': 'image/svg+xml',
                 '.png': 'image/png'}
TEXT_TYPES = ('.html', '.css', '.js', '.svg')
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'none'; object-src 'none'")
SECURITY_HEADERS = {'X-Content-Type-Options': 'nosniff',
                    'X-Frame-Options': 'DENY',
                    'Referrer-Policy': 'no-referrer',
                    'Content-Security-Policy': CSP}
LOGIN_FIELDS = (('username', 'a user name'), ('password', 'a password'),
                ('project', 'a project'))


def _error(code, message, **headers):
    """A Trove-shaped error response (pecan sends a returned Response)."""
    resp = faults.response(code, faults.FAULT_NAMES[code], message)
    for name, value in headers.items():
        resp.headers[name.replace('_', '-')] = value
    return resp


def _not_found():
    return _error(404, faults.DEFAULT_MESSAGES[404])


def _send_file(path):
    """Serve one file of static/, revalidated on every use (ETag)."""
    ext = os.path.splitext(path)[1]
    with open(path, 'rb') as f:
        data = f.read()
    resp = pecan.response
    resp.status = 200
    resp.content_type = CONTENT_TYPES[ext]
    if ext in TEXT_TYPES:
        resp.charset = 'UTF-8'
    resp.body = data
    resp.headers.update(SECURITY_HEADERS)
    resp.cache_control = 'no-cache'
    resp.etag = hashlib.sha256(data).hexdigest()[:32]
    resp.conditional_response = True
    return resp


def static_path(parts):
    """The file under static/ that these path parts name, or None."""
    if not parts or any(p in ('', '.', '..') or p.startswith('.') or
                        '\\' in p or '\0' in p for p in parts):
        return None
    path = os.path.realpath(os.path.join(STATIC_ROOT, *parts))
    if not path.startswith(STATIC_ROOT + os.sep):
        return None
    if os.path.splitext(path)[1] not in CONTENT_TYPES:
        return None
    return path if os.path.isfile(path) else None


def _guard(method):
    """The checks every session endpoint makes; an error body or None."""
    req = pecan.request
    if not CONF.dashboard.enabled:
        return _not_found()
    if req.method != method:
        return _error(405, faults.DEFAULT_MESSAGES[405], Allow=method)
    if req.headers.get(dash_session.HEADER) != '1':
        return _error(403, 'Only the dashboard page calls this endpoint '
                           '(it sends %s: 1).' % dash_session.HEADER)
    if (CONF.auth_strategy == 'keystone' and
            not req.environ.get(middleware.INSTALLED)):
        return _error(503, 'The dashboard cannot keep a Keystone session: '
                           'galeratrove.dashboard.middleware.TokenCookie is '
                           'not in the API pipeline.')
    return None


def _noauth_session():
    project = CONF.dashboard.default_project
    return {'auth_strategy': 'noauth', 'signed_in': True, 'user': None,
            'project': {'id': project, 'name': project}, 'roles': [],
            'expires': None}


def _keystone_session(req):
    headers = req.headers
    token = (req.environ.get('keystone.token_info') or {}).get('token', {})
    roles = [r.strip() for r in headers.get('X-Roles', '').split(',')
             if r.strip()]
    return {'auth_strategy': 'keystone', 'signed_in': True,
            'user': {'id': headers.get('X-User-Id'),
                     'name': headers.get('X-User-Name')},
            'project': {'id': headers.get('X-Project-Id'),
                        'name': headers.get('X-Project-Name')},
            'roles': roles, 'expires': token.get('expires_at'),
            'default_domain': CONF.dashboard.default_domain}


def _login_fields(req):
    try:
        body = json.loads(req.body or b'{}')
    except (ValueError, UnicodeDecodeError, RecursionError):
        body = None
    if not isinstance(body, dict):
        return None, 'The request body must be a JSON object.'
    values = {}
    for name, what in LOGIN_FIELDS:
        value = body.get(name)
        if not isinstance(value, str) or not value.strip():
            return None, 'Enter %s.' % what
        values[name] = value if name == 'password' else value.strip()
    domain = body.get('domain')
    if domain is not None and not isinstance(domain, str):
        return None, 'The domain must be a string.'
    values['domain'] = (domain or '').strip() or CONF.dashboard.default_domain
    return values, None


class StaticController:

    @pecan.expose()
    def _default(self, *parts):
        path = static_path(parts) if CONF.dashboard.enabled else None
        if path is None:
            return _not_found()
        return _send_file(path)


class AuthController:
    """How the page authenticates; Keystone sign-in and sign-out."""

    @pecan.expose('json')
    def session(self):
        req = pecan.request
        error = _guard('GET')
        if error:
            return error
        if CONF.auth_strategy != 'keystone':
            return {'session': _noauth_session()}
        if (req.headers.get('X-Identity-Status') == 'Confirmed' and
                req.headers.get('X-Project-Id')):
            return {'session': _keystone_session(req)}
        if req.environ.get(middleware.FROM_COOKIE):
            # Expired or revoked: forget it.
            dash_session.clear_cookie(req, pecan.response)
        return {'session': {'auth_strategy': 'keystone', 'signed_in': False,
                            'default_domain':
                                CONF.dashboard.default_domain}}

    @pecan.expose('json')
    def login(self):
        req = pecan.request
        error = _guard('POST')
        if error:
            return error
        if CONF.auth_strategy != 'keystone':
            return _error(400, 'This deployment runs without '
                               'authentication (auth_strategy = noauth): '
                               'there is nothing to sign in to.')
        values, problem = _login_fields(req)
        if problem:
            return _error(400, problem)
        try:
            token = dash_session.issue_token(**values)
        except dash_session.SignInError:
            return _error(401, 'Invalid credentials: Keystone refused this '
                               'user name, password, project and domain.')
        except dash_session.KeystoneError as e:
            return _error(503, 'Sign-in is unavailable: %s' % e)
        dash_session.set_cookie(req, pecan.response, token)
        body = dash_session.session_body(token)
        body.update(signed_in=True,
                    default_domain=CONF.dashboard.default_domain)
        return {'session': body}

    @pecan.expose('json')
    def logout(self):
        req = pecan.request
        error = _guard('POST')
        if error:
            return error
        if (CONF.auth_strategy == 'keystone' and
                req.environ.get(middleware.FROM_COOKIE)):
            dash_session.revoke_token(req.headers['X-Auth-Token'])
        dash_session.clear_cookie(req, pecan.response)
        return {'session': None}


class DashboardController:
    """``/dashboard``: the page, its files and its session endpoints."""

    static = StaticController()
    auth = AuthController()

    @pecan.expose()
    def index(self):
        req = pecan.request
        if not CONF.dashboard.enabled:
            return _not_found()
        if not req.path.endswith('/'):
            # The page's URLs are relative to /dashboard/.
            pecan.redirect(req.path + '/', code=302)
        return _send_file(os.path.join(STATIC_ROOT, 'index.html'))
