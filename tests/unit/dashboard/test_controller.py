"""``/dashboard``: the page, its files, and sign-in/out with a cookie.

noauth goes through the real API pipeline (app.setup_app). Keystone mode
is put together as galeratrove.api.app should: FaultWrapper, TokenCookie,
then auth_token (here a stand-in asking a fake Keystone over HTTP).
"""

import os

import pecan
import pytest
import webtest

from galeratrove.api import app as api_app
from galeratrove.api.controllers import dashboard
from galeratrove.api import faults
from galeratrove.dashboard import middleware
from galeratrove.dashboard import session
from tests.unit.dashboard import fakes

PAGE = {session.HEADER: '1'}
CREDENTIALS = {'username': 'alice', 'password': 's3cret',
               'project': 'demo', 'domain': 'Default'}


@pytest.fixture
def noauth_app(conf):
    conf('auth_strategy', 'noauth')
    return webtest.TestApp(api_app.setup_app())


def _pecan_app():
    return pecan.make_app('galeratrove.api.controllers.root.RootController',
                          hooks=[], force_canonical=False,
                          guess_content_type_from_ext=False, debug=False)


@pytest.fixture
def keystone(conf):
    with fakes.FakeKeystone() as ks:
        conf('auth_strategy', 'keystone')
        conf('keystone_url', ks.url, group='dashboard')
        yield ks


@pytest.fixture
def pipeline(keystone):
    auth = fakes.FakeAuthToken(_pecan_app(), keystone)
    app = webtest.TestApp(faults.FaultWrapper(
        middleware.TokenCookie(auth)))
    app.auth = auth
    return app


def _cookie_header(resp):
    headers = [v for k, v in resp.headerlist if k.lower() == 'set-cookie']
    assert len(headers) == 1, headers
    return [p.strip().lower() for p in headers[0].split(';')]


# The page and its files ----------------------------------------------------

def test_dashboard_redirects_to_the_slash(noauth_app):
    resp = noauth_app.get('/dashboard', status=302)
    assert resp.location.endswith('/dashboard/')


def test_page_is_html_untouched_by_the_fault_wrapper(noauth_app):
    resp = noauth_app.get('/dashboard/')
    assert resp.content_type == 'text/html'
    with open(os.path.join(dashboard.STATIC_ROOT, 'index.html'), 'rb') as f:
        assert resp.body == f.read()
    assert "script-src 'self'" in resp.headers['Content-Security-Policy']
    assert resp.headers['X-Frame-Options'] == 'DENY'
    assert resp.headers['Cache-Control'] == 'no-cache'


@pytest.mark.parametrize('path, content_type', [
    ('js/main.js', 'text/javascript'), ('css/dashboard.css', 'text/css'),
    ('img/logo.svg', 'image/svg+xml')])
def test_static_files(noauth_app, path, content_type):
    resp = noauth_app.get('/dashboard/static/' + path)
    assert resp.content_type == content_type
    assert resp.headers['X-Content-Type-Options'] == 'nosniff'


def test_static_files_revalidate_with_etag(noauth_app):
    first = noauth_app.get('/dashboard/static/js/main.js')
    again = noauth_app.get('/dashboard/static/js/main.js',
                           headers={'If-None-Match': first.etag},
                           status=304)
    assert not again.body


@pytest.mark.parametrize('path', [
    '/dashboard/static/nope.js', '/dashboard/static/js',
    '/dashboard/static/%2e%2e/session.py',
    '/dashboard/static/js/%2e%2e/%2e%2e/session.py',
    '/dashboard/static/..%2fsession.py', '/dashboard/static/.hidden.js',
    '/dashboard/static/index.py'])
def test_nothing_else_is_served(noauth_app, path):
    resp = noauth_app.get(path, status=404)
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': 'The resource could not be found.'}}


def test_static_path_stays_inside_static():
    assert dashboard.static_path(['js', 'main.js']).endswith('main.js')
    assert dashboard.static_path(['..', 'session.py']) is None
    assert dashboard.static_path(['js', '..', '..', 'session.py']) is None
    assert dashboard.static_path([]) is None


def test_disabled_panel_is_not_served(conf, noauth_app):
    conf('enabled', False, group='dashboard')
    noauth_app.get('/dashboard/', status=404)
    noauth_app.get('/dashboard/static/js/main.js', status=404)
    noauth_app.get('/dashboard/auth/session', headers=PAGE, status=404)


# noauth ---------------------------------------------------------------------

def test_noauth_session_opens_on_the_default_project(conf, noauth_app):
    body = noauth_app.get('/dashboard/auth/session', headers=PAGE).json
    assert body['session']['auth_strategy'] == 'noauth'
    assert body['session']['project']['id'] == 'demo'
    conf('default_project', 'ops', group='dashboard')
    body = noauth_app.get('/dashboard/auth/session', headers=PAGE).json
    assert body['session']['project'] == {'id': 'ops', 'name': 'ops'}


def test_session_endpoints_need_the_pages_header(noauth_app):
    resp = noauth_app.get('/dashboard/auth/session', status=403)
    assert 'X-GaleraTrove-Dashboard' in resp.json['forbidden']['message']
    noauth_app.post_json('/dashboard/auth/login', CREDENTIALS, status=403)
    noauth_app.post_json('/dashboard/auth/logout', {}, status=403)


def test_session_endpoints_check_the_method(noauth_app):
    resp = noauth_app.post('/dashboard/auth/session', headers=PAGE,
                           status=405)
    assert resp.headers['Allow'] == 'GET'
    noauth_app.get('/dashboard/auth/login', headers=PAGE, status=405)


def test_noauth_has_nothing_to_sign_in_to(noauth_app):
    resp = noauth_app.post_json('/dashboard/auth/login', CREDENTIALS,
                                headers=PAGE, status=400)
    assert 'noauth' in resp.json['badRequest']['message']
    assert 'Set-Cookie' not in resp.headers


# keystone -------------------------------------------------------------------

def test_signed_out_session_offers_the_sign_in(pipeline):
    body = pipeline.get('/dashboard/auth/session', headers=PAGE).json
    assert body == {'session': {'auth_strategy': 'keystone',
                                'signed_in': False,
                                'default_domain': 'Default'}}


def test_sign_in_sets_an_httponly_strict_cookie(pipeline, keystone):
    resp = pipeline.post_json('/dashboard/auth/login', CREDENTIALS,
                              headers=PAGE)
    [token_id] = keystone.tokens
    cookie = _cookie_header(resp)
    assert cookie[0] == '%s=%s' % (session.COOKIE_NAME, token_id.lower())
    assert 'httponly' in cookie and 'samesite=strict' in cookie
    assert 'path=/' in cookie
    # The page learns who and where, never the token.
    assert token_id not in resp.text
    body = resp.json['session']
    assert body['signed_in'] is True
    assert body['project'] == {'id': fakes.PROJECT['id'], 'name': 'demo'}
    assert body['user']['name'] == 'alice'


def test_the_cookie_authenticates_the_pages_requests(pipeline, keystone):
    pipeline.post_json('/dashboard/auth/login', CREDENTIALS, headers=PAGE)
    [token_id] = keystone.tokens
    body = pipeline.get('/dashboard/auth/session', headers=PAGE).json
    assert body['session']['signed_in'] is True
    assert body['session']['project']['id'] == fakes.PROJECT['id']
    assert body['session']['roles'] == ['member', 'reader']
    assert pipeline.auth.seen_tokens[-1] == token_id
    # Nothing behind the middleware sees the cookie.
    assert pipeline.auth.seen_cookies[-1] is None
    # The same cookie without the page's header authenticates nothing.
    pipeline.get('/dashboard/')
    assert pipeline.auth.seen_tokens[-1] is None


def test_wrong_credentials_are_refused_without_a_cookie(pipeline):
    resp = pipeline.post_json('/dashboard/auth/login',
                              dict(CREDENTIALS, password='nope'),
                              headers=PAGE, status=401)
    assert resp.json['unauthorized']['message'].startswith(
        'Invalid credentials')
    assert 'Set-Cookie' not in resp.headers


@pytest.mark.parametrize('missing, message', [
    ('username', 'Enter a user name.'), ('password', 'Enter a password.'),
    ('project', 'Enter a project.')])
def test_sign_in_fields_are_required(pipeline, missing, message):
    body = dict(CREDENTIALS, **{missing: '  '})
    resp = pipeline.post_json('/dashboard/auth/login', body, headers=PAGE,
                              status=400)
    assert resp.json['badRequest']['message'] == message


def test_domain_defaults_to_the_configured_one(conf, pipeline, keystone):
    body = dict(CREDENTIALS)
    del body['domain']
    pipeline.post_json('/dashboard/auth/login', body, headers=PAGE)
    assert keystone.requests[-1]['auth']['scope']['project']['domain'] == \
        {'name': 'Default'}


def test_keystone_down_is_a_503(conf, pipeline):
    with fakes.FakeKeystone() as gone:
        url = gone.url
    conf('keystone_url', url, group='dashboard')
    resp = pipeline.post_json('/dashboard/auth/login', CREDENTIALS,
                              headers=PAGE, status=503)
    assert 'Keystone cannot be reached' in \
        resp.json['serviceUnavailable']['message']


def test_sign_out_revokes_the_token_and_clears_the_cookie(pipeline,
                                                          keystone):
    pipeline.post_json('/dashboard/auth/login', CREDENTIALS, headers=PAGE)
    [token_id] = keystone.tokens
    resp = pipeline.post_json('/dashboard/auth/logout', {}, headers=PAGE)
    assert keystone.revoked == [token_id]
    cookie = _cookie_header(resp)
    assert cookie[0] == '%s=' % session.COOKIE_NAME
    assert 'max-age=0' in cookie
    body = pipeline.get('/dashboard/auth/session', headers=PAGE).json
    assert body['session']['signed_in'] is False


def test_an_expired_cookie_is_forgotten(pipeline, keystone):
    pipeline.post_json('/dashboard/auth/login', CREDENTIALS, headers=PAGE)
    keystone.tokens.clear()     # expired or revoked elsewhere
    resp = pipeline.get('/dashboard/auth/session', headers=PAGE)
    assert resp.json['session']['signed_in'] is False
    assert 'max-age=0' in _cookie_header(resp)


def test_without_the_middleware_sign_in_says_what_is_missing(keystone):
    app = webtest.TestApp(faults.FaultWrapper(
        fakes.FakeAuthToken(_pecan_app(), keystone)))
    resp = app.post_json('/dashboard/auth/login', CREDENTIALS, headers=PAGE,
                         status=503)
    assert 'TokenCookie' in resp.json['serviceUnavailable']['message']
    assert not keystone.tokens


def test_a_deeply_nested_sign_in_body_is_a_400(keystone):
    """Through the real pipeline: no token needed to reach the login."""
    app = webtest.TestApp(api_app.setup_app())
    for depth in (100, 5000):
        body = '{"username": ' + '[' * depth + ']' * depth + '}'
        resp = app.post('/dashboard/auth/login', body, headers=PAGE,
                        content_type='application/json', status=400)
        assert resp.json['badRequest']['code'] == 400
