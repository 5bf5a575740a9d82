"""Client the guests use to report to the conductor (they never use SQL)."""

from galeratrove.common import context as gt_context
from galeratrove.common import rpc
from galeratrove.conf import CONF


class API:

    def __init__(self):
        self._client = rpc.get_client(CONF.conductor_queue)
        self._context = gt_context.admin_context()

    def heartbeat(self, instance_id, status, volume_used=None):
        self._client.prepare().cast(self._context, 'heartbeat',
                                    instance_id=instance_id, status=status,
                                    volume_used=volume_used)
