"""A host that cannot run nodes is refused at start, with the reason.

The database servers run as their nodes' own OS users when the service
is root; a state path they cannot traverse would otherwise accept every
create and fail every node.
"""

import os
import subprocess

from galeratrove.common import exception
from galeratrove.compute import local
from tests.functional import helpers


def private_state(root):
    private = os.path.join(root, 'private')
    os.mkdir(private, 0o700)
    return os.path.join(private, 'state')


def test_local_driver_refuses_an_untraversable_instances_path(conf,
                                                              open_root):
    state = private_state(open_root)
    conf('instances_path', os.path.join(state, 'instances'),
         group='local_compute')
    driver = local.LocalDriver()
    if os.geteuid() != 0:
        driver.check_host()  # the servers run as ourselves: fine
        return
    try:
        driver.check_host()
    except exception.HostNotReady as e:
        assert "not traversable by the nodes' OS users" in str(e)
        assert os.path.dirname(state) in str(e)
    else:
        raise AssertionError('check_host accepted a private state path')
    os.chmod(os.path.dirname(state), 0o711)
    driver.check_host()


def test_galeratrove_all_refuses_to_start_on_such_a_host(open_root):
    assert os.geteuid() == 0, 'the functional tests run as root'
    state = private_state(open_root)
    conf = helpers.write_conf(os.path.join(open_root, 'gt.conf'), {
        'DEFAULT': {'state_path': state, 'bind_port': helpers.free_port()}})
    done = subprocess.run(
        [os.path.join(helpers.BIN, 'galeratrove-all'), '--config-file',
         conf], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'galeratrove-all: This host cannot run instances' in done.stderr
    assert "not traversable by the nodes' OS users" in done.stderr
    assert 'Traceback' not in done.stderr
