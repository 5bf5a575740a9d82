"""Watching the node's server process: its exit is seen at once.

Heartbeats come every ``heartbeat_interval``; a killed server should not
wait for the next one. The supervisor holds a pidfd of the running
server and sleeps in poll() until the kernel says it exited, or until it
is woken because a new server was launched or the agent stops. No
polling: an exit is reported within milliseconds.
"""

import os
import select
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class Supervisor:
    """Calls ``on_exit(pid, expected)`` when the node's server exits.

    ``expected`` is False for an exit the agent did not ask for (a kill,
    a crash). ``backstop`` bounds each wait, in case a server was started
    behind the agent's back.
    """

    def __init__(self, node, on_exit, name, backstop=10):
        self._node = node
        self._on_exit = on_exit
        self._backstop = backstop
        self._stopping = threading.Event()
        self._reported = None
        self.watching = None   # the pid whose exit it waits for now
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._thread = threading.Thread(target=self._loop, daemon=True,
                                        name='supervise-%s' % name)

    def start(self):
        self._thread.start()

    def watch(self, node):
        """Watch another node's server (an instance became an arbitrator)."""
        self._node = node
        self.wake()

    def wake(self, *_):
        """A server was launched (or the agent stops): look again."""
        try:
            os.write(self._wake_w, b'.')
        except OSError:
            pass

    def stop(self):
        self._stopping.set()
        self.wake()
        self._thread.join(10)
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _drain(self):
        try:
            while os.read(self._wake_r, 512):
                pass
        except BlockingIOError:
            pass

    def _wait(self, pid):
        """True once ``pid`` exited; False when woken or at the backstop."""
        poller = select.poll()
        poller.register(self._wake_r, select.POLLIN)
        pidfd = None
        if pid:
            try:
                pidfd = os.pidfd_open(pid)
            except ProcessLookupError:
                return True
            poller.register(pidfd, select.POLLIN)
            self.watching = pid
        try:
            events = poller.poll(self._backstop * 1000)
        finally:
            self.watching = None
            if pidfd is not None:
                os.close(pidfd)
        self._drain()
        return pidfd is not None and any(fd == pidfd for fd, _ in events)

    def _loop(self):
        while not self._stopping.is_set():
            try:
                pid = self._node.pid
                if pid == self._reported:
                    pid = None  # gone, just not collected yet
                if self._wait(pid) and not self._stopping.is_set():
                    self._reported = pid
                    expected = self._node.exit_expected(pid)
                    if not expected:
                        LOG.warning('%s: server %d exited', self._node, pid)
                    self._on_exit(pid, expected)
            except Exception:
                LOG.exception('Supervising %s failed', self._node)
                self._stopping.wait(1)
