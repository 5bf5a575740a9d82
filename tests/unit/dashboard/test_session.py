"""The panel's Keystone session: tokens, and the cookie that holds one."""

import datetime

import pytest
import webob

from galeratrove.dashboard import session
from tests.unit.dashboard import fakes

UTC = datetime.timezone.utc


@pytest.fixture
def keystone(conf):
    with fakes.FakeKeystone() as ks:
        conf('keystone_url', ks.url + '/v3/', group='dashboard')
        yield ks


@pytest.mark.parametrize('configured', [
    'http://ks.example:5000', 'http://ks.example:5000/',
    'http://ks.example:5000/v3', 'http://ks.example:5000/v3/'])
def test_keystone_url_is_normalised_to_v3(conf, configured):
    conf('keystone_url', configured, group='dashboard')
    assert session.keystone_url() == 'http://ks.example:5000/v3'


def test_keystone_url_falls_back_to_keystone_authtoken(conf):
    from keystonemiddleware import auth_token  # noqa: F401
    conf('www_authenticate_uri', 'https://id.example/identity/v3',
         group='keystone_authtoken')
    assert session.keystone_url() == 'https://id.example/identity/v3'


def test_keystone_url_missing_is_a_clear_error(conf):
    from keystonemiddleware import auth_token  # noqa: F401
    conf('www_authenticate_uri', None, group='keystone_authtoken')
    with pytest.raises(session.KeystoneError, match='keystone_url'):
        session.keystone_url()


def test_issue_token_asks_for_a_project_scoped_password_token(keystone):
    token = session.issue_token('alice', 's3cret', 'demo', 'Default')
    assert token.id in keystone.tokens
    assert token.project == {'id': fakes.PROJECT['id'], 'name': 'demo'}
    assert token.user == {'id': fakes.USER['id'], 'name': 'alice'}
    assert token.roles == ['member', 'reader']
    left = token.expires_at - datetime.datetime.now(UTC)
    assert datetime.timedelta(minutes=59) < left <= datetime.timedelta(
        hours=1)
    sent = keystone.requests[-1]['auth']
    assert sent['identity']['methods'] == ['password']
    assert sent['identity']['password']['user'] == {
        'name': 'alice', 'password': 's3cret', 'domain': {'name': 'Default'}}
    assert sent['scope'] == {'project': {'name': 'demo',
                                         'domain': {'name': 'Default'}}}


def test_issue_token_refused(keystone):
    with pytest.raises(session.SignInError):
        session.issue_token('alice', 'wrong', 'demo', 'Default')
    assert not keystone.tokens


def test_issue_token_keystone_unreachable(conf):
    with fakes.FakeKeystone() as ks:
        url = ks.url
    conf('keystone_url', url, group='dashboard')
    conf('keystone_timeout', 2, group='dashboard')
    with pytest.raises(session.KeystoneError, match='cannot be reached'):
        session.issue_token('alice', 's3cret', 'demo', 'Default')


def test_issue_token_unexpected_answer(conf, keystone):
    conf('keystone_url', keystone.url + '/elsewhere', group='dashboard')
    with pytest.raises(session.KeystoneError, match='HTTP 404'):
        session.issue_token('alice', 's3cret', 'demo', 'Default')


def test_revoke_token(keystone):
    token = session.issue_token('alice', 's3cret', 'demo', 'Default')
    assert session.revoke_token(token.id) is True
    assert keystone.revoked == [token.id]
    assert token.id not in keystone.tokens
    # A second revocation fails at Keystone: logged, not raised.
    assert session.revoke_token(token.id) is False


def test_cookie_lives_as_long_as_the_token():
    now = datetime.datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    in_an_hour = now + datetime.timedelta(hours=1)
    assert session.cookie_max_age(in_an_hour, now) == 3600
    assert session.cookie_max_age(now - datetime.timedelta(1), now) == 0
    assert session.cookie_max_age(now + datetime.timedelta(days=7),
                                  now) == session.MAX_COOKIE_AGE
    assert session.cookie_max_age(None, now) == session.MAX_COOKIE_AGE


def _token(expires_in=600):
    return session.Token(
        id='tok-123', user={'id': 'u', 'name': 'alice'},
        project={'id': 'p', 'name': 'demo'}, roles=['member'],
        expires_at=datetime.datetime.now(UTC) +
        datetime.timedelta(seconds=expires_in))


def _set_cookie(url):
    req = webob.Request.blank(url)
    resp = webob.Response()
    session.set_cookie(req, resp, _token())
    return resp.headers.getall('Set-Cookie')


def test_set_cookie_is_httponly_samesite_strict(conf):
    [header] = _set_cookie('http://127.0.0.1:8779/dashboard/auth/login')
    parts = [p.strip() for p in header.split(';')]
    assert parts[0] == '%s=tok-123' % session.COOKIE_NAME
    lowered = [p.lower() for p in parts]
    assert 'httponly' in lowered
    assert 'samesite=strict' in lowered
    assert 'path=/' in lowered
    assert 'secure' not in lowered
    max_age = [p for p in lowered if p.startswith('max-age=')]
    assert max_age and 590 <= int(max_age[0].split('=')[1]) <= 600


def test_set_cookie_secure_over_https_or_when_configured(conf):
    [header] = _set_cookie('https://api.example/dashboard/auth/login')
    assert 'secure' in [p.strip().lower() for p in header.split(';')]
    conf('secure_cookie', True, group='dashboard')
    [header] = _set_cookie('http://127.0.0.1/dashboard/auth/login')
    assert 'secure' in [p.strip().lower() for p in header.split(';')]


def test_clear_cookie_expires_it(conf):
    req = webob.Request.blank('http://127.0.0.1/dashboard/auth/logout')
    resp = webob.Response()
    session.clear_cookie(req, resp)
    [header] = resp.headers.getall('Set-Cookie')
    lowered = [p.strip().lower() for p in header.split(';')]
    assert lowered[0] == '%s=' % session.COOKIE_NAME
    assert 'max-age=0' in lowered and 'httponly' in lowered


@pytest.mark.parametrize('header, token, rest', [
    (None, None, ''),
    ('', None, ''),
    ('a=1; b=2', None, 'a=1; b=2'),
    ('galeratrove_dashboard_token=abc', 'abc', ''),
    ('a=1; galeratrove_dashboard_token=abc.def-_; b=2', 'abc.def-_',
     'a=1; b=2'),
    ('galeratrove_dashboard_token="quoted"; a=1', 'quoted', 'a=1'),
    ('galeratrove_dashboard_token=; a=1', None, 'a=1'),
    ('xgaleratrove_dashboard_token=abc', None,
     'xgaleratrove_dashboard_token=abc'),
])
def test_split_cookie_header(header, token, rest):
    assert session.split_cookie_header(header) == (token, rest)


def test_session_body_never_carries_the_token():
    body = session.session_body(_token())
    assert 'tok-123' not in repr(body)
    assert body['project'] == {'id': 'p', 'name': 'demo'}
    assert body['expires'].endswith('Z')
