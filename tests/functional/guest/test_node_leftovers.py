"""What an agent killed mid-call leaves on a node is cleaned up or redone."""

import os
import shutil
import subprocess
import tempfile

import pytest

from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import leftovers
from galeratrove.guestagent.datastore.galera_common import node as gnode
from galeratrove.guestagent.datastore.galera_common import process


@pytest.fixture
def node():
    """A node in a tmp dir the mysql user can traverse."""
    path = tempfile.mkdtemp(prefix='gt-leftovers-', dir='/tmp')
    os.chmod(path, 0o755)
    yield gnode.GaleraNode(os.path.join(path, 'node'), '127.0.0.7')
    process.kill_mentioning(path + os.sep)
    shutil.rmtree(path)


def _stray(node):
    """A process naming the node's directory, as a leftover server does."""
    return subprocess.Popen(
        ['sh', '-c', 'sleep 600', os.path.join(node.paths.base, 'x')],
        start_new_session=True)


def test_an_interrupted_initialisation_is_redone(node):
    node.initialize()
    marker = os.path.join(node.paths.data, leftovers.INITIALIZED)
    os.unlink(marker)
    # What a killed mariadb-install-db leaves: some of the system tables.
    shutil.rmtree(os.path.join(node.paths.data, 'mysql'))
    os.mkdir(os.path.join(node.paths.data, 'mysql'))
    stray = _stray(node)
    node.initialize()
    stray.wait(10)  # reaped by the kill already: gone either way
    assert not process.alive(stray.pid, node.paths.base)
    assert os.path.exists(marker)
    assert os.path.exists(os.path.join(node.paths.data, 'mysql', 'user.frm'))
    node.secure('os_admin', 'Adm1n-pw')


def test_kill_strays_and_halt_leave_nothing_running(node):
    node.initialize()
    stray = _stray(node)
    node.kill_strays()
    stray.wait(10)  # reaped by the kill already: gone either way
    assert not process.alive(stray.pid, node.paths.base)
    assert process.mentioning(node.paths.base + os.sep) == []
    node.halt()
    with pytest.raises(errors.NodeError, match='powered off'):
        node.secure('os_admin', 'Adm1n-pw')
