"""Client of the taskmanager service: the API casts cluster work here.

Messages are sealed with the service key, which guests never have: a guest
with broker access cannot ask the taskmanager for anything.
"""

from galeratrove.common import rpc
from galeratrove.conf import CONF


class API:

    def __init__(self, context):
        self.context = context
        self._client = rpc.get_client(CONF.taskmanager_queue)

    def _cast(self, method, **kwargs):
        self._client.cast(self.context, method, **kwargs)

    def create_cluster(self, cluster_id, operation_id):
        self._cast('create_cluster', cluster_id=cluster_id,
                   operation_id=operation_id)

    def grow_cluster(self, cluster_id, operation_id):
        self._cast('grow_cluster', cluster_id=cluster_id,
                   operation_id=operation_id)

    def shrink_cluster(self, cluster_id, operation_id):
        self._cast('shrink_cluster', cluster_id=cluster_id,
                   operation_id=operation_id)

    def delete_cluster(self, cluster_id, operation_id):
        self._cast('delete_cluster', cluster_id=cluster_id,
                   operation_id=operation_id)

    def check_cluster(self, cluster_id):
        """A member stopped: health-check this cluster now."""
        self._cast('check_cluster', cluster_id=cluster_id)

    def enable_root(self, cluster_id, password, timeout):
        """A call: the password is only returned once the nodes have it."""
        return self._client.call(
            self.context, 'enable_root', timeout=timeout,
            cluster_id=cluster_id, password=password)

    def ping(self, timeout=10):
        return self._client.call(self.context, 'ping', timeout=timeout)
