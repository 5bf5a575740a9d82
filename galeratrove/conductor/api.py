"""Client the guests use to report to the conductor (they never use SQL).

Heartbeats are sealed with the guest's own key: the conductor stores one
only for the instance whose key sealed it, and only if it is newer than
the last one stored.
"""

from galeratrove.common import rpc
from galeratrove.conf import CONF


class API:

    def __init__(self, instance_id, key):
        self._instance_id = instance_id
        self._client = rpc.SealedClient(CONF.conductor_queue, instance_id,
                                        key)

    def heartbeat(self, status, volume_used=None):
        self._client.cast(None, 'heartbeat', instance_id=self._instance_id,
                          status=status, volume_used=volume_used)
