"""The WSGI application: pecan app, auth and fault middleware."""

from oslo_log import log as logging
from oslo_middleware import healthcheck
from oslo_middleware import request_id
import pecan

from galeratrove.api import faults
from galeratrove.api import hooks
from galeratrove.conf import CONF
from galeratrove.dashboard import middleware as dashboard_middleware

LOG = logging.getLogger(__name__)


def _warn_if_open():
    host = CONF.bind_host
    loopback = host == 'localhost' or host.startswith('127.') or host == '::1'
    if CONF.auth_strategy == 'noauth' and not loopback:
        LOG.warning('auth_strategy is noauth but the API listens on %s: '
                    'anyone who reaches it acts as an administrator of any '
                    'project. Use auth_strategy = keystone.', host)


def setup_app():
    _warn_if_open()
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
    app = faults.FaultWrapper(app)
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
