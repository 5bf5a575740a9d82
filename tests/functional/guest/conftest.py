"""Two real MariaDB Galera nodes on a loopback /24 of their own."""

import os
import random
import shutil
import tempfile

import pytest

from galeratrove.guestagent.datastore.galera_common import node as gnode


@pytest.fixture
def place():
    """(base dir, [node 1, node 2]); destroyed afterwards."""
    base = tempfile.mkdtemp(prefix='gt-guest-', dir='/tmp')
    os.chmod(base, 0o755)
    net = '127.%d.%d' % (random.randint(100, 250), random.randint(1, 250))
    cls = gnode.get_node_class('mariadb')
    made = [cls(os.path.join(base, 'n%d' % i), '%s.%d' % (net, i))
            for i in (1, 2)]
    yield base, made
    for n in made:
        n.destroy()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def nodes(place):
    return place[1]
