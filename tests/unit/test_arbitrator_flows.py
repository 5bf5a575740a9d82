"""The flows' choices with an arbitrator: never the one holding data."""

from galeratrove.common.strategies.cluster.experimental.galera_common \
    import taskmanager
from tests.unit import fake_op
from tests.unit.test_heal import make  # noqa: F401 (fixture)


def _arbitrate(op, name):
    for member in op.members:
        member.type = 'arbitrator' if member.name == name else 'member'


class Flows(taskmanager.GaleraCommonTaskManagerStrategy):
    """The strategy with its guest-facing steps recorded."""

    manager = 'mariadb'

    def __init__(self):
        self.calls = []

    def create_secrets(self, op, members):
        return {}

    def boot_and_prepare(self, op, new, secrets):
        return new

    def join(self, op, instance, secrets, members, bootstrap=False):
        self.calls.append((instance.name, bootstrap))

    def push_members(self, op, members):
        self.calls.append(('push', [m.name for m in members]))

    def complete(self, op, instances):
        pass


class CreateOp(fake_op.RecordingOp):
    params = {'instances': ['arb', 'a', 'b']}


def test_create_bootstraps_a_data_node_and_joins_the_arbitrator_last():
    op = CreateOp(['arb', 'a', 'b'])
    _arbitrate(op, 'arb')
    flows = Flows()
    flows.create_cluster(op)
    assert flows.calls == [('a', True), ('b', False), ('arb', False),
                           ('push', ['arb', 'a', 'b'])]


def test_rolling_skips_the_arbitrator_but_counts_its_vote(monkeypatch):
    rolled = []
    monkeypatch.setattr(taskmanager.rolling, 'roll', lambda op, members,
                        **kw: rolled.append(([m.name for m in members],
                                             kw['voters'])))
    op = fake_op.RecordingOp(['a', 'arb', 'b'])
    _arbitrate(op, 'arb')
    Flows().restart_cluster(op)
    assert rolled == [(['a', 'b'], 1)]


def test_a_full_outage_never_bootstraps_the_arbitrator(make):  # noqa: F811
    op, guests, healer = make(arb=dict(running=False, seqno=99),
                              a=dict(running=False, seqno=10),
                              b=dict(running=False, seqno=12))
    _arbitrate(op, 'arb')
    healer.run()
    assert ('start_db', True) in guests['b'].calls
    assert ('start_db', True) not in guests['arb'].calls
    assert ('recover_position',) not in guests['arb'].calls
    assert ('start_db', False) in guests['arb'].calls  # garbd restarted
    assert all(g.running for g in guests.values())


def test_a_survivor_is_made_primary_not_the_arbitrator(make):  # noqa: F811
    op, guests, healer = make(arb=dict(primary=False, seqno=99),
                              a=dict(primary=False, seqno=12),
                              b=dict(running=False, seqno=11))
    _arbitrate(op, 'arb')
    healer.run()
    assert ('bootstrap_primary',) in guests['a'].calls
    assert ('bootstrap_primary',) not in guests['arb'].calls
