"""When a schedule is due, and what its retention deletes (chains)."""

import datetime
import types

import pytest

from galeratrove.backup import schedule
from galeratrove.common import exception

T0 = datetime.datetime(2026, 1, 1, 0, 0, 0)


def backup(id, hours, parent=None, status='COMPLETED', scheduled=True):
    return types.SimpleNamespace(
        id=id, parent_id=parent, status=status,
        created=T0 + datetime.timedelta(hours=hours),
        schedule_id='s' if scheduled else None)


def ids(rows):
    return [r.id for r in rows]


@pytest.mark.parametrize('pattern', [
    'every minute', '* * * *', '61 * * * *', '* * * * * * *', '', 'a b c d e'])
def test_a_bad_pattern_is_a_bad_request(pattern):
    with pytest.raises(exception.BadRequest):
        schedule.check_pattern(pattern)


def test_next_due_time_follows_the_pattern():
    assert schedule.next_after('0 3 * * *', T0) == T0.replace(hour=3)
    assert schedule.next_after('0 * * * *', T0) == T0.replace(hour=1)
    # Strictly after: a run due now is not due again now.
    due = T0.replace(hour=3)
    assert schedule.next_after('0 3 * * *', due) == due + \
        datetime.timedelta(days=1)
    assert schedule.next_after('*/5 * * * *', T0.replace(minute=7)) == \
        T0.replace(minute=10)


def test_retention_keeps_the_newest_fulls():
    rows = [backup('f1', 0), backup('f2', 24), backup('f3', 48)]
    assert ids(schedule.expired(rows, 2)) == ['f1']
    assert schedule.expired(rows, 3) == []
    assert schedule.expired(rows, None) == []


def test_an_expired_chain_goes_children_first():
    rows = [backup('f1', 0), backup('i1', 1, 'f1'), backup('i2', 2, 'i1'),
            backup('f2', 24), backup('i3', 25, 'f2')]
    assert ids(schedule.expired(rows, 1)) == ['i2', 'i1', 'f1']


def test_a_kept_incremental_keeps_its_full():
    # i3 was built on f1's chain after f2 and f3: f1 stays with it.
    rows = [backup('f1', 0), backup('i1', 1, 'f1'), backup('f2', 24),
            backup('f3', 48), backup('i3', 49, 'i1')]
    assert ids(schedule.expired(rows, 2)) == []


def test_a_hand_made_incremental_keeps_its_scheduled_parents():
    rows = [backup('f1', 0), backup('i1', 1, 'f1'),
            backup('m1', 2, 'i1', scheduled=False), backup('f2', 24)]
    assert schedule.expired(rows, 1) == []
    rows = rows[:2] + [backup('m0', 2, scheduled=False), rows[3]]
    # A hand-made full is not deleted, but still counts as a full.
    assert ids(schedule.expired(rows, 1)) == ['i1', 'f1']


def test_unfinished_and_failed_backups():
    rows = [backup('f0', 0, status='FAILED'), backup('f1', 1),
            backup('f2', 24), backup('f3', 48, status='BUILDING'),
            backup('f4', 49, status='FAILED')]
    # A FAILED full older than the kept ones goes; a newer one and one
    # still being made stay; fulls not COMPLETED do not count.
    assert ids(schedule.expired(rows, 1)) == ['f0', 'f1']
