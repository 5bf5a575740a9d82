"""When the health checks decide a cluster needs healing."""

import datetime
import types

from galeratrove.taskmanager import health

NOW = datetime.datetime(2026, 1, 1, 12, 0, 0)
SYNCED = {'running': True, 'wsrep_cluster_status': 'Primary'}


def member(name, status='ACTIVE', report=SYNCED, age=1):
    return types.SimpleNamespace(
        name=name, status=status, guest_status=report,
        heartbeat_at=NOW - datetime.timedelta(seconds=age))


def test_healthy_cluster_is_left_alone():
    assert health.needs_healing([member('a'), member('b')], NOW, 60) is None


def test_a_stopped_member_is_named():
    down = {'running': False}
    reason = health.needs_healing(
        [member('a'), member('b', 'SHUTDOWN', down)], NOW, 60)
    assert reason == 'stopped: b'


def test_no_primary_component_left():
    lost = {'running': True, 'wsrep_cluster_status': 'non-Primary'}
    assert health.needs_healing([member('a', report=lost),
                                 member('b', report=lost)], NOW, 60) == \
        'no primary component'


def test_silent_agents_and_unfinished_members_are_not_acted_on():
    down = {'running': False}
    assert health.needs_healing(
        [member('a', report=down), member('b', age=300)], NOW, 60) is None
    assert health.needs_healing(
        [member('a', 'BUILD', down), member('b', 'ERROR', down)],
        NOW, 60) is None


def test_reports_from_before_the_last_task_ended_are_not_acted_on():
    down = {'running': False}
    members = [member('a'), member('b', 'SHUTDOWN', down, age=5)]
    ended = NOW - datetime.timedelta(seconds=3)
    assert health.needs_healing(members, NOW, 60, since=ended) is None
    ended = NOW - datetime.timedelta(seconds=10)
    assert health.needs_healing(members, NOW, 60, since=ended) == \
        'stopped: b'


def test_heals_failing_in_a_row_are_retried_less_and_less_often():
    def op(kind, state, age):
        return types.SimpleNamespace(
            kind=kind, state=state,
            updated=NOW - datetime.timedelta(seconds=age))
    assert health.heal_backoff([], 60) == (0, None)
    assert health.heal_backoff([op('heal', 'COMPLETED', 5)], 60) == (0, None)
    ops = [op('heal', 'COMPLETED', 900), op('heal', 'FAILED', 300),
           op('grow', 'COMPLETED', 200), op('heal', 'FAILED', 100)]
    assert health.heal_backoff(ops, 60) == (240, ops[-1].updated)
    assert health.heal_backoff([ops[-1]] * 10, 60)[0] == 1800


def test_a_member_that_stopped_since_the_last_task_is_enough():
    """One fresh report of a stopped server: the others may lag behind."""
    down = {'running': False}
    members = [member('a', age=20), member('b', 'SHUTDOWN', down, age=1)]
    ended = NOW - datetime.timedelta(seconds=10)
    assert health.needs_healing(members, NOW, 60, since=ended) == \
        'stopped: b'
    lost = {'running': True, 'wsrep_cluster_status': 'non-Primary'}
    members = [member('a', age=20, report=lost), member('b', report=lost)]
    assert health.needs_healing(members, NOW, 60, since=ended) is None


def test_members_stopped_or_silent_are_the_suspects():
    down = {'running': False}
    members = [member('a'), member('b', 'SHUTDOWN', down),
               member('c', age=300), member('d', 'ERROR', down),
               member('e', 'BUILD', down)]
    assert [m.name for m in health.suspects(members, NOW, 60)] == ['b', 'c']


def test_a_member_whose_server_is_gone_is_faulted_not_healed(monkeypatch):
    down = {'running': False}
    members = [member('a'), member('b'), member('c', 'SHUTDOWN', down),
               member('d', 'SHUTDOWN', down)]
    for m in members:
        m.id = m.name
    cluster = types.SimpleNamespace(id='x', instances=members,
                                    updated=NOW - datetime.timedelta(
                                        seconds=30))
    updates, healed, looked_up = {}, [], []

    def gone(m):
        looked_up.append(m.name)
        return m.name == 'c'
    monkeypatch.setattr(health.tm_instances, 'server_gone', gone)
    monkeypatch.setattr(health.db_api, 'cluster_list_idle',
                        lambda cluster_id=None: [cluster])
    monkeypatch.setattr(health.db_api, 'instance_update',
                        lambda i, **values: updates.setdefault(i, values))
    monkeypatch.setattr(health.db_api, 'operation_list', lambda c: [])
    monkeypatch.setattr(health.models, 'utcnow', lambda: NOW)
    manager = types.SimpleNamespace(owns_health=lambda c: True)
    monitor = health.HealthMonitor(manager)
    monkeypatch.setattr(monitor, 'heal',
                        lambda cl, reason: healed.append(reason))
    monitor.check()
    assert looked_up == ['c', 'd']
    assert list(updates) == ['c'] and updates['c']['status'] == 'ERROR'
    assert 'replace' in updates['c']['fault_message']
    # d stopped with its server in place: healed as before; c is not named.
    assert healed == ['stopped: d']


def test_a_member_silent_for_three_heartbeats_is_looked_up(monkeypatch):
    """Long before its heartbeat is stale (60 s).

    A deleted server's agent cannot report, so the compute service is
    asked after 3 beats.
    """
    members = [member('a'), member('b', age=25), member('c', age=31)]
    for m in members:
        m.id = m.name
    cluster = types.SimpleNamespace(id='x', instances=members, updated=NOW)
    looked_up, updates = [], {}

    def gone(m):
        looked_up.append(m.name)
        return True
    monkeypatch.setattr(health.tm_instances, 'server_gone', gone)
    monkeypatch.setattr(health.db_api, 'instance_update',
                        lambda i, **values: updates.setdefault(i, values))
    monitor = health.HealthMonitor(types.SimpleNamespace())
    assert health.CONF.cluster.heartbeat_interval == 10
    assert monitor.leave_to_replace(cluster, NOW) == {'c'}
    assert looked_up == ['c'] and list(updates) == ['c']
