"""A volume driver keeping volumes in memory: for drivers whose instances
bring their own disk (local) and for unit tests of the ones that do not."""

import threading
import uuid

from galeratrove.volume import base


class NoopVolumeDriver(base.VolumeDriver):

    # It records a volume type but honours none.
    capabilities = frozenset()

    def __init__(self):
        self._lock = threading.Lock()
        self.volumes = {}

    def create(self, context, name, size, volume_type=None,
               availability_zone=None, metadata=None):
        with self._lock:
            volume = base.Volume(id=str(uuid.uuid4()), name=name, size=size,
                                 type=volume_type, status=base.AVAILABLE)
            self.volumes[volume.id] = volume
            return volume

    def find(self, name):
        return [v for v in self.volumes.values() if v.name == name]

    def get(self, volume_id):
        return self.volumes.get(volume_id)

    def delete(self, volume_id):
        self.volumes.pop(volume_id, None)
