"""The roll's order and refusals, on a simulated cluster of guests."""

import pytest

from galeratrove.common.strategies.cluster.experimental.galera_common \
    import rolling
from tests.unit import fake_op


class Cluster:
    """Guests that a restart takes down and brings back Synced."""

    def __init__(self, names, fail=(), lagging=None, version='1.1'):
        self.version = version
        self.down = set()
        self.fail = set(fail)
        self.lagging = dict(lagging or {})   # name -> looks before Synced
        self.log = []
        self.guests = {n: Guest(self, n) for n in names}


class Guest:
    def __init__(self, cluster, name):
        self.cluster, self.name = cluster, name

    def get_status(self):
        c = self.cluster
        c.log.append(('look', self.name))
        if self.name in c.down:
            return {'running': False}
        state = 'Synced'
        if c.lagging.get(self.name):
            c.lagging[self.name] -= 1
            state = 'Donor/Desynced'
        return {'running': True, 'wsrep_ready': 'ON',
                'wsrep_cluster_status': 'Primary',
                'wsrep_local_state_comment': state,
                'wsrep_cluster_size': len(c.guests) - len(c.down)}

    def can_send_version(self, version):
        return version <= self.cluster.version

    def stop_db(self):
        self.cluster.log.append(('stop', self.name))
        self.cluster.down.add(self.name)

    def start_db(self):
        self.cluster.down.discard(self.name)
        self.cluster.log.append(('start', self.name))

    def restart_db(self):
        c = self.cluster
        # The roll's promise: nobody else is down when a node restarts.
        assert c.down <= {self.name}, c.down
        c.log.append(('restart', self.name))
        if self.name in c.fail:
            c.down.add(self.name)
            raise RuntimeError('server exited\nlog tail')
        c.down.discard(self.name)


class Op(fake_op.RecordingOp):
    def __init__(self, cluster, done=()):
        super().__init__(cluster.guests, done)
        self.cluster = cluster

    def guest(self, member):
        return self.cluster.guests[member.id]


def restarts(cluster):
    return [n for what, n in cluster.log if what == 'restart']


def test_one_node_at_a_time_in_member_order():
    c = Cluster(['a', 'b', 'c'])
    op = Op(c)
    rolling.roll(op, op.members)
    assert restarts(c) == ['a', 'b', 'c']
    assert [s for s in op.steps if s.startswith('restart')] == [
        'restart a', 'restart b', 'restart c']
    assert not op.faults


def test_waits_for_a_lagging_member_before_the_next_restart():
    c = Cluster(['a', 'b', 'c'], lagging={'b': 3})
    rolling.roll(Op(c), Op(c).members)
    # b was looked at until Synced before a's restart.
    first = c.log.index(('restart', 'a'))
    assert c.log[:first].count(('look', 'b')) >= 4
    assert restarts(c) == ['a', 'b', 'c']


def test_a_failure_faults_that_node_and_stops(conf):
    conf('join_timeout', 1, group='cluster')
    c = Cluster(['a', 'b', 'c'], fail={'b'})
    op = Op(c)
    with pytest.raises(rolling.RollFailed) as e:
        rolling.roll(op, op.members)
    assert 'b' in str(e.value)
    assert restarts(c) == ['a', 'b']
    assert list(op.faults) == ['b']
    assert op.faults['b'].startswith('Restart failed: server exited')


def test_never_restarts_while_another_member_is_not_synced(conf):
    conf('join_timeout', 1, group='cluster')
    c = Cluster(['a', 'b', 'c'])
    c.down.add('c')
    op = Op(c)
    with pytest.raises(rolling.RollFailed) as e:
        rolling.roll(op, op.members)
    assert restarts(c) == [] and 'c: stopped' in str(e.value)
    assert not op.faults


def test_a_resumed_roll_skips_the_nodes_done_and_runs_the_hook():
    c = Cluster(['a', 'b', 'c'])
    op = Op(c, done={'upgrade a'})
    hooked = []
    rolling.roll(op, op.members, label='upgrade',
                 before_restart=lambda m: hooked.append(m.name))
    assert restarts(c) == ['b', 'c'] and hooked == ['b', 'c']


def test_a_roll_resumed_with_its_node_down_restarts_it():
    # The service died while a's server was stopped for its restart.
    c = Cluster(['a', 'b', 'c'])
    c.down.add('a')
    op = Op(c)
    rolling.roll(op, op.members)
    assert restarts(c) == ['a', 'b', 'c'] and not op.faults


def test_guests_capped_below_1_1_get_a_stop_and_a_start():
    c = Cluster(['a', 'b'], version='1.0')
    op = Op(c)
    rolling.roll(op, op.members)
    assert [e for e in c.log if e[0] != 'look'] == [
        ('stop', 'a'), ('start', 'a'), ('stop', 'b'), ('start', 'b')]
