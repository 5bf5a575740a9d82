"""Errors a user can act on, each with its HTTP code and Trove fault name.

The API renders any of these as ``{"<fault>": {"code": N, "message": ...}}``;
anything else becomes a generic 500 without internals.
"""


class GaleraTroveError(Exception):
    code = 500
    fault = 'instanceFault'
    message = 'An unexpected error occurred.'

    def __init__(self, message=None, **kwargs):
        if message is None:
            message = self.message % kwargs if kwargs else self.message
        self.msg = message
        super().__init__(message)


class BadRequest(GaleraTroveError):
    code = 400
    fault = 'badRequest'
    message = 'The request is not valid.'


class Unauthorized(GaleraTroveError):
    code = 401
    fault = 'unauthorized'
    message = 'Authentication is required.'


class Forbidden(GaleraTroveError):
    code = 403
    fault = 'forbidden'
    message = 'You are not allowed to do this.'


class NotFound(GaleraTroveError):
    code = 404
    fault = 'itemNotFound'
    message = 'The resource could not be found.'


class ClusterNotFound(NotFound):
    message = 'Cluster %(id)s could not be found.'


class InstanceNotFound(NotFound):
    message = 'Instance %(id)s could not be found.'


class ConfigurationNotFound(NotFound):
    message = 'Configuration group %(id)s could not be found.'


class DatastoreNotFound(NotFound):
    message = 'Datastore %(name)s could not be found.'


class DatastoreVersionNotFound(NotFound):
    message = 'Datastore version %(version)s of %(datastore)s could not ' \
              'be found.'


class FlavorNotFound(NotFound):
    message = 'Flavor %(id)s could not be found.'


class MethodNotAllowed(GaleraTroveError):
    code = 405
    fault = 'badMethod'
    message = 'Method %(method)s is not allowed here.'


class OverLimit(GaleraTroveError):
    code = 413
    fault = 'overLimit'
    message = 'Quota exceeded.'


class QuotaExceeded(OverLimit):
    message = 'Quota exceeded for %(resource)s: requested %(requested)s, ' \
              'in use %(in_use)s, limit %(limit)s.'


class UnprocessableEntity(GaleraTroveError):
    code = 422
    fault = 'unprocessableEntity'
    message = 'The request cannot be processed in the current state.'


class ClusterBusy(UnprocessableEntity):
    message = 'Cluster %(id)s is busy (task %(task)s); wait until its ' \
              'task is NONE.'


class ServiceError(GaleraTroveError):
    """A failure inside the service: shown as instanceFault, logged."""


class GuestError(ServiceError):
    message = 'The guest agent of instance %(id)s failed: %(reason)s'


class GuestTimeout(ServiceError):
    message = 'The guest agent of instance %(id)s did not answer %(what)s ' \
              'within %(timeout)s s.'


class ComputeError(ServiceError):
    message = 'The compute driver failed: %(reason)s'


class CloudQuotaExceeded(ComputeError):
    message = 'The cloud refused %(what)s: its quota is exceeded (%(reason)s)'


class VolumeError(ServiceError):
    message = 'The volume driver failed: %(reason)s'


class OperationCancelled(ServiceError):
    message = 'The operation was cancelled because the cluster is being ' \
              'deleted.'


class ConfigurationError(GaleraTroveError):
    """The configuration is unsafe or inconsistent; refuse to start."""


class HostNotReady(GaleraTroveError):
    """The machine cannot run instances; the service refuses to start."""
    message = 'This host cannot run instances: %(reason)s'
