"""WSGI middleware: the panel's session cookie becomes ``X-Auth-Token``.

It sits in front of keystonemiddleware's auth_token (``auth_strategy =
keystone`` only). The cookie is always taken out of the ``Cookie`` header
so nothing behind this middleware sees (or logs) it; it is turned into
``X-Auth-Token`` only for requests that carry the panel's own header
(:data:`galeratrove.dashboard.session.HEADER`) and no token of their own.
``SameSite=Strict`` already keeps the cookie off cross-site requests; the
header requirement is a second lock that a cross-site form cannot open.
"""

from galeratrove.dashboard import session

INSTALLED = 'galeratrove.dashboard.token_cookie'
FROM_COOKIE = 'galeratrove.dashboard.token_from_cookie'


class TokenCookie:

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ[INSTALLED] = True
        if session.COOKIE_NAME in environ.get('HTTP_COOKIE', ''):
            token, rest = session.split_cookie_header(environ['HTTP_COOKIE'])
            if rest:
                environ['HTTP_COOKIE'] = rest
            else:
                del environ['HTTP_COOKIE']
            if (token and environ.get(session.ENVIRON_HEADER) == '1' and
                    not environ.get('HTTP_X_AUTH_TOKEN')):
                environ['HTTP_X_AUTH_TOKEN'] = token
                environ[FROM_COOKIE] = True
        return self.app(environ, start_response)
