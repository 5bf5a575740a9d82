"""The API's WSGI server: waitress, bounded and with Trove-shaped errors.

Waitress reads each request on its event loop and hands only complete
ones to a fixed pool of worker threads, so half-sent requests hold no
thread and are dropped after ``client_socket_timeout``; bodies over
``[oslo_middleware] max_request_body_size`` are refused before they are
read. Its own error pages (413, 400 for malformed HTTP) get our JSON
shape too.
"""

import json

from oslo_log import log as logging
from waitress import channel
from waitress import server as waitress_server
from waitress import task

from galeratrove.api import faults
from galeratrove.api import guards
from galeratrove.common import exception
from galeratrove.conf import CONF

ACCESS_LOG = logging.getLogger('galeratrove.api.access')


class _ErrorTask(task.ErrorTask):
    """Waitress's own refusals as ``{"<fault>": {"code", "message"}}``."""

    def execute(self):
        error = self.request.error
        code = error.code
        body = json.dumps(faults.body(
            code, faults.FAULT_NAMES.get(code, 'badRequest'),
            '%s: %s' % (error.reason, error.body))).encode()
        self.status = '%d %s' % (code, error.reason)
        self.response_headers.extend([
            ('Content-Type', 'application/json'),
            ('Connection', 'close')])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(channel.HTTPChannel):
    error_task_class = _ErrorTask


class AccessLog:
    """One line per request, as the access log of any web server."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        seen = {}

        def record(status, headers, exc_info=None):
            seen['status'] = status.split(' ', 1)[0]
            return start_response(status, headers, exc_info)
        try:
            return self.app(environ, record)
        finally:
            ACCESS_LOG.info('%s "%s %s" %s', environ.get('REMOTE_ADDR'),
                            environ.get('REQUEST_METHOD'),
                            environ.get('PATH_INFO'),
                            seen.get('status', '-'))


class Server:
    """Listening from construction; serving once the app is set."""

    def __init__(self, app, host, port):
        if CONF.auth_strategy == 'noauth' and not guards.is_loopback(host):
            raise exception.ConfigurationError(
                'auth_strategy = noauth would let anyone who reaches %s act '
                'as an administrator of any project: listen on a loopback '
                'address (bind_host) or use auth_strategy = keystone.'
                % host)
        self.app = app
        self._server = waitress_server.create_server(
            AccessLog(self._dispatch), host=host, port=port,
            threads=CONF.api_threads,
            connection_limit=CONF.api_connection_limit,
            channel_timeout=CONF.client_socket_timeout,
            # How often idle connections are looked for and closed.
            cleanup_interval=max(1, min(30, CONF.client_socket_timeout // 2)),
            max_request_body_size=CONF.oslo_middleware.max_request_body_size,
            expose_tracebacks=False, ident='galeratrove',
            backlog=CONF.api.backlog, clear_untrusted_proxy_headers=True)
        self._server.channel_class = _Channel

    def _dispatch(self, environ, start_response):
        if self.app is None:
            start_response('503 Service Unavailable',
                           [('Content-Type', 'application/json')])
            return [json.dumps(faults.body(
                503, 'serviceUnavailable', 'The service is starting.'
            )).encode()]
        return self.app(environ, start_response)

    def set_app(self, app):
        self.app = app

    def serve_forever(self):
        self._server.run()

    def server_close(self):
        self._server.close()


def make_server(app, host, port):
    return Server(app, host, port)
