"""A member whose server is gone is replaced under writes (issue 9).

Gone as the local compute driver sees a lost host: its data directory
removed, its database server killed. The health checks mark it ERROR
(they do not restart it) and a replace-instance joins a new member by
SST, then removes it, the cluster serving throughout.
"""

import datetime
import os
import shutil
import signal
import time

from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import faulted_gone
from tests.functional.clusters.conftest import faults
from tests.functional.clusters.conftest import member_view
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters.test_rolling import _sql
from tests.functional.clusters.test_rolling import last_operation
from tests.functional.clusters.test_rolling import server_pid
from tests.functional.clusters import writes
from tests.functional import helpers

# The longest writes may stall when a member dies: the survivors keep
# it in their view until Galera's suspect timeout (5 s) evicts it, and
# commits wait for it meanwhile.
MAX_STALL = 15
# The longest a write may wait during the replace: an rsync SST holds
# its donor's commits while it copies the data files (README.rst).
MAX_PAUSE = 8


def _make_gone(server, instance_id):
    """Its disk first, then its server: never a stopped node to restart."""
    pid = server_pid(server, instance_id)
    shutil.rmtree(server.instance_dir(instance_id))
    os.kill(pid, signal.SIGKILL)


def _steps(server, cluster_id, kind):
    """[(name, started, finished)] of the latest such operation, in s.

    Recorded in whole seconds: ``finished`` is rounded up.
    """
    rows = _sql(server, 'SELECT s.name, s.started, s.finished FROM '
                'operation_steps s WHERE s.operation_id = (SELECT id FROM '
                'operations WHERE cluster_id = ? AND kind = ? ORDER BY '
                'created DESC LIMIT 1) ORDER BY s.id', cluster_id, kind)

    def epoch(text):
        at = datetime.datetime.fromisoformat(str(text))
        return at.replace(tzinfo=datetime.timezone.utc).timestamp()
    return [(n, epoch(a), epoch(b) + 1 if b else None) for n, a, b in rows]


def _longest_pause_at(load, start, end):
    """(seconds, when it began) of the longest pause in [start, end]."""
    times = [start] + [t for t in load.acked_at if start < t < end] + [end]
    return max((b - a, a) for a, b in zip(times, times[1:]))


def _during(steps, at):
    return [n for n, a, b in steps if a <= at <= (b or at)] or ['-']


def test_a_gone_member_is_replaced_under_writes(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'gone').id)
    password = tc.root.create_cluster_root(cluster.id)[1]
    victim = cluster.instances[1]
    others = [i for i in cluster.instances if i['id'] != victim['id']]
    with writes.Load(cluster.ip, password) as load:
        helpers.wait_until(lambda: len(load.acked) > 20, 60, 'first writes')
        lost_at = time.time()
        _make_gone(server, victim['id'])
        helpers.wait_until(
            lambda: faulted_gone(tc, cluster.id, victim['id']), 60,
            'the gone member ERROR with a fault saying to replace it')
        assert tc.clusters.get(cluster.id).task['name'] == 'NONE'
        # Galera drops it from the survivors' view; writes go on.
        helpers.wait_until(lambda: all(
            (member_view(tc, cluster.id, o['id']).get('galera') or {}).get(
                'wsrep_cluster_size') == 2 for o in others), 60,
            'a 2-node view on the survivors')
        evicted = time.time()
        helpers.wait_until(lambda: load.acked_at[-1] > evicted, 30,
                           'writes after the eviction')
        stall = load.longest_pause(lost_at, evicted)
        assert stall < MAX_STALL, stall
        started = tc.clusters._action(
            cluster.id, {'replace-instance': {'id': victim['id']}})
        assert started.task['name'] == 'REPLACING_INSTANCE'
        began = time.time()

        def newcomer():
            found = [i for i in tc.clusters.get(cluster.id).instances
                     if i['id'] not in {o['id'] for o in others} and
                     i['id'] != victim['id'] and i.get('ip')]
            return found[0] if found else None
        new = helpers.wait_until(newcomer, 120, 'the newcomer address')
        load.follow(new['ip'])
        cluster = wait_task(tc, cluster.id, timeout=300)
        ended = time.time()
        helpers.wait_until(lambda: len(load.acked_at) and
                           load.acked_at[-1] > ended + 1, 60,
                           'writes after the replace')
    state, error, steps = last_operation(server, cluster.id, 'replace')
    assert (state, error) == ('COMPLETED', None), (error, steps,
                                                   faults(cluster))
    ids = [i['id'] for i in cluster.instances]
    assert len(ids) == 3 and victim['id'] not in ids, ids
    assert ids[:2] == [o['id'] for o in others]
    assert ids[2] == new['id']
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    for inst in cluster.instances:
        galera = member_view(tc, cluster.id, inst['id']).get('galera') or {}
        assert galera.get('wsrep_local_state_comment') == 'Synced', galera
        assert galera.get('wsrep_cluster_size') == 3, galera
    names = [s[0] for s in steps]
    assert names.index('join %s' % new['name']) < names.index(
        'remove %s' % victim['name'])
    # The cluster stayed Primary at every sample (two of three nodes in
    # the Primary component, Synced or the SST's donor), every
    # acknowledged write is on all three nodes, one checksum.
    acked, samples, dips = load.check(ips=cluster.ip)
    assert acked > 100 and samples > 10, (acked, samples)
    # Fewer than two Synced only while the newcomer copies its data
    # (its SST donor Desynced); both survivors in the Primary component
    # at every sample.
    steps = _steps(server, cluster.id, 'replace')
    (_, join_start, join_end), = [s for s in steps
                                  if s[0] == 'join %s' % new['name']]
    for at, sample in load.sampled_at:
        if list(sample.values()).count(writes.SYNCED) < 2:
            assert join_start <= at <= join_end, (at, steps, sample)
    serving = {writes.SYNCED, writes.DONOR}
    for other in others:
        assert set(load.states(other['ip'])) <= serving, other
    pause, at = _longest_pause_at(load, began, ended)
    assert pause == load.longest_pause(began, ended)
    assert pause < MAX_PAUSE, (pause, _during(steps, at))
    print('replace of a gone member in %.1fs: %d writes acknowledged, %d '
          'samples, %d with the donor Desynced, longest pause %.1fs (at '
          '+%.1fs, during %s), %d refused; the loss stalled writes %.1fs'
          % (ended - began, acked, samples, dips, pause, at - began,
             ', '.join(_during(steps, at)), load.errors, stall))
    tc.clusters.delete(cluster.id)
