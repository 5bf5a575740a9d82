"""What a node leaves behind when its agent dies mid-call, and power off.

An agent killed while it prepared or started its node (the taskmanager
or galeratrove-all crashed) leaves processes that name the node's base
directory (a standalone server, ``mariadb-install-db``, SST helpers) and
maybe a half-initialised data dir. A resumed call kills them and redoes
the work; a delete kills them first so nothing waits on them.
"""

import logging
import os
import shutil

from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import process

LOG = logging.getLogger(__name__)

# In the data dir once mariadb-install-db finished (SST copies it along).
INITIALIZED = 'galeratrove-initialized'


class NodeLeftovers(object):
    """Mixin for GaleraNode and ArbitratorNode: the node's processes.

    Uses paths, _marker, _proc, _expected_exits and on_launch.
    """

    _halted = False

    def _check_powered(self):
        if self._halted:
            raise errors.NodePoweredOff('%s is powered off' % self)

    @property
    def _initialized_marker(self):
        return os.path.join(self.paths.data, INITIALIZED)

    def _mark_initialized(self, owner=None):
        with open(self._initialized_marker, 'w'):
            pass
        if owner:
            os.lchown(self._initialized_marker, *owner)

    def _empty_data_dir(self):
        """What an interrupted initialisation left goes, and who did it."""
        self.kill_strays()
        for name in os.listdir(self.paths.data):
            path = os.path.join(self.paths.data, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.unlink(path)

    def wipe_data(self):
        """Stop everything and remove the data dir (before a rebuild)."""
        self.kill_strays()
        self._recovered = None
        shutil.rmtree(self.paths.data, ignore_errors=True)
        if os.path.lexists(self.paths.data):
            raise errors.NodeError('could not remove %s' % self.paths.data)

    def kill_strays(self):
        """Kill every process of this node, the server included.

        Used where nothing of ours may run: before a fresh start, after
        an agent was killed in the middle of a call, at power off.
        """
        pid = self.pid
        if pid:
            self._expected_exits.add(pid)
        killed = process.kill_mentioning(self._marker)
        if killed:
            LOG.warning('%s: killed leftover processes %s', self, killed)
        self._forget_process()

    def _forget_process(self):
        """Reap our server if it was our child; remove its pid file."""
        if self._proc is not None:
            self._proc.poll()
            self._proc = None
        if os.path.exists(self.paths.node_pid_file):
            os.unlink(self.paths.node_pid_file)

    def _spawn(self, cmd, output_path, cwd=None):
        """Start the node's server and record its pid (see ``pid``)."""
        self._check_powered()
        self._proc = process.spawn(cmd, output_path, cwd=cwd)
        with open(self.paths.node_pid_file, 'w') as handle:
            handle.write('%d\n' % self._proc.pid)
        if self.on_launch is not None:
            self.on_launch(self._proc.pid)
        return self._proc.pid

    @property
    def pid(self):
        """Pid of this node's running server, or None."""
        return process.running_pid(self.paths.node_pid_file, self._proc,
                                   self._marker)

    def exit_expected(self, pid):
        """Whether we stopped or killed ``pid`` (else it crashed)."""
        return self._halted or pid in self._expected_exits

    def halt(self):
        """Power off: kill every process; waits and launches fail now."""
        self._halted = True
        self.kill_strays()
