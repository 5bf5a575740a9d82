"""Client the guests use to report to the conductor (they never use SQL).

Heartbeats are sealed with the guest's own key: the conductor stores one
only for the instance whose key sealed it, and only if it is newer than
the last one stored.

API version history (the conductor's manager.RPC_API_VERSION matches):

    1.0 - heartbeat.
"""

from galeratrove.common import rpc
from galeratrove.conf import CONF


class API:
    """[conductor] rpc_version_cap: for a guest newer than the conductor."""

    RPC_API_VERSION = '1.0'

    def __init__(self, instance_id, key):
        self._instance_id = instance_id
        self._client = rpc.SealedClient(
            CONF.conductor_queue, instance_id, key,
            version=self.RPC_API_VERSION,
            version_cap=CONF.conductor.rpc_version_cap)

    def can_send_version(self, version):
        return self._client.can_send_version(version)

    def heartbeat(self, status, volume_used=None):
        self._client.cast(None, 'heartbeat', version='1.0',
                          instance_id=self._instance_id, status=status,
                          volume_used=volume_used)
