"""galeratrove-api's server: gunicorn, ``[api] workers`` gthread processes.

One Python process runs one request at a time whatever its threads, so
the API scales over CPUs with processes, as OpenStack services deploy.
gunicorn is a pure-Python prefork server: its master binds the socket
once (``[api] backlog``), forks the workers, restarts any that dies and,
on SIGTERM, lets each finish the requests under way
(``[api] graceful_shutdown_timeout``). Its gthread workers keep idle
keep-alive connections in a poller and hand a connection to a thread
only once it has sent something. Each worker opens its own database
pools after the fork. Errors gunicorn answers itself (a malformed
request line, headers over its limits) get our JSON shape.
"""

import html
import json
import os
import re

from gunicorn.app import base as gunicorn_app
from gunicorn.workers import gthread

from galeratrove.api import faults
from galeratrove.api import guards
from galeratrove.common import exception
from galeratrove.conf import CONF

_HTML_ERROR = re.compile(
    rb'^HTTP/1\.[01] (\d{3}) ([^\r]*)\r\n.*?</h1>\s*(.*?)\s*</body>',
    re.S)


def worker_count():
    """``[api] workers``, or one per CPU this process may run on."""
    return CONF.api.workers or len(os.sched_getaffinity(0)) or 1


def json_error(raw):
    """gunicorn's HTML error response, as a Trove-shaped JSON one."""
    match = _HTML_ERROR.match(raw)
    if match is None:
        return raw
    code = int(match.group(1))
    reason = match.group(2).decode('latin-1')
    detail = html.unescape(match.group(3).decode('latin-1')).strip()
    body = json.dumps(faults.body(
        code, faults.FAULT_NAMES.get(code, 'badRequest'),
        '%s: %s' % (reason, detail) if detail else reason)).encode()
    return (b'HTTP/1.1 %d %s\r\nConnection: close\r\n'
            b'Content-Type: application/json\r\nContent-Length: %d\r\n\r\n'
            % (code, reason.encode('latin-1'), len(body))) + body


class _ErrorSocket:
    """The client socket, with gunicorn's error page rewritten as JSON."""

    def __init__(self, sock):
        self._sock = sock

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def send(self, data):
        self.sendall(data)
        return len(data)

    def sendall(self, data):
        return self._sock.sendall(json_error(bytes(data)))


class Worker(gthread.ThreadWorker):
    """gunicorn's gthread worker; its own error pages in our JSON shape.

    On SIGTERM it also stops listening at once: gthread keeps the
    listening socket open while it drains, so the kernel would go on
    queueing new connections that nobody accepts and that are reset when
    the worker exits; closed, they are refused and a client or load
    balancer tries another API.
    """

    def handle_exit(self, sig, frame):
        super().handle_exit(sig, frame)
        try:
            self.set_accept_enabled(False)
        except (AttributeError, KeyError, ValueError, OSError):
            pass  # before the poller exists: nothing registered yet
        for listener in self.sockets:
            listener.close()

    def accept(self, listener):
        if self.alive:
            super().accept(listener)

    def handle_error(self, req, client, addr, exc):
        super().handle_error(req, _ErrorSocket(client), addr, exc)


class Application(gunicorn_app.BaseApplication):
    """gunicorn configured from galeratrove.conf, not its command line."""

    def __init__(self, make_app):
        self._make_app = make_app
        super().__init__(prog='galeratrove-api')

    def load_config(self):
        host = CONF.bind_host
        bind = '[%s]:%d' % (host, CONF.bind_port) if ':' in host else \
            '%s:%d' % (host, CONF.bind_port)
        settings = {
            'bind': [bind],
            'workers': worker_count(),
            'worker_class': '%s.%s' % (__name__, Worker.__name__),
            'threads': CONF.api.threads,
            'worker_connections': CONF.api_connection_limit,
            'backlog': CONF.api.backlog,
            'keepalive': CONF.client_socket_timeout,
            'graceful_timeout': CONF.api.graceful_shutdown_timeout,
            # A worker that stops reporting (wedged) is replaced.
            'timeout': max(60, CONF.client_socket_timeout * 2),
            'proc_name': 'galeratrove-api',
            # No shared control socket under $HOME: signals suffice.
            'control_socket_disable': True,
            # The bodies are limited by [oslo_middleware]
            # max_request_body_size inside the app.
            'errorlog': '-',
            'accesslog': None,
        }
        for key, value in settings.items():
            self.cfg.set(key, value)

    def load(self):
        """Runs in each worker after the fork: pools are per process."""
        return self._make_app()


def check_bind():
    """noauth must listen on loopback only (as galeratrove-all)."""
    if CONF.auth_strategy == 'noauth' and not guards.is_loopback(
            CONF.bind_host):
        raise exception.ConfigurationError(
            'auth_strategy = noauth would let anyone who reaches %s act '
            'as an administrator of any project: listen on a loopback '
            'address (bind_host) or use auth_strategy = keystone.'
            % CONF.bind_host)
