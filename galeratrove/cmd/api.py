"""galeratrove-api: the REST API in ``[api] workers`` processes."""

import sys

from oslo_log import log as logging

from galeratrove.api import app
from galeratrove.api import prefork
from galeratrove.api import server
from galeratrove import cmd
from galeratrove.common import exception
from galeratrove.conf import CONF
from galeratrove.db import api as db_api

LOG = logging.getLogger(__name__)


def make_app():
    """The WSGI app of one worker, with its own database pools."""
    db_api.configure()
    wsgi_app = app.setup_app()
    return server.AccessLog(wsgi_app) if CONF.api.access_log else wsgi_app


def main():
    cmd.prepare(sys.argv, 'galeratrove REST API')
    try:
        prefork.check_bind()
    except exception.ConfigurationError as e:
        sys.exit('galeratrove-api: %s' % e)
    LOG.info('API listening on http://%s:%d with %d workers',
             CONF.bind_host, CONF.bind_port, prefork.worker_count())
    prefork.Application(make_app).run()


if __name__ == '__main__':
    main()
