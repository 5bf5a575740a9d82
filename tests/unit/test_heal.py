"""The heal's decisions, on a simulated cluster of guests."""

import types

import pytest

from galeratrove.common.strategies.cluster.experimental.galera_common \
    import heal
from galeratrove.conf import CONF
from tests.unit import fake_op


class Guest:
    """A node: running or not, Primary or not, how far its data goes."""

    def __init__(self, cluster, name, running=True, primary=True,
                 seqno=10, starts_fail=0, rebuild_fails=False, uuid=None):
        self.cluster, self.name = cluster, name
        self.running, self.primary, self.seqno = running, primary, seqno
        self.starts_fail, self.rebuild_fails = starts_fail, rebuild_fails
        self.calls = []
        self.view = None
        self.uuid = uuid   # its dead incarnation's, once it stopped

    def get_status(self):
        if not self.running:
            return {'running': False, 'gcomm_uuid': self.uuid}
        size = self.view or sum(g.running for g in self.cluster.values())
        return {'running': True, 'wsrep_cluster_size': size,
                'wsrep_cluster_status':
                    'Primary' if self.primary else 'non-Primary',
                'wsrep_local_state_comment':
                    'Synced' if self.primary else 'Initialized',
                'wsrep_last_committed': self.seqno}

    def start_db(self, bootstrap=False):
        self.calls.append(('start_db', bootstrap))
        if self.starts_fail:
            self.starts_fail -= 1
            raise RuntimeError('server exited\nlog tail')
        self.running = True
        self.primary = bootstrap or any(
            g.primary and g.running for g in self.cluster.values())

    def recover_position(self):
        self.calls.append(('recover_position',))
        self.running = False
        return {'seqno': self.seqno}

    def can_send_version(self, version):
        return True

    def evict_members(self, uuids):
        self.calls.append(('evict_members', uuids))
        if uuids:
            self.view = None

    def bootstrap_primary(self):
        self.calls.append(('bootstrap_primary',))
        self.primary = True

    def rebuild(self, config, replication_user, configuration):
        self.calls.append(('rebuild', configuration['node_name']))
        if self.rebuild_fails:
            raise RuntimeError('could not remove data')
        self.running = self.primary = True


class Op(fake_op.RecordingOp):
    def __init__(self, guests):
        super().__init__(guests)
        self.guests = guests

    def guest(self, member):
        return self.guests[member.id]

    def fault(self, member, message):
        member.status = 'ERROR'
        self.faults[member.id] = message


class Strategy:
    manager = 'mariadb'

    def secrets_from(self, op, members):
        return {'admin_password': 'a', 'replication_user': {'name': 'r'}}

    def cluster_configuration(self, op, member, members):
        return {'node_name': member.name}


@pytest.fixture
def make(monkeypatch):
    monkeypatch.setattr(heal.db_api, 'instance_update', lambda *a, **k: None)
    CONF.set_override('heal_settle_timeout', 1, 'cluster')

    def factory(**specs):
        guests = {}
        for name, kwargs in specs.items():
            guests[name] = Guest(guests, name, **kwargs)
        op = Op(guests)
        return op, guests, heal.Healer(Strategy(), op)
    yield factory
    CONF.clear_override('heal_settle_timeout', 'cluster')


def test_a_view_counting_dead_members_without_quorum_is_doomed():
    def look(running, size):
        members = [types.SimpleNamespace(id=i) for i in range(3)]
        status = {i: {'running': i < running, 'wsrep_cluster_size': size,
                      'wsrep_cluster_status': 'Primary'} for i in range(3)}
        return heal.Look(members, status)
    assert look(1, 3).doomed()
    assert not look(2, 3).doomed()
    assert not look(1, 1).doomed()


def test_a_non_primary_survivor_is_bootstrapped_then_the_others_rejoin(make):
    op, guests, healer = make(a=dict(primary=False, seqno=12),
                              b=dict(running=False, seqno=11),
                              c=dict(running=False, seqno=12))
    healer.run()
    assert ('bootstrap_primary',) in guests['a'].calls
    assert ('start_db', True) not in guests['a'].calls
    assert guests['b'].calls == [('recover_position',), ('start_db', False)]
    assert all(g.running and g.primary for g in guests.values())


def test_a_stale_primary_view_is_waited_out_before_deciding(make):
    op, guests, healer = make(a=dict(seqno=5), b=dict(running=False, seqno=5),
                              c=dict(running=False, seqno=4))
    survivor = guests['a']
    survivor.view = 3
    looks = []
    status = survivor.get_status

    def evicted_on_the_third_look():
        looks.append(1)
        if len(looks) == 3:
            survivor.view, survivor.primary = None, False
        return status()
    survivor.get_status = evicted_on_the_third_look
    healer.run()
    assert ('bootstrap_primary',) in survivor.calls
    assert guests['b'].calls[0] == ('recover_position',)
    assert all(g.running and g.primary for g in guests.values())


def test_a_stopped_member_ahead_of_the_survivor_means_a_full_restart(make):
    op, guests, healer = make(a=dict(primary=False, seqno=9),
                              b=dict(running=False, seqno=10),
                              c=dict(running=False, seqno=8))
    healer.run()
    assert ('bootstrap_primary',) not in guests['a'].calls
    assert ('start_db', True) in guests['b'].calls
    assert all(g.running and g.primary for g in guests.values())


def test_a_node_that_never_starts_is_rebuilt_after_bounded_tries(make):
    op, guests, healer = make(a={}, b={}, c=dict(running=False,
                                                 starts_fail=99))
    healer.run()
    attempts = CONF.cluster.heal_restart_attempts
    assert guests['c'].calls == [('start_db', False)] * attempts + [
        ('rebuild', 'c')]
    assert guests['c'].running and not op.faults


def test_a_node_that_cannot_be_rebuilt_is_faulted_once(make):
    op, guests, healer = make(a={}, b={}, c=dict(
        running=False, starts_fail=99, rebuild_fails=True))
    healer.run()
    assert [c[0] for c in guests['c'].calls].count('rebuild') == 1
    assert 'server exited' in op.faults['c']
    assert 'shrink it away' in op.faults['c']
    assert 'log tail' not in op.faults['c']


def test_dead_members_are_evicted_then_restarted_together(make):
    op, guests, healer = make(a={}, b={}, c=dict(running=False, uuid='u-c'),
                              d=dict(running=False, uuid='u-d'))
    guests['a'].view = guests['b'].view = 4     # still counting c and d
    healer.run()
    for name in 'ab':
        # Cleared before the restart, and once healed (so they report).
        assert guests[name].calls == [('evict_members', ['u-c', 'u-d']),
                                      ('evict_members', []),
                                      ('evict_members', [])]
    assert [s for s in op.steps if s.startswith('evict')] == [
        'evict 2 dead members from the Primary view']
    for name in 'cd':
        # Both started in the same round, then told to forget the dead.
        assert guests[name].calls == [('start_db', False),
                                      ('evict_members', [])]
    assert op.steps.index('start c again (attempt 1 of 2)') < \
        op.steps.index('look at 4 members', 2)
    assert all(g.running and g.primary for g in guests.values())


def test_eviction_lists_are_cleared_before_a_dead_member_starts(make):
    """A kept list would stall the join of the member's new incarnation."""
    op, guests, healer = make(a={}, b={}, c=dict(running=False, uuid='u-c'))
    guests['a'].view = guests['b'].view = 3
    order = []
    for name in 'abc':
        guest = guests[name]
        guest.calls = types.SimpleNamespace(
            append=lambda call, name=name: order.append((name,) + call))
    healer.run()
    cleared = [order.index((n, 'evict_members', [])) for n in 'ab']
    assert max(cleared) < order.index(('c', 'start_db', False))
    assert order.count(('a', 'evict_members', [])) == 2


def test_eviction_lists_wait_for_the_view_to_drop_the_dead(make):
    op, guests, healer = make(a={}, b={}, c=dict(running=False, uuid='u-c'))
    survivor = guests['a']
    survivor.view = guests['b'].view = 3
    events = []
    status, evict = survivor.get_status, survivor.evict_members

    def late_drop():
        # Galera drops the evicted member only by the third look.
        events.append('look')
        if events.count('look') == 3:
            survivor.view = None
        return status()

    def record_evict(uuids):
        events.append(('evict', uuids))
        evict(uuids)
        if uuids:
            survivor.view = 3
    survivor.get_status, survivor.evict_members = late_drop, record_evict
    healer.run()
    assert events[:5] == ['look', ('evict', ['u-c']), 'look', 'look',
                          ('evict', [])]
    assert all(g.running and g.primary for g in guests.values())


def test_a_dead_member_whose_uuid_is_unknown_is_waited_out(make):
    op, guests, healer = make(a={}, b={}, c=dict(running=False))
    guests['a'].view = guests['b'].view = 3
    healer.run()
    assert not [s for s in op.steps if s.startswith('evict')]
    assert guests['a'].calls == []
    assert guests['c'].calls == [('start_db', False)]


def test_a_member_whose_server_is_gone_is_left_to_a_replace(make,
                                                            monkeypatch):
    """Not restarted nor rebuilt in place: faulted once, then counted out."""
    op, guests, healer = make(a={}, b={}, c=dict(running=False, uuid='u-c'))
    guests['a'].view = guests['b'].view = 3
    asked = []

    def gone(member):
        asked.append(member.id)
        return member.id == 'c'
    monkeypatch.setattr(heal.tm_instances, 'server_gone', gone)
    healer.run()
    assert guests['c'].calls == []
    assert 'Replace it' in op.faults['c']
    assert op.members[2].status == 'ERROR'
    assert sorted(set(asked)) == ['a', 'b', 'c']
    assert all(g.calls == [] for g in guests.values())
