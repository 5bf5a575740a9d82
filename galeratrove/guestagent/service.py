"""A guest agent: the RPC server on the instance's topic, and heartbeats.

Heartbeats carry the node's real state (wsrep_ready, cluster status, local
state, cluster size) to the conductor; one is also sent right after every
change a call makes, and the instant the server process exits (the
supervisor sees it), so the control plane never waits a full interval.

The agent holds one secret, its instance's RPC key: it opens only calls
sealed with it, and seals its replies and heartbeats with it.
"""

import threading

from oslo_log import log as logging

from galeratrove.common import rpc
from galeratrove.common.strategies import strategy
from galeratrove.conductor import rpcapi as conductor_rpcapi
from galeratrove.conf import CONF
from galeratrove.guestagent import rpcapi as guest_rpcapi
from galeratrove.guestagent import supervisor

LOG = logging.getLogger(__name__)


class GuestAgent:

    def __init__(self, instance_id, manager, address, base_dir, memory_mb,
                 rpc_key):
        self.instance_id = instance_id
        self._wake = threading.Event()
        self._stopping = threading.Event()
        guest_strategy = strategy.guestagent_strategy(manager)
        self.manager = guest_strategy.guest_manager(
            address=address, base_dir=base_dir, memory_mb=memory_mb,
            datastore=manager, on_change=self._wake.set)
        self._supervisor = supervisor.Supervisor(
            self.manager.node, self._server_exited, instance_id[:8],
            backstop=CONF.cluster.heartbeat_interval)
        self.manager.node.on_launch = self._supervisor.wake
        self.manager.on_node_change = self._supervisor.watch
        self._conductor = conductor_rpcapi.API(instance_id, rpc_key)
        self._server = rpc.get_server(
            guest_rpcapi.topic(instance_id), [self.manager],
            server=instance_id,
            keys=lambda key_id: rpc_key if key_id == instance_id else None)
        self._thread = threading.Thread(target=self._heartbeats, daemon=True,
                                        name='heartbeat-%s' % instance_id[:8])

    def start(self):
        self._server.start()
        self._thread.start()
        self._supervisor.start()

    def stop(self):
        self._stopping.set()
        self._wake.set()
        self._server.stop()
        self._server.wait()
        self._thread.join(10)
        self._supervisor.stop()

    def _server_exited(self, pid, expected):
        """Report at once: the conductor has the taskmanager look now."""
        self._wake.set()

    def _heartbeats(self):
        while not self._stopping.is_set():
            try:
                status = self.manager._status_report()
                used = round(self.manager.node.disk_used_gb(), 3)
                self._conductor.heartbeat(status, volume_used=used)
            except Exception:
                LOG.exception('Heartbeat of %s failed', self.instance_id)
            self._wake.wait(CONF.cluster.heartbeat_interval)
            self._wake.clear()


def from_config():
    """The agent described by [guest_agent] (guest_info.conf)."""
    g = CONF.guest_agent
    address = g.address
    if not address:
        from galeratrove.guestagent import vm
        address = vm.discover_address(CONF.transport_url)
    return GuestAgent(g.instance_id, g.manager, address, g.base_dir,
                      g.memory_mb, g.rpc_key)
