"""Operation and named leases on SQLite, MariaDB and PostgreSQL."""

import datetime
import threading

from galeratrove.db import api as db_api
from galeratrove.db import leases
from galeratrove.db import models


def _operation():
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    _, op_id = db_api.cluster_create(
        't1', 'c', dsv.id, [{'flavor_id': '2', 'volume_size': 1}],
        {'instances': 10, 'volumes': 10}, 2)
    return op_id


def _expire(op_id):
    """As if its owner had not renewed for a while."""
    db_api.operation_update(op_id, lease_expires=models.utcnow() -
                            datetime.timedelta(seconds=5))


def test_one_owner_at_a_time_and_takeover_after_expiry(database):
    op_id = _operation()
    assert leases.operation_claim(op_id, 'tm-a', 30)
    assert not leases.operation_claim(op_id, 'tm-b', 30)
    assert leases.operation_renew(op_id, 'tm-a', 30)
    # Claiming our own again (a restart under the same host) is allowed.
    assert leases.operation_claim(op_id, 'tm-a', 30)
    assert [o.id for o in leases.operation_list_claimable('tm-b')] == []
    step_a = leases.step_start(op_id, 'boot 1 instances', 'tm-a', 30)
    assert step_a is not None

    _expire(op_id)
    assert [o.id for o in leases.operation_list_claimable('tm-b')] == [
        op_id]
    assert leases.operation_claim(op_id, 'tm-b', 30)
    op = db_api.operation_get(op_id)
    assert (op.owner, op.state) == ('tm-b', 'PENDING')
    # The old owner can neither renew nor record a step any more, and
    # its step in progress ended when the new owner took over.
    assert not leases.operation_renew(op_id, 'tm-a', 30)
    assert leases.step_start(op_id, 'late', 'tm-a', 30) is None
    leases.step_finish(step_a)
    step_b = leases.step_start(op_id, 'boot 1 instances', 'tm-b', 30)
    leases.step_finish(step_b)
    steps = db_api.operation_get(op_id).steps
    assert [(s.owner, s.state) for s in steps] == [
        ('tm-a', 'ABANDONED'), ('tm-b', 'COMPLETED')]
    assert steps[0].finished <= steps[1].started


def test_a_finished_operation_is_nobodys_to_claim(database):
    op_id = _operation()
    db_api.operation_update(op_id, state='COMPLETED')
    assert not leases.operation_claim(op_id, 'tm-a', 30)
    assert leases.operation_list_claimable('tm-a') == []


def test_a_lease_write_keeps_the_operations_updated_time(database):
    op_id = _operation()
    before = db_api.operation_get(op_id).updated
    db_api.operation_update(op_id, updated=before - datetime.timedelta(
        seconds=60))
    before = db_api.operation_get(op_id).updated
    assert leases.operation_claim(op_id, 'tm-a', 30)
    assert leases.operation_renew(op_id, 'tm-a', 30)
    assert db_api.operation_get(op_id).updated == before


def _race(fn, owners):
    """Run fn(owner) in one thread per owner, all released at once."""
    barrier = threading.Barrier(len(owners))
    results = {}

    def run(owner):
        barrier.wait()
        results[owner] = fn(owner)
    threads = [threading.Thread(target=run, args=(o,)) for o in owners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_racing_claims_have_one_winner(database):
    owners = ['tm-%d' % i for i in range(6)]
    for _ in range(3):
        op_id = _operation()
        results = _race(lambda o: leases.operation_claim(op_id, o, 30),
                        owners)
        winners = [o for o, won in results.items() if won]
        assert len(winners) == 1
        assert db_api.operation_get(op_id).owner == winners[0]


def test_named_lease(database):
    owners = ['tm-%d' % i for i in range(4)]
    results = _race(lambda o: leases.claim('health:x', o, 30), owners)
    winners = [o for o, won in results.items() if won]
    assert len(winners) == 1
    holder, = winners
    other = next(o for o in owners if o != holder)
    assert leases.claim('health:x', holder, 30)
    assert not leases.claim('health:x', other, 30)
    assert leases.claim('health:y', other, 30)
    # Expired: anyone may take it.
    assert leases.claim('health:x', holder, -5)
    assert leases.claim('health:x', other, 30)
    assert not leases.claim('health:x', holder, 30)
    leases.release('health:x', other)
    assert leases.claim('health:x', holder, 30)
    leases.release('health:x')
    assert leases.claim('health:x', other, 30)
