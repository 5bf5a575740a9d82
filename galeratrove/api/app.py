"""The WSGI application: pecan app, auth and fault middleware."""

import pecan

from galeratrove.api import faults
from galeratrove.api import hooks
from galeratrove.conf import CONF
from galeratrove.dashboard import middleware as dashboard_middleware


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
    return faults.FaultWrapper(app)
