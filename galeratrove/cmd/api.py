"""galeratrove-api: the REST API."""

import sys

from oslo_log import log as logging

from galeratrove.api import app
from galeratrove.api import server
from galeratrove import cmd
from galeratrove.common import exception
from galeratrove.conf import CONF
from galeratrove.db import api as db_api

LOG = logging.getLogger(__name__)


def main():
    cmd.prepare(sys.argv, 'galeratrove REST API')
    db_api.configure()
    try:
        httpd = server.make_server(app.setup_app(), CONF.bind_host,
                                   CONF.bind_port)
    except exception.ConfigurationError as e:
        sys.exit('galeratrove-api: %s' % e)
    LOG.info('API listening on http://%s:%d', CONF.bind_host,
             CONF.bind_port)
    httpd.serve_forever()


if __name__ == '__main__':
    main()
