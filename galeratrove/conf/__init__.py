"""All galeratrove options, registered in one place on the global CONF."""

from oslo_config import cfg
from oslo_db import options as db_options
from oslo_log import log
from oslo_middleware import sizelimit

from galeratrove.conf import api
from galeratrove.conf import cluster
from galeratrove.conf import compute
from galeratrove.conf import dashboard
from galeratrove.conf import datastores
from galeratrove.conf import default
from galeratrove.conf import guest
from galeratrove.conf import openstack
from galeratrove.conf import rpc_auth
from galeratrove.conf import rpc_versions

CONF = cfg.CONF

MODULES = (default, api, cluster, compute, dashboard, datastores, guest,
           openstack, rpc_auth, rpc_versions)

for _module in MODULES:
    _module.register_opts(CONF)

DEFAULT_CONNECTION = 'sqlite:///$state_path/galeratrove.sqlite'
db_options.set_defaults(CONF, connection=DEFAULT_CONNECTION)
log.register_options(CONF)
# [oslo_middleware] max_request_body_size bounds the API server too.
CONF.register_opts(sizelimit.OPTS, group='oslo_middleware')


def _register_messaging_opts():
    """transport_url and friends, so they can be read before first use."""
    import oslo_messaging
    from oslo_messaging import opts as messaging_opts
    oslo_messaging.set_transport_defaults(control_exchange='galeratrove')
    for group, opts in messaging_opts.list_opts():
        if group in (None, 'DEFAULT'):
            CONF.register_opts(opts)


_register_messaging_opts()


def prepare(argv, description=None):
    """Parse a service's command line and config files; set up logging."""
    CONF(argv[1:], project='galeratrove', description=description)
    log.setup(CONF, 'galeratrove')
