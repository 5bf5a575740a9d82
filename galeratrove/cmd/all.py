"""galeratrove-all: API, conductor and taskmanager in one process.

The embedded default: loopback, SQLite under state_path, in-process
messaging, the local compute driver and no auth. With --config-file every
option can point elsewhere.
"""

import os
import signal
import sys

from oslo_log import log as logging

from galeratrove.api import app
from galeratrove.api import server
from galeratrove import cmd
from galeratrove.common import exception
from galeratrove.common import rpc
from galeratrove.conf import CONF
from galeratrove import datastores
from galeratrove.db import api as db_api
from galeratrove.db import migration
from galeratrove import service

LOG = logging.getLogger(__name__)


def set_embedded_defaults():
    """In-process messaging and no auth, unless the config says else."""
    CONF.set_default('transport_url', rpc.IN_PROCESS_URL)
    CONF.set_default('auth_strategy', 'noauth')


def start(argv):
    """Start everything; returns (httpd, services) for the caller to stop."""
    set_embedded_defaults()
    cmd.prepare(argv, 'galeratrove: every service in one process')
    # Bind first: a port in use is the likeliest mistake, say it plainly.
    try:
        httpd = server.make_server(None, CONF.bind_host, CONF.bind_port)
    except OSError as e:
        sys.exit('galeratrove-all: cannot listen on %s:%d (%s); is another '
                 'one running? Set [DEFAULT] bind_port to use another port.'
                 % (CONF.bind_host, CONF.bind_port, e.strerror))
    except exception.ConfigurationError as e:
        sys.exit('galeratrove-all: %s' % e)
    os.makedirs(CONF.state_path, mode=0o711, exist_ok=True)
    db_api.configure()
    migration.upgrade()
    datastores.register_installed()
    services = [service.conductor(), service.TaskManagerService()]
    started = []
    try:
        for svc in services:
            svc.start()
            started.append(svc)
    except exception.HostNotReady as e:
        for svc in reversed(started):
            svc.stop()
        httpd.server_close()
        sys.exit('galeratrove-all: %s' % e)
    httpd.set_app(app.setup_app())
    return httpd, services


def main():
    httpd, services = start(sys.argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    LOG.info('galeratrove-all serving on http://%s:%d/ (state in %s)',
             CONF.bind_host, CONF.bind_port, CONF.state_path)
    print('galeratrove-all: http://%s:%d/v1.0/<tenant>/clusters' % (
        CONF.bind_host, CONF.bind_port), flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for svc in reversed(services):
            svc.stop()


if __name__ == '__main__':
    main()
