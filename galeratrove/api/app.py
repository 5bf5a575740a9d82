"""The WSGI application: pecan app, auth and fault middleware."""

from oslo_log import log as logging
from oslo_middleware import healthcheck
from oslo_middleware import request_id
from oslo_middleware import sizelimit
import pecan

from galeratrove.api import faults
from galeratrove.api import guards
from galeratrove.api import hooks
from galeratrove.conf import CONF
from galeratrove.dashboard import middleware as dashboard_middleware

LOG = logging.getLogger(__name__)


def setup_app():
    app = pecan.make_app(
        'galeratrove.api.controllers.root.RootController',
        hooks=[hooks.ContextHook()],
        force_canonical=False, guess_content_type_from_ext=False,
        debug=False)
    if CONF.auth_strategy == 'keystone':
        from keystonemiddleware import auth_token
        app = auth_token.AuthProtocol(app, {'delay_auth_decision': True,
                                            'oslo_config_config': CONF})
        # The panel's HttpOnly session cookie becomes X-Auth-Token.
        app = dashboard_middleware.TokenCookie(app)
    # Bodies over [oslo_middleware] max_request_body_size get a 413 here
    # too when another WSGI server runs the app (galeratrove.api.wsgi).
    app = faults.FaultWrapper(sizelimit.RequestBodySizeLimiter(app, CONF))
    app = guards.Guard(app, noauth=CONF.auth_strategy == 'noauth')
    # Every response carries x-openstack-request-id; /healthcheck answers
    # load balancers without auth ([healthcheck] options).
    return request_id.RequestId(_HealthcheckPath(
        app, healthcheck.Healthcheck(None, CONF)))


class _HealthcheckPath:
    """Sends ``/healthcheck`` to oslo.middleware's app, the rest on."""

    def __init__(self, app, health):
        self.app = app
        self.health = health

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO', '').rstrip('/') == '/healthcheck':
            return self.health(environ, start_response)
        return self.app(environ, start_response)
