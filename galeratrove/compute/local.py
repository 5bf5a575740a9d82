"""Local compute driver: instances are real processes on this machine.

Each instance gets its own loopback address from ``[local_compute] cidr``
and its own directory as its disk. Its guest agent is started the way a
VM would boot it: a thread of this process on the in-process transport, or
its own ``galeratrove-guestagent`` process with a real broker. The
database server is always its own process.
"""

import contextlib
import ipaddress
import json
import os
import shutil
import socket
import threading

from oslo_concurrency import lockutils
from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import rpc
from galeratrove.compute import base
from galeratrove.compute import local_agents
from galeratrove.conf import CONF
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors as gerrors
from galeratrove.guestagent.datastore.galera_common import node as gnode
from galeratrove.guestagent.datastore.galera_common import osuser

LOG = logging.getLogger(__name__)

INFO = 'guest_info.json'


def parse_flavors(entries):
    flavors = []
    for entry in entries:
        fid, name, ram, vcpus = entry.split(':')
        flavors.append(base.Flavor(id=fid, name=name, ram=int(ram),
                                   vcpus=int(vcpus), disk=0))
    return flavors


# The ports a node listens on for its whole life. The SST and IST ports
# are open only during a transfer, and some SST tools (socat for
# mariabackup) listen on every address meanwhile: checking them would
# make the whole range look busy.
NODE_PORTS = (3306, 4567)


def _ports_free(address):
    for port in NODE_PORTS:
        with socket.socket() as sock:
            try:
                sock.bind((address, port))
            except OSError:
                return False
    return True


class LocalDriver(base.ComputeDriver):

    def __init__(self):
        self._flavors = parse_flavors(CONF.local_compute.flavors)
        self._lock = threading.Lock()
        self._deleting = {}
        self._agents = {}

    # Flavors --------------------------------------------------------------

    def list_flavors(self):
        return list(self._flavors)

    # Layout ---------------------------------------------------------------

    @property
    def root(self):
        return CONF.local_compute.instances_path

    def _dir(self, instance_id):
        return os.path.join(self.root, instance_id)

    def _info(self, instance_id):
        try:
            with open(os.path.join(self._dir(instance_id), INFO)) as f:
                return json.load(f)
        except (FileNotFoundError, ValueError):
            return None

    def _used_addresses(self):
        used = set()
        if os.path.isdir(self.root):
            for name in os.listdir(self.root):
                info = self._info(name)
                if info:
                    used.add(info['address'])
        return used

    def _allocate_address(self):
        """The first address no instance of ours has and nothing listens on.

        Another deployment (or a leftover server) on the same range must
        not make a new node fail to bind its ports.
        """
        used = self._used_addresses()
        for host in ipaddress.ip_network(CONF.local_compute.cidr).hosts():
            if str(host) not in used and _ports_free(str(host)):
                return str(host)
        raise exception.ComputeError(
            reason='no free address left in %s' % CONF.local_compute.cidr)

    def _mode(self):
        mode = CONF.local_compute.guest_mode
        if mode == 'auto':
            return 'thread' if rpc.is_in_process() else 'process'
        return mode

    # Lifecycle ------------------------------------------------------------

    def boot(self, context, request):
        instance_id, guest_config = request.instance_id, request.guest_config
        volume_size = request.volume.size
        with self._host_lock():
            info = self._info(instance_id)
            directory = self._dir(instance_id)
            if info is None:
                os.makedirs(directory, exist_ok=True)
                # The node's own user passes through to its node/; only
                # we list or read what is here.
                os.chmod(directory, 0o711)
                info = dict(guest_config, address=self._allocate_address(),
                            base_dir=os.path.join(directory, 'node'),
                            volume_size=volume_size)
            info['rpc_key'] = guest_config['rpc_key']
            config.write_config(os.path.join(directory, INFO),
                                json.dumps(info))
            self._start_agent(instance_id, info)
        return instance_id

    @contextlib.contextmanager
    def _host_lock(self):
        """One booter at a time, across the taskmanagers of this host.

        Each allocates an address or starts an agent alone.
        """
        with self._lock, lockutils.lock(
                'local-compute-boot', external=True,
                lock_path=os.path.join(self.root, '.locks')):
            yield

    def _agent(self, instance_id):
        """The agent we started, or a process agent from its pid file."""
        agent = self._agents.get(instance_id)
        if agent is None:
            agent = local_agents.ProcessAgent(self._dir(instance_id),
                                              instance_id)
        return agent

    def _start_agent(self, instance_id, info):
        if self._agent(instance_id).alive():
            return
        LOG.info('Booting local instance %s at %s', instance_id,
                 info['address'])
        if self._mode() == 'thread':
            agent = local_agents.ThreadAgent(instance_id, info)
        else:
            agent = local_agents.ProcessAgent.spawn(
                self._dir(instance_id), instance_id, info)
        self._agents[instance_id] = agent

    def get_server(self, compute_id):
        info = self._info(compute_id)
        if info is None:
            return None
        status = (base.ACTIVE if self._agent(compute_id).alive()
                  else base.BUILD)
        return base.Server(id=compute_id, status=status,
                           addresses=[info['address']])

    def delete(self, compute_id):
        """Power off and remove the disk, within seconds in any state.

        Every process of the node is killed first (server, SST helpers,
        an initialisation in progress), so a call in flight that waits on
        them (a join waiting for a donor) fails at once; then the agent
        stops after those calls, and whatever they started is killed.
        Its data goes too, so no graceful group leave.
        """
        with self._lock:
            lock = self._deleting.setdefault(compute_id, threading.Lock())
        # A cancelled flow and the delete may both delete it: one at once.
        with lock:
            self._power_off_and_remove(compute_id)
        with self._lock:
            self._deleting.pop(compute_id, None)

    def _power_off_and_remove(self, compute_id):
        agent = self._agent(compute_id)
        agent.power_off()
        info = self._info(compute_id)
        node = None
        if info:
            node_cls = gnode.get_node_class(info['manager'])
            node = node_cls(info['base_dir'], info['address'])
            node.kill_strays()
        agent.stop()
        self._agents.pop(compute_id, None)
        if node is not None:
            node.destroy(timeout=0)
        shutil.rmtree(self._dir(compute_id), ignore_errors=True)

    def check_host(self):
        """The database servers' users must reach the instances' disks.

        Checked at start so that a misconfigured host refuses to serve
        instead of accepting clusters whose every node then fails.
        """
        os.makedirs(self.root, mode=0o711, exist_ok=True)
        if os.geteuid() != 0:
            return  # the servers run as ourselves
        try:
            osuser.check_traversable(self.root)
        except gerrors.NodeError as e:
            raise exception.HostNotReady(reason=e)

    def start_host(self):
        """The host came up: boot the instances that were running."""
        if not os.path.isdir(self.root):
            return
        with self._host_lock():
            for instance_id in os.listdir(self.root):
                info = self._info(instance_id)
                if info:
                    self._start_agent(instance_id, info)

    def close(self):
        """Stop in-process agents; process agents run on, like VMs."""
        for agent in self._agents.values():
            if isinstance(agent, local_agents.ThreadAgent):
                agent.stop()
        self._agents.clear()
