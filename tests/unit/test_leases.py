"""Two taskmanagers in one process: one owner per operation at a time."""

import threading

import pytest

from galeratrove.common.strategies import strategy
from galeratrove.db import api as db_api
from galeratrove.db import leases
from galeratrove.taskmanager import manager
from tests.functional import helpers

LEASE = 3


class Flow:
    """A create whose second step waits until the test lets it go."""

    def __init__(self):
        self.entered = threading.Event()
        self.release = threading.Event()
        self.ran = []

    def create_cluster(self, op):
        with op.step('first'):
            self.ran.append((op.owner, 'first'))
        with op.step('second'):
            self.entered.set()
            self.release.wait(30)
            self.ran.append((op.owner, 'second'))
        with op.step('third'):
            self.ran.append((op.owner, 'third'))


@pytest.fixture
def flow(sqlite_db, conf, monkeypatch):
    conf('operation_lease_seconds', LEASE, group='taskmanager')
    flow = Flow()
    monkeypatch.setattr(strategy, 'taskmanager_strategy', lambda m: flow)
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    _, op_id = db_api.cluster_create(
        't1', 'c', dsv.id, [{'flavor_id': '2', 'volume_size': 1}],
        {'instances': 10, 'volumes': 10}, 2)
    flow.op_id = op_id
    return flow


def test_the_cast_and_the_scan_start_an_operation_once(flow):
    a, b = manager.Manager('tm-a'), manager.Manager('tm-b')
    a.start_operation(None, flow.op_id)
    flow.entered.wait(10)
    b.start_operation(None, flow.op_id)
    b.resume_unfinished()
    assert not b._running
    flow.release.set()
    a.wait_idle(10)
    op = db_api.operation_get(flow.op_id)
    assert (op.state, op.owner) == ('COMPLETED', 'tm-a')
    assert [(s.owner, s.state) for s in op.steps] == [
        ('tm-a', 'COMPLETED')] * 3


def test_a_silent_owner_is_taken_over_and_stops_by_itself(flow):
    """tm-a stops renewing (as if frozen); tm-b resumes after the lease."""
    a, b = manager.Manager('tm-a'), manager.Manager('tm-b')
    a.start_operation(None, flow.op_id)
    assert flow.entered.wait(10)
    b.resume_unfinished()
    assert not b._running  # tm-a's lease is live
    # No renewal from tm-a: once its lease runs out tm-b claims it.
    helpers.wait_until(lambda: b.resume_unfinished() or b._running, 20,
                       'tm-b taking over')
    assert db_api.operation_get(flow.op_id).owner == 'tm-b'
    flow.release.set()
    a.wait_idle(10)
    b.wait_idle(10)
    op = db_api.operation_get(flow.op_id)
    assert (op.state, op.owner) == ('COMPLETED', 'tm-b')
    # tm-a finished the step it was in but began no other, and left no
    # failure behind; tm-b did the whole flow again (a resumed create).
    assert ('tm-a', 'third') not in flow.ran
    assert [(s.name, s.owner, s.state) for s in op.steps] == [
        ('first', 'tm-a', 'COMPLETED'), ('second', 'tm-a', 'ABANDONED'),
        ('first', 'tm-b', 'COMPLETED'), ('second', 'tm-b', 'COMPLETED'),
        ('third', 'tm-b', 'COMPLETED')]
    assert op.error is None


def test_renewals_keep_the_lease(flow):
    a, b = manager.Manager('tm-a'), manager.Manager('tm-b')
    a.start_operation(None, flow.op_id)
    assert flow.entered.wait(10)
    a.start_leases()
    try:
        stop = threading.Event()
        stop.wait(LEASE * 2)
        b.resume_unfinished()
        assert not b._running
        assert not leases.operation_claim(flow.op_id, 'tm-b', LEASE)
    finally:
        flow.release.set()
        a.wait_idle(10)
        a.stop_leases()
    assert db_api.operation_get(flow.op_id).state == 'COMPLETED'


def test_health_checks_have_one_owner(flow):
    a, b = manager.Manager('tm-a'), manager.Manager('tm-b')
    assert a.owns_health('c1')
    assert not b.owns_health('c1')
    assert b.owns_health('c2')
    assert a.owns_health('c1')
