"""The volume driver interface a compute driver uses for data volumes."""

import abc
import collections

# status: the cloud's word ('available', 'in-use', 'creating', 'error').
Volume = collections.namedtuple('Volume', 'id name size type status')

AVAILABLE, IN_USE, ERROR = 'available', 'in-use', 'error'


class VolumeDriver(abc.ABC):

    # 'volume_types' when a request's volume.type is honoured.
    capabilities = frozenset()

    @abc.abstractmethod
    def create(self, context, name, size, volume_type=None,
               availability_zone=None, metadata=None):
        """Create a volume and wait until it can be attached.

        name: unique per instance, so that a retried boot finds the volume
        it made before (see find). size: GB. volume_type: the cloud's
        type name or id, None for its default. metadata: plain, non-secret
        values. Returns a Volume; raises VolumeError when the cloud puts it
        in error, QuotaExceeded-like errors as VolumeQuotaExceeded.
        """

    @abc.abstractmethod
    def find(self, name):
        """The Volumes called ``name`` (normally one or none)."""

    @abc.abstractmethod
    def get(self, volume_id):
        """A Volume, or None once it is gone."""

    @abc.abstractmethod
    def delete(self, volume_id):
        """Delete a volume no server uses any more; idempotent.

        Waits for a detach still in progress, and returns once the volume
        is gone.
        """
