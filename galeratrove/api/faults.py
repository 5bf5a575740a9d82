"""Trove-shaped error bodies, and a middleware that makes every error one.

Pecan's and webob's own 404/405 pages and keystonemiddleware's refusals are
rewritten so that clients always get ``{"<fault>": {"code", "message"}}``.
"""

import json

import webob

from galeratrove.conf import CONF

FAULT_NAMES = {400: 'badRequest', 401: 'unauthorized', 403: 'forbidden',
               404: 'itemNotFound', 405: 'badMethod', 409: 'conflict',
               413: 'overLimit', 415: 'badMediaType',
               422: 'unprocessableEntity', 500: 'instanceFault',
               501: 'notImplemented', 503: 'serviceUnavailable'}

DEFAULT_MESSAGES = {404: 'The resource could not be found.',
                    405: 'The method is not allowed for this resource.',
                    401: 'Authentication is required.'}


def body(code, fault, message):
    return {fault: {'code': code, 'message': message}}


def response(code, fault, message):
    return webob.Response(status=code, content_type='application/json',
                          charset='UTF-8',
                          body=json.dumps(body(code, fault,
                                               message)).encode())


def _is_fault(resp):
    if resp.content_type != 'application/json':
        return False
    try:
        data = json.loads(resp.body)
    except ValueError:
        return False
    return (isinstance(data, dict) and len(data) == 1 and
            isinstance(next(iter(data.values())), dict) and
            'code' in next(iter(data.values())))


class FaultWrapper:
    """Rewrites any error response that is not already Trove-shaped.

    Responses under 400 go straight through; only errors are read whole
    and looked at.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        error = {}
        chunks = []

        def start(status, headers, exc_info=None):
            error['started'] = True
            if int(status[:3]) < 400:
                return start_response(status, headers, exc_info)
            error.update(status=status, headers=headers)
            return chunks.append

        result = self.app(environ, start)
        if error.get('started') and 'status' not in error:
            return result
        try:
            chunks.extend(result)  # an app that starts while iterated too
        finally:
            if hasattr(result, 'close'):
                result.close()
        if 'status' not in error:
            return chunks
        resp = webob.Response(status=error['status'],
                              headerlist=list(error['headers']),
                              body=b''.join(chunks))
        return self._rewritten(resp)(environ, start_response)

    @staticmethod
    def _rewritten(resp):
        if _is_fault(resp):
            return resp
        code = resp.status_int
        message = DEFAULT_MESSAGES.get(code) or resp.status
        if code == 413:
            message = 'The request body is larger than %d bytes.' % (
                CONF.oslo_middleware.max_request_body_size)
        try:
            data = json.loads(resp.body)
            message = data.get('error', {}).get('message') or message
        except (ValueError, AttributeError):
            pass
        headers = [(k, v) for k, v in resp.headerlist
                   if k.lower() in ('www-authenticate', 'allow')]
        resp = response(code, FAULT_NAMES.get(code, 'instanceFault'),
                        message)
        resp.headerlist.extend(headers)
        return resp
