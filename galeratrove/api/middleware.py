"""Plain WSGI middleware for what every request passes through.

oslo.middleware's RequestId and RequestBodySizeLimiter build webob
requests and responses around every call; these do the same work on the
environ and the headers, and send bodiless requests past the limiter.
"""

import re

from oslo_context import context
from oslo_middleware import request_id

from galeratrove.api import guards

_ID_FORMAT = re.compile(request_id.ID_FORMAT)
_HEADER = request_id.HTTP_RESP_HEADER_REQUEST_ID


class RequestId:
    """Gives each request an id, in the environ and the response headers.

    A valid inbound ``X-Openstack-Request-Id`` becomes the global one.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        inbound = environ.get('HTTP_X_OPENSTACK_REQUEST_ID', '')
        if _ID_FORMAT.match(inbound):
            environ[request_id.GLOBAL_REQ_ID] = inbound
        req_id = context.generate_request_id()
        environ[request_id.ENV_REQUEST_ID] = req_id

        def start(status, headers, exc_info=None):
            if not any(k.lower() == _HEADER for k, _v in headers):
                headers = list(headers) + [(_HEADER, req_id)]
            return start_response(status, headers, exc_info)
        return self.app(environ, start)


class BodiesOnly:
    """Sends only requests that have a body through ``limiter``."""

    def __init__(self, app, limiter):
        self.app = app
        self.limiter = limiter

    def __call__(self, environ, start_response):
        if guards.has_body(environ):
            return self.limiter(environ, start_response)
        return self.app(environ, start_response)
