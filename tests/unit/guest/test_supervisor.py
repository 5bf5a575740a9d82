"""The agent's supervisor sees its server exit at once, and only once."""

import signal
import subprocess
import threading

import pytest

from galeratrove.common import utils
from galeratrove.guestagent import supervisor


class Node:
    """A stand-in node whose 'server' is a sleep process."""

    def __init__(self):
        self.proc = None
        self.expected = set()

    @property
    def pid(self):
        if self.proc is None or self.proc.poll() is not None:
            return None
        return self.proc.pid

    def launch(self, sup):
        """Start a server; return once the supervisor watches it."""
        self.proc = subprocess.Popen(['sleep', '600'])
        sup.wake(self.proc.pid)
        utils.wait_for(lambda: sup.watching == self.proc.pid, 10)
        return self.proc.pid

    def exit_expected(self, pid):
        return pid in self.expected


@pytest.fixture
def watched():
    node, exits, seen = Node(), [], threading.Event()

    def on_exit(pid, expected):
        exits.append((pid, expected))
        seen.set()
    # The backstop is long: a report within it comes from the pidfd.
    sup = supervisor.Supervisor(node, on_exit, 'test', backstop=60)
    sup.start()
    yield node, sup, exits, seen
    sup.stop()
    if node.proc is not None:
        node.proc.kill()
        node.proc.wait()


def test_a_killed_server_is_reported_at_once(watched):
    node, sup, exits, seen = watched
    pid = node.launch(sup)
    node.proc.send_signal(signal.SIGKILL)
    assert seen.wait(5), 'no exit reported'
    assert exits == [(pid, False)]


def test_a_stop_the_agent_asked_for_is_expected(watched):
    node, sup, exits, seen = watched
    pid = node.launch(sup)
    node.expected.add(pid)
    node.proc.terminate()
    assert seen.wait(5), 'no exit reported'
    assert exits == [(pid, True)]


def test_each_new_server_is_watched(watched):
    node, sup, exits, seen = watched
    first = node.launch(sup)
    node.proc.kill()
    assert seen.wait(5)
    seen.clear()
    second = node.launch(sup)
    node.proc.kill()
    assert seen.wait(5)
    assert exits == [(first, False), (second, False)]
