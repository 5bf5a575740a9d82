"""The WSGI application: pecan app, auth and fault middleware."""

from oslo_log import log as logging
from oslo_middleware import healthcheck
from oslo_middleware import sizelimit
import pecan
from pecan import core as pecan_core
from pecan import rest as pecan_rest
from pecan import routing as pecan_routing
from pecan import util as pecan_util

from galeratrove.api import fast_reads
from galeratrove.api import faults
from galeratrove.api import guards
from galeratrove.api import hooks
from galeratrove.api import middleware
from galeratrove.conf import CONF
from galeratrove.dashboard import middleware as dashboard_middleware

LOG = logging.getLogger(__name__)


def setup_app():
    _remember_argspecs()
    app = fast_reads.FastReads(pecan.make_app(
        'galeratrove.api.controllers.root.RootController',
        hooks=[hooks.ContextHook()],
        force_canonical=False, guess_content_type_from_ext=False,
        debug=False))
    if CONF.auth_strategy == 'keystone':
        from keystonemiddleware import auth_token
        app = auth_token.AuthProtocol(app, {'delay_auth_decision': True,
                                            'oslo_config_config': CONF})
        # The panel's HttpOnly session cookie becomes X-Auth-Token.
        app = dashboard_middleware.TokenCookie(app)
    # Bodies over [oslo_middleware] max_request_body_size get a 413 here
    # too when another WSGI server runs the app (galeratrove.api.wsgi).
    app = faults.FaultWrapper(middleware.BodiesOnly(
        app, sizelimit.RequestBodySizeLimiter(app, CONF)))
    app = guards.Guard(app, noauth=CONF.auth_strategy == 'noauth')
    # Every response carries x-openstack-request-id; /healthcheck answers
    # load balancers without auth ([healthcheck] options).
    return middleware.RequestId(_HealthcheckPath(
        app, healthcheck.Healthcheck(None, CONF)))


def _remember_argspecs():
    """Pecan's argspecs, worked out once per controller method.

    Pecan inspects each method it routes through on every request (and
    makes a namedtuple class each time); signatures never change.
    """
    if getattr(pecan_util.getargspec, 'remembered', False):
        return
    inspect = pecan_util.getargspec
    specs = {}

    def getargspec(method):
        key = getattr(method, '__func__', method)
        spec = specs.get(key)
        if spec is None:
            spec = specs[key] = inspect(method)
        return spec
    getargspec.remembered = True
    for module in (pecan_util, pecan_core, pecan_rest, pecan_routing):
        module.getargspec = getargspec


class _HealthcheckPath:
    """Sends ``/healthcheck`` to oslo.middleware's app, the rest on."""

    def __init__(self, app, health):
        self.app = app
        self.health = health

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '').rstrip('/') == '/healthcheck':
            return self.health(environ, start_response)
        return self.app(environ, start_response)
