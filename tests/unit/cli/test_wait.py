"""``--wait``: live progress lines, and how a wait ends."""

import io

import pytest

from galeratrove.cli import client as gt_client
from galeratrove.cli import formatting
from galeratrove.cli import wait
from tests.unit.cli import fakes

m = fakes.member


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def run_wait(states, details=None, deleting=False, timeout=100):
    """Wait over a sequence of cluster views (None: the cluster is gone)."""
    answers = [(404, {'itemNotFound': {'code': 404, 'message': 'gone'}})
               if s is None else (200, {'cluster': s}) for s in states]
    detail_answers = [(200, {'instances': d}) for d in (details or [[]])]
    session = fakes.Session({('GET', '/clusters/c1'): answers,
                             ('GET', '/clusters/c1/instances'):
                             detail_answers})
    api = gt_client.Client(session, fakes.ENDPOINT)
    clock = Clock()
    err = io.StringIO()
    out = formatting.Output('table', stdout=io.StringIO(), stderr=err,
                            clock=clock)
    try:
        result = wait.wait_for_task(api, out, states[0] or {'id': 'c1'},
                                    deleting=deleting, interval=1.0,
                                    timeout=timeout, sleep=clock.sleep,
                                    clock=clock)
    finally:
        lines = err.getvalue().splitlines()
    return result, lines, out


def test_each_node_change_is_printed_once_when_it_happens():
    states = [
        fakes.cluster('BUILDING', [m('p-1', 'BUILD'), m('p-2', 'BUILD')]),
        fakes.cluster('BUILDING', [m('p-1', 'BUILD', '10.0.0.1'),
                                   m('p-2', 'BUILD', '10.0.0.2')]),
        fakes.cluster('BUILDING', [m('p-1', 'ACTIVE', '10.0.0.1'),
                                   m('p-2', 'BUILD', '10.0.0.2')]),
        fakes.cluster('BUILDING', [m('p-1', 'ACTIVE', '10.0.0.1'),
                                   m('p-2', 'BUILD', '10.0.0.2')]),
        fakes.cluster('NONE', [m('p-1', 'ACTIVE', '10.0.0.1'),
                               m('p-2', 'ACTIVE', '10.0.0.2')]),
    ]
    details = [[], [], [{'id': 'id-p-1', 'galera': {
        'running': True, 'wsrep_local_state_comment': 'Synced'}},
        {'id': 'id-p-2', 'galera': {'running': False}}],
        [{'id': 'id-p-1', 'galera': {
            'running': True, 'wsrep_local_state_comment': 'Synced'}},
         {'id': 'id-p-2', 'galera': {
             'running': True, 'wsrep_local_state_comment': 'Joining'}}],
        [{'id': 'id-p-1', 'galera': {
            'running': True, 'wsrep_local_state_comment': 'Synced'}},
         {'id': 'id-p-2', 'galera': {
             'running': True, 'wsrep_local_state_comment': 'Synced'}}]]
    result, lines, _out = run_wait(states, details)
    assert result['task']['name'] == 'NONE'
    assert lines == [
        '[   0.0s] cluster products (c1): task BUILDING',
        '[   0.0s] p-1: BUILD',
        '[   0.0s] p-2: BUILD',
        '[   1.0s] p-1: BUILD, 10.0.0.1',
        '[   1.0s] p-2: BUILD, 10.0.0.2',
        '[   2.0s] p-1: ACTIVE, 10.0.0.1, galera Synced',
        '[   2.0s] p-2: BUILD, 10.0.0.2, galera server not running',
        '[   3.0s] p-2: BUILD, 10.0.0.2, galera Joining',
        '[   4.0s] p-2: ACTIVE, 10.0.0.2, galera Synced',
        '[   4.0s] cluster products: task BUILDING -> NONE',
    ]


def test_removed_nodes_and_errors_are_shown():
    states = [
        fakes.cluster('SHRINKING_CLUSTER', [m('p-1'), m('p-2')]),
        fakes.cluster('SHRINKING_CLUSTER', [
            m('p-1', 'ERROR', fault='disk full'), m('p-2')]),
        fakes.cluster('NONE', [m('p-1', 'ERROR', fault='disk full')]),
    ]
    result, lines, out = run_wait(states)
    assert lines[-3:] == [
        '[   1.0s] p-1: ERROR, fault: disk full',
        '[   2.0s] p-2: removed',
        '[   2.0s] cluster products: task SHRINKING_CLUSTER -> NONE']
    assert wait.report_failures(out, result) == 1
    assert out.stderr.getvalue().splitlines()[-1] == (
        'ERROR: Instance p-1 (id-p-1) of cluster products is in ERROR: '
        'disk full')
    assert wait.report_failures(out, fakes.cluster('NONE', [m('p-2')])) == 0


def test_delete_ends_when_the_cluster_is_gone():
    states = [fakes.cluster('DELETING', [m('p-1')]),
              fakes.cluster('DELETING', [m('p-1', 'SHUTDOWN')]), None]
    result, lines, _out = run_wait(states, deleting=True)
    assert result is None
    assert lines[-3:] == ['[   1.0s] p-1: SHUTDOWN',
                          '[   2.0s] p-1: removed',
                          '[   2.0s] cluster products (c1): deleted']


def test_a_delete_that_ends_with_the_cluster_still_there_fails():
    states = [fakes.cluster('DELETING', [m('p-1')]),
              fakes.cluster('NONE', [m('p-1')])]
    with pytest.raises(wait.WaitError, match='Deleting cluster products '
                                             r'\(c1\) failed'):
        run_wait(states, deleting=True)


def test_gone_while_not_deleting_is_the_api_error():
    with pytest.raises(gt_client.APIError, match='HTTP 404'):
        run_wait([fakes.cluster('BUILDING'), None])


def test_timeout():
    with pytest.raises(wait.WaitError,
                       match=r'Timed out after 3 s waiting for cluster '
                             r'products \(c1\); its task is still '
                             r'GROWING_CLUSTER'):
        run_wait([fakes.cluster('GROWING_CLUSTER')], timeout=3)


@pytest.mark.parametrize('member, detail, line', [
    (m('a', 'ACTIVE', '1.1.1.1'), None, 'ACTIVE, 1.1.1.1'),
    (m('a', 'ACTIVE'), {'galera': {'running': True,
                                   'wsrep_local_state_comment': 'Donor'}},
     'ACTIVE, galera Donor'),
    (m('a', 'ACTIVE', fault='old'), None, 'ACTIVE'),
    ({'id': 'x'}, None, '?'),
])
def test_describe(member, detail, line):
    assert wait.describe(member, detail) == line
