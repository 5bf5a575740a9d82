"""How a local instance's guest agent runs: a thread or its own process.

A VM's agent is started by its boot; here the local driver starts one of
these. A process agent is found again from its pid file after the
taskmanager restarts, as a VM outlives its hypervisor's management daemon.

A process agent gets a configuration of its own (mode 0600) with only
what a guest needs: who it is, its own RPC key, the broker and the topics.
Never the control plane's configuration (its database URL, Keystone
password, service key).
"""

import os
import signal
import subprocess
import sys

from galeratrove.common import guest_conf
from galeratrove.conf import CONF
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import process

PID_FILE = 'guestagent.pid'


class ThreadAgent:
    """The agent inside this process (in-process transport)."""

    def __init__(self, instance_id, info):
        from galeratrove.guestagent import service
        self._agent = service.GuestAgent(
            instance_id, info['manager'], info['address'],
            info['base_dir'], info['memory_mb'], info.get('rpc_key'))
        self._agent.start()

    def alive(self):
        return True

    def power_off(self):
        """Kill the node's processes; its calls in flight fail at once."""
        self._agent.manager.node.halt()

    def stop(self):
        """Stop serving, after the calls in flight have returned.

        Waiting matters: a call still preparing the node would otherwise
        write into the disk the delete is about to remove.
        """
        self._agent.stop()


class ProcessAgent:
    """A ``galeratrove-guestagent`` process with its own guest_info.conf."""

    def __init__(self, directory, instance_id):
        self._directory = directory
        self._instance_id = instance_id

    @property
    def pid(self):
        try:
            with open(os.path.join(self._directory, PID_FILE)) as f:
                return int(f.read().strip())
        except (FileNotFoundError, ValueError):
            return None

    @classmethod
    def spawn(cls, directory, instance_id, info):
        conf_path = os.path.join(directory, 'guest_info.conf')
        config.write_config(conf_path, guest_conf.render(instance_id, info))
        cmd = [sys.executable, '-m', 'galeratrove.cmd.guestagent',
               '--config-file', conf_path]
        log_fd = os.open(os.path.join(directory, 'guestagent.log'),
                         os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(log_fd, 'ab') as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        with open(os.path.join(directory, PID_FILE), 'w') as f:
            f.write(str(proc.pid))
        return cls(directory, instance_id)

    def alive(self):
        pid = self.pid
        return bool(pid and process.alive(pid, self._instance_id))

    def power_off(self):
        """SIGKILL the agent: a deleted VM does not shut down politely."""
        pid = self.pid
        if pid and process.alive(pid, self._instance_id):
            os.kill(pid, signal.SIGKILL)
            process.reap(pid)
            process.wait_until(
                lambda: not process.alive(pid, self._instance_id),
                CONF.cluster.stop_timeout,
                'guest agent %s death' % self._instance_id)

    def stop(self):
        pid = self.pid
        if pid and process.alive(pid, self._instance_id):
            os.kill(pid, signal.SIGTERM)
            process.wait_until(
                lambda: not process.alive(pid, self._instance_id),
                CONF.cluster.stop_timeout,
                'guest agent %s exit' % self._instance_id)
