"""Failover between real taskmanager and API processes (issue 11).

A taskmanager killed with SIGKILL mid-operation stops renewing its lease;
the other one takes the operation over once the lease expires and
finishes it. The step records prove that no step ran on two owners at
once.
"""

import itertools
import threading
import time

import requests

from galeratrove.common import context
from galeratrove.conf import CONF
from galeratrove.taskmanager import rpcapi as task_api
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import wait_task
from tests.functional.failover.conftest import HOSTS
from tests.functional.failover.conftest import LEASE
from tests.functional import helpers

# Expiry, then the survivor's next look (every third of a lease), then
# its first step, with room for a loaded machine.
TAKEOVER_BOUND = 2 * LEASE


def assert_no_overlap(steps):
    """Steps of different owners never share a moment."""
    for a, b in itertools.combinations(steps, 2):
        if a.owner == b.owner:
            continue
        assert a.finished is not None and b.finished is not None, steps
        assert a.finished <= b.started or b.finished <= a.started, (a, b)


def _owned(plane, op_id):
    op = plane.operation(op_id)
    return op.owner if op.owner in HOSTS else None


def _kill_owner_then_wait_takeover(plane, op_id, mid_flight):
    """SIGKILL the op's owner once mid_flight(); the seconds to takeover."""
    owner = helpers.wait_until(lambda: _owned(plane, op_id), 60,
                               'an owner for %s' % op_id)
    helpers.wait_until(mid_flight, 240, 'the operation mid-flight')
    owner = plane.operation(op_id).owner
    plane.tms[owner].kill()
    killed = time.monotonic()
    survivor, = [h for h in HOSTS if h != owner]
    helpers.wait_until(
        lambda: plane.operation(op_id).owner == survivor,
        4 * LEASE, 'the other taskmanager taking %s over' % op_id,
        interval=0.1)
    took = time.monotonic() - killed
    return owner, survivor, took


def _finish_and_check(plane, tc, cluster_id, op_id, owner, survivor, n):
    cluster = wait_task(tc, cluster_id, timeout=300)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * n
    op = plane.operation(op_id)
    assert (op.state, op.owner) == ('COMPLETED', survivor)
    steps = plane.steps(op_id)
    owners = {s.owner for s in steps}
    assert owners == {owner, survivor}, steps
    assert_no_overlap(steps)
    # What the killed owner left running ended when the survivor took over.
    assert all(s.state in ('COMPLETED', 'ABANDONED') for s in steps
               if s.owner == owner), steps
    # Back to two taskmanagers for the next test.
    plane.start_taskmanager(owner)
    return cluster


def test_taskmanagers_answer_by_host(plane, conf):
    for key, value in plane.sections['DEFAULT'].items():
        conf(key, value)
    conf('service_key', plane.sections['rpc_auth']['service_key'],
         group='rpc_auth')
    for host in HOSTS:
        api = task_api.API(context.admin_context(), server=host)
        assert api.ping(timeout=60) == 'pong'
    assert CONF.transport_url.endswith(plane.vhost)


def test_a_create_survives_the_death_of_its_taskmanager(plane):
    tc = plane.client()
    cluster_id = create(tc, 'failover-create').id
    op_id, = [o.id for o in plane.operations(cluster_id)]

    def bootstrapped():
        return any(i['status'] == 'ACTIVE'
                   for i in tc.clusters.get(cluster_id).instances)
    owner, survivor, took = _kill_owner_then_wait_takeover(
        plane, op_id, bootstrapped)
    print('create taken over %.1f s after the kill' % took)
    assert took <= TAKEOVER_BOUND
    _finish_and_check(plane, tc, cluster_id, op_id, owner, survivor, 3)


def test_a_grow_survives_the_death_of_its_taskmanager(plane):
    tc = plane.client()
    cluster_id = [c.id for c in tc.clusters.list()
                  if c.name == 'failover-create'][0]
    tc.clusters.grow(cluster_id, [{'flavorRef': '1',
                                   'volume': {'size': 1}}])
    op_id = [o.id for o in plane.operations(cluster_id)
             if o.kind == 'grow'][0]

    def joining():
        return any(s.name.startswith(('prepare', 'join'))
                   for s in plane.steps(op_id))
    owner, survivor, took = _kill_owner_then_wait_takeover(
        plane, op_id, joining)
    print('grow taken over %.1f s after the kill' % took)
    assert took <= TAKEOVER_BOUND
    _finish_and_check(plane, tc, cluster_id, op_id, owner, survivor, 4)
    tc.clusters.delete(cluster_id)


def test_concurrent_creates_spread_over_both_taskmanagers(plane):
    """Six at once, of one node each: 18 nodes are too many for 2 cores."""
    helpers.wait_until(lambda: not plane.query(
        "SELECT id FROM operations WHERE state IN ('PENDING', 'RUNNING')"),
        180, 'the previous delete')
    tc = plane.client()
    ids = [create(tc, 'many-%d' % i, n=1).id for i in range(6)]
    for cluster_id in ids:
        cluster = wait_task(tc, cluster_id, timeout=300)
        assert [i['status'] for i in cluster.instances] == ['ACTIVE']
    ops = [o for cid in ids for o in plane.operations(cid)]
    assert {o.state for o in ops} == {'COMPLETED'}
    print('creates per owner: %s' % {
        h: sum(o.owner == h for o in ops) for h in HOSTS})
    assert {o.owner for o in ops} == set(HOSTS)
    for op in ops:
        steps = plane.steps(op.id)
        assert {s.owner for s in steps} == {op.owner}


def _request_loop(plane, stop, results, refused):
    """GET the cluster list; on a refused connection, the other API."""
    urls = itertools.cycle(plane.urls)
    while not stop.is_set():
        url = next(urls)
        for attempt in range(20):
            try:
                resp = requests.get(url + '/v1.0/demo/clusters', timeout=10)
            except requests.ConnectionError:
                refused.append(url)
                url = next(urls)
                continue
            try:
                body = resp.json()
            except ValueError:
                body = resp.text
            results.append((resp.status_code, body))
            break
        else:
            results.append((None, 'no API answered in 20 attempts'))


def test_stopping_each_api_under_load_drops_no_answered_request(plane):
    tc = plane.client()
    expected = sorted(c.id for c in tc.clusters.list())
    assert expected
    stop, results, refused = threading.Event(), [], []
    loop = threading.Thread(target=_request_loop,
                            args=(plane, stop, results, refused))
    loop.start()
    try:
        for i in range(2):
            before = len(results)
            helpers.wait_until(lambda: len(results) > before + 20, 30,
                               'requests before the stop')
            plane.stop_api(i)
            stopped = len(results)
            helpers.wait_until(lambda: len(results) > stopped + 20, 30,
                               'requests answered by the other API')
            plane.start_api(i)
    finally:
        stop.set()
        loop.join(60)
    print('%d requests answered, %d refused and sent to the other API'
          % (len(results), len(refused)))
    assert len(results) > 80
    # Both stops happened under the loop: each API refused some.
    assert set(refused) == set(plane.urls)
    for status, body in results:
        assert status == 200, body
        assert sorted(c['id'] for c in body['clusters']) == expected
