"""Pecan hooks: the request context, and errors rendered Trove's way."""

from oslo_log import log as logging
import pecan
import webob

from galeratrove.api import faults
from galeratrove.common import context as gt_context
from galeratrove.common import exception
from galeratrove.conf import CONF

LOG = logging.getLogger(__name__)


class ContextHook(pecan.hooks.PecanHook):
    """Builds the RequestContext from keystonemiddleware's headers.

    With ``noauth`` the project comes from the path (set during routing)
    and the caller is an administrator unless ``X-Roles`` says otherwise.
    """

    def on_route(self, state):
        if state.request.path.split('/')[:2] == ['', 'dashboard']:
            return  # the panel checks its own session (controllers/dashboard)
        headers = state.request.headers
        if CONF.auth_strategy == 'keystone':
            if headers.get('X-Identity-Status') != 'Confirmed':
                raise exception.Unauthorized(
                    'A valid Keystone token is required (X-Auth-Token).')
            ctx = gt_context.RequestContext.from_environ(
                state.request.environ)
        else:
            roles = [r.strip() for r in
                     headers.get('X-Roles', 'admin').split(',') if r.strip()]
            ctx = gt_context.RequestContext(
                project_id=None, user_id=headers.get('X-User-Id'),
                roles=roles, is_admin='admin' in roles,
                request_id=state.request.environ.get(
                    'openstack.request_id'))
        state.request.context['gt_context'] = ctx

    def on_error(self, state, e):
        if isinstance(e, exception.GaleraTroveError):
            if e.code >= 500:
                LOG.error('Request failed: %s', e)
            return faults.response(e.code, e.fault, e.msg)
        if isinstance(e, webob.exc.HTTPException):
            return None
        if isinstance(e, RecursionError):
            # Pecan decodes JSON bodies while routing, before any of ours.
            return faults.response(400, 'badRequest',
                                   'The request body is nested too deeply.')
        LOG.exception('Unexpected error handling %s %s',
                      state.request.method, state.request.path)
        return faults.response(500, 'instanceFault',
                               'The server failed to handle the request; '
                               'the error was logged.')
