"""The panel's session: a Keystone token kept in an HttpOnly cookie.

The token never reaches the page's scripts or storage: the sign-in
endpoint sets it as a ``SameSite=Strict``, ``HttpOnly`` cookie and
:class:`galeratrove.dashboard.middleware.TokenCookie` hands it to
keystonemiddleware as ``X-Auth-Token`` on the page's own requests, which
carry :data:`HEADER` (a header a cross-site form cannot send).
"""

import collections
import datetime

from oslo_config import cfg
from oslo_log import log as logging
import requests

from galeratrove.conf import CONF

LOG = logging.getLogger(__name__)

COOKIE_NAME = 'galeratrove_dashboard_token'
HEADER = 'X-GaleraTrove-Dashboard'
ENVIRON_HEADER = 'HTTP_X_GALERATROVE_DASHBOARD'
# Longest a cookie lives, whatever Keystone says about the token.
MAX_COOKIE_AGE = 24 * 3600

Token = collections.namedtuple('Token',
                               'id expires_at user project roles')


class SignInError(Exception):
    """Keystone refused the credentials (HTTP 401 from Keystone)."""


class KeystoneError(Exception):
    """Keystone could not be reached or answered unexpectedly."""


def keystone_url():
    """The Keystone v3 endpoint, e.g. ``http://127.0.0.1:5000/v3``."""
    url = CONF.dashboard.keystone_url
    if not url:
        # Importing auth_token registers [keystone_authtoken].
        from keystonemiddleware import auth_token  # noqa: F401
        for name in ('www_authenticate_uri', 'auth_url'):
            try:
                url = CONF.keystone_authtoken[name]
            except (cfg.NoSuchOptError, cfg.NoSuchGroupError):
                continue
            if url:
                break
    if not url:
        raise KeystoneError(
            'No Keystone endpoint is configured for the dashboard: set '
            '[dashboard] keystone_url or [keystone_authtoken] '
            'www_authenticate_uri.')
    url = url.rstrip('/')
    if url.endswith('/v3'):
        url = url[:-3]
    return url + '/v3'


def _verify():
    return CONF.dashboard.keystone_cafile or True


def _parse_time(value):
    if not value:
        return None
    try:
        when = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def _token(token_id, body):
    data = body.get('token') or {}
    user = data.get('user') or {}
    project = data.get('project') or {}
    return Token(id=token_id,
                 expires_at=_parse_time(data.get('expires_at')),
                 user={'id': user.get('id'), 'name': user.get('name')},
                 project={'id': project.get('id'),
                          'name': project.get('name')},
                 roles=[r.get('name') for r in data.get('roles') or []])


def issue_token(username, password, project, domain):
    """A project-scoped token for these credentials (password method)."""
    url = keystone_url() + '/auth/tokens?nocatalog'
    body = {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': username, 'password': password,
            'domain': {'name': domain}}}},
        'scope': {'project': {'name': project, 'domain': {'name': domain}}},
    }}
    try:
        resp = requests.post(url, json=body,
                             timeout=CONF.dashboard.keystone_timeout,
                             verify=_verify())
    except requests.RequestException as e:
        LOG.warning('Keystone sign-in request to %s failed: %s', url, e)
        raise KeystoneError('Keystone cannot be reached (%s).'
                            % type(e).__name__)
    if resp.status_code == 401:
        raise SignInError()
    token_id = resp.headers.get('X-Subject-Token')
    if resp.status_code != 201 or not token_id:
        LOG.warning('Keystone answered a sign-in with HTTP %s',
                    resp.status_code)
        raise KeystoneError('Keystone answered HTTP %s.' % resp.status_code)
    try:
        data = resp.json()
    except ValueError:
        data = {}
    return _token(token_id, data)


def revoke_token(token_id):
    """Ask Keystone to revoke the token; failures are logged only."""
    try:
        url = keystone_url() + '/auth/tokens'
        resp = requests.delete(url, headers={'X-Auth-Token': token_id,
                                             'X-Subject-Token': token_id},
                               timeout=CONF.dashboard.keystone_timeout,
                               verify=_verify())
    except (requests.RequestException, KeystoneError) as e:
        LOG.warning('Could not revoke a dashboard token: %s', e)
        return False
    if resp.status_code not in (200, 204, 404):
        LOG.warning('Keystone answered HTTP %s to a token revocation',
                    resp.status_code)
        return False
    return True


def cookie_max_age(expires_at, now=None):
    """Seconds the cookie should live: until the token expires."""
    if expires_at is None:
        return MAX_COOKIE_AGE
    now = now or datetime.datetime.now(datetime.timezone.utc)
    left = int((expires_at - now).total_seconds())
    return max(0, min(left, MAX_COOKIE_AGE))


def _secure(request):
    return bool(CONF.dashboard.secure_cookie or request.scheme == 'https')


def set_cookie(request, response, token):
    response.set_cookie(COOKIE_NAME, token.id,
                        max_age=cookie_max_age(token.expires_at),
                        path='/', secure=_secure(request), httponly=True,
                        samesite='strict')


def clear_cookie(request, response):
    response.set_cookie(COOKIE_NAME, '', max_age=0, path='/',
                        secure=_secure(request), httponly=True,
                        samesite='strict')


def split_cookie_header(header):
    """(token or None, the Cookie header without the token cookie)."""
    token = None
    kept = []
    for part in (header or '').split(';'):
        name, sep, value = part.strip().partition('=')
        if sep and name == COOKIE_NAME:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            token = value or None
        elif part.strip():
            kept.append(part.strip())
    return token, '; '.join(kept)


def session_body(token):
    """What the page learns about a session (never the token itself)."""
    expires = token.expires_at
    return {'auth_strategy': 'keystone',
            'user': token.user, 'project': token.project,
            'roles': token.roles,
            'expires': expires.strftime('%Y-%m-%dT%H:%M:%SZ')
            if expires else None}
