"""Client of the taskmanager service: the API casts cluster work here.

Messages are sealed with the service key, which guests never have: a guest
with broker access cannot ask the taskmanager for anything.

API version history (the taskmanager's manager.RPC_API_VERSION matches):

    1.0 - create_cluster, grow_cluster, shrink_cluster, delete_cluster,
          enable_root, ping.
    1.1 - start_operation (rolling restart, upgrade, replace-instance,
          a configuration group's change).
    1.2 - check_cluster.
"""

from galeratrove.common import rpc
from galeratrove.conf import CONF


class API:
    """Each method names its version; rpc_version_cap holds it back."""

    RPC_API_VERSION = '1.2'

    def __init__(self, context, server=None):
        """``server`` reaches one taskmanager (its host), else any."""
        self.context = context
        self._client = rpc.get_client(
            CONF.taskmanager_queue, server=server,
            version=self.RPC_API_VERSION,
            version_cap=CONF.taskmanager.rpc_version_cap)

    def can_send_version(self, version):
        return self._client.can_send_version(version)

    def _cast(self, method, version='1.0', fanout=False, **kwargs):
        self._client.cast(self.context, method, version=version,
                          fanout=fanout, **kwargs)

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

    def start_operation(self, cluster_id, operation_id):
        """Any recorded operation (restart, upgrade, replace...)."""
        self._cast('start_operation', version='1.1',
                   operation_id=operation_id)

    def check_cluster(self, cluster_id):
        """A member stopped: health-check this cluster now.

        To every taskmanager: only the one holding the cluster's health
        lease acts. Not sent to older taskmanagers: their periodic checks
        will see it.
        """
        if self.can_send_version('1.2'):
            self._cast('check_cluster', version='1.2', fanout=True,
                       cluster_id=cluster_id)

    def enable_root(self, cluster_id, password, timeout):
        """A call: the password is only returned once the nodes have it."""
        return self._client.call(
            self.context, 'enable_root', timeout=timeout, version='1.0',
            cluster_id=cluster_id, password=password)

    def ping(self, timeout=10):
        return self._client.call(self.context, 'ping', timeout=timeout,
                                 version='1.0')
