"""Serve one OpenStack WSGI application with a threaded stdlib server.

    python wsgi_serve.py <module> <port> [argv for the service...]

(uwsgi is not needed for a test stack). The extra arguments become the
service's sys.argv: Neutron and Cinder parse their config from it.
"""

import importlib
import socketserver
import sys
from wsgiref import simple_server


class Server(socketserver.ThreadingMixIn, simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class Handler(simple_server.WSGIRequestHandler):

    def log_message(self, *args):
        pass


def main():
    module, port = sys.argv[1], int(sys.argv[2])
    sys.argv = [module] + sys.argv[3:]
    app = importlib.import_module(module).application
    server = Server(('127.0.0.1', port), Handler)
    server.set_app(app)
    server.serve_forever()


if __name__ == '__main__':
    main()
