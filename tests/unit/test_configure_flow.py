"""The configuration flow's decisions, on simulated guests.

What changed is set live on every member; a restart-required change
rolls through 2 or more serving members, and leaves a lone member
RESTART_REQUIRED.
"""

import datetime
import types

from galeratrove.common.strategies.cluster.experimental.galera_common \
    import taskmanager
from tests.unit import fake_op
from tests.unit.test_rolling import Cluster
from tests.unit.test_rolling import Guest

MIB = 2 ** 20


class ConfGuest(Guest):
    def update_overrides(self, values, changes=None, defaults=None):
        self.cluster.log.append(('update', self.name, dict(values),
                                 dict(changes or {}), dict(defaults or {})))
        return {}


class ConfCluster(Cluster):
    def __init__(self, names):
        super().__init__(names)
        self.guests = {n: ConfGuest(self, n) for n in names}


class Op(fake_op.RecordingOp):
    def __init__(self, names, values, previous):
        super().__init__(names)
        self.sim = ConfCluster(names)
        self.params = {'values': values, 'previous': previous}
        for m in self.members:
            m.heartbeat_at = datetime.datetime(2026, 1, 1)
        version = types.SimpleNamespace(
            manager='mariadb', name='10.11',
            datastore=types.SimpleNamespace(name='mariadb'))
        self._cluster = types.SimpleNamespace(datastore_version=version)

    def cluster(self):
        return self._cluster

    def guest(self, member):
        return self.sim.guests[member.id]


def run(names, values, previous):
    op = Op(names, values, previous)
    taskmanager.GaleraCommonTaskManagerStrategy().configure_cluster(op)
    return op


def test_dynamic_changes_are_set_live_everywhere_without_a_restart():
    op = run(['a', 'b', 'c'], {'max_connections': 300, 'wait_timeout': 60},
             {'wait_timeout': 60, 'long_query_time': 2.0})
    updates = [e for e in op.sim.log if e[0] == 'update']
    assert sorted(e[1] for e in updates) == ['a', 'b', 'c']
    for _kind, _name, values, changes, defaults in updates:
        assert values == {'max_connections': 300, 'wait_timeout': 60}
        # Unchanged values are left alone; a removed one is restored.
        assert changes == {'max_connections': 300, 'long_query_time': None}
        assert defaults == {'gcs.fc_limit': 16}
    assert not [e for e in op.sim.log if e[0] == 'restart']
    assert [m.status for m in op.members] == ['ACTIVE'] * 3


def test_a_restart_value_rolls_through_the_members():
    op = run(['a', 'b', 'c'], {'gcache.size': 256 * MIB,
                               'max_connections': 300}, {})
    changes = {e[1]: e[3] for e in op.sim.log if e[0] == 'update'}
    assert changes['a'] == {'max_connections': 300}
    restarts = [e[1] for e in op.sim.log if e[0] == 'restart']
    assert restarts == ['a', 'b', 'c']
    assert any('RESTART_REQUIRED (gcache.size)' in s for s in op.steps)
    assert [m.status for m in op.members] == ['ACTIVE'] * 3
    assert op.faults == {}


def test_a_lone_member_waits_restart_required():
    op = run(['a'], {}, {'gcache.size': 256 * MIB})
    assert not [e for e in op.sim.log if e[0] == 'restart']
    assert [m.status for m in op.members] == ['RESTART_REQUIRED']
