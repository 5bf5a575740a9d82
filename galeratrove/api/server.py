"""A threaded WSGI server for the API (production may use wsgi.py)."""

import socketserver
from wsgiref import simple_server


class _Server(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(simple_server.WSGIRequestHandler):

    def log_message(self, format, *args):
        from oslo_log import log as logging
        logging.getLogger('galeratrove.api.access').info(
            '%s %s', self.address_string(), format % args)


def make_server(app, host, port):
    return simple_server.make_server(host, port, app, server_class=_Server,
                                     handler_class=_Handler)
