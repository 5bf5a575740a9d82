"""TokenCookie: the session cookie becomes X-Auth-Token, and only then."""

import webob

from galeratrove.dashboard import middleware
from galeratrove.dashboard import session

COOKIE = session.COOKIE_NAME


class Recorder:
    """The app behind the middleware: remembers what it was given."""

    def __init__(self):
        self.environ = None

    def __call__(self, environ, start_response):
        self.environ = dict(environ)
        return webob.Response(body=b'ok')(environ, start_response)


def call(headers):
    app = Recorder()
    req = webob.Request.blank('/v1.0/p/clusters', headers=headers)
    resp = req.get_response(middleware.TokenCookie(app))
    assert resp.body == b'ok'
    return app.environ


def test_cookie_becomes_the_token_for_the_pages_requests():
    env = call({'Cookie': '%s=tok-1' % COOKIE, session.HEADER: '1'})
    assert env['HTTP_X_AUTH_TOKEN'] == 'tok-1'
    assert env[middleware.FROM_COOKIE] is True
    assert env[middleware.INSTALLED] is True
    assert 'HTTP_COOKIE' not in env


def test_cookie_is_ignored_without_the_pages_header():
    # A cross-site form cannot add the header; SameSite=Strict aside, the
    # cookie alone authenticates nothing.
    env = call({'Cookie': '%s=tok-1' % COOKIE})
    assert 'HTTP_X_AUTH_TOKEN' not in env
    assert middleware.FROM_COOKIE not in env
    assert 'HTTP_COOKIE' not in env


def test_header_value_must_be_exactly_one():
    env = call({'Cookie': '%s=tok-1' % COOKIE, session.HEADER: 'yes'})
    assert 'HTTP_X_AUTH_TOKEN' not in env


def test_an_explicit_token_wins_over_the_cookie():
    env = call({'Cookie': '%s=tok-1' % COOKIE, session.HEADER: '1',
                'X-Auth-Token': 'tok-explicit'})
    assert env['HTTP_X_AUTH_TOKEN'] == 'tok-explicit'
    assert middleware.FROM_COOKIE not in env


def test_other_cookies_pass_through_untouched():
    env = call({'Cookie': 'lang=en; %s=tok-1; theme=dark' % COOKIE,
                session.HEADER: '1'})
    assert env['HTTP_COOKIE'] == 'lang=en; theme=dark'
    assert env['HTTP_X_AUTH_TOKEN'] == 'tok-1'


def test_requests_without_the_cookie_are_left_alone():
    env = call({'Cookie': 'lang=en', session.HEADER: '1'})
    assert env['HTTP_COOKIE'] == 'lang=en'
    assert 'HTTP_X_AUTH_TOKEN' not in env
    assert env[middleware.INSTALLED] is True
