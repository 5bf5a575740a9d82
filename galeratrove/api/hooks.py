"""Pecan hooks: the request context, and errors rendered Trove's way."""

from oslo_log import log as logging
import pecan
import webob

from galeratrove.api import faults
from galeratrove.common import context as gt_context
from galeratrove.common import exception
from galeratrove.conf import CONF

LOG = logging.getLogger(__name__)


def request_context(environ):
    """The RequestContext of a request, from keystonemiddleware's headers.

    With ``noauth`` the project comes from the path (set during routing)
    and the caller is an administrator unless ``X-Roles`` says otherwise.
    """
    if CONF.auth_strategy == 'keystone':
        if environ.get('HTTP_X_IDENTITY_STATUS') != 'Confirmed':
            raise exception.Unauthorized(
                'A valid Keystone token is required (X-Auth-Token).')
        return gt_context.RequestContext.from_environ(environ)
    roles = [r.strip() for r in
             environ.get('HTTP_X_ROLES', 'admin').split(',') if r.strip()]
    return gt_context.RequestContext(
        project_id=None, user_id=environ.get('HTTP_X_USER_ID'),
        roles=roles, is_admin='admin' in roles,
        request_id=environ.get('openstack.request_id'))


def scope(ctx, tenant_id):
    """The project in the path: noauth's project, else the token's own."""
    if ctx.project_id is None:
        ctx.project_id = tenant_id
    elif ctx.project_id != tenant_id:
        raise exception.Forbidden(
            'This token is scoped to project %s and cannot act on '
            'project %s.' % (ctx.project_id, tenant_id))


def error_response(e, method, path):
    """The Trove-shaped response for an exception, or None for webob's."""
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
    LOG.exception('Unexpected error handling %s %s', method, path)
    return faults.response(500, 'instanceFault',
                           'The server failed to handle the request; '
                           'the error was logged.')


class ContextHook(pecan.hooks.PecanHook):
    """Puts the request_context() where the controllers find it."""

    def on_route(self, state):
        if state.request.path.split('/')[:2] == ['', 'dashboard']:
            return  # the panel checks its own session (controllers/dashboard)
        state.request.context['gt_context'] = request_context(
            state.request.environ)

    def on_error(self, state, e):
        return error_response(e, state.request.method, state.request.path)
