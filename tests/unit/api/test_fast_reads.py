"""The hot GETs answered past pecan: same bodies, statuses and refusals
as through the controllers."""

import pytest

from galeratrove.api import fast_reads
from galeratrove.common import exception
from galeratrove.common import policy
from tests.unit.api.conftest import cluster_body

PECAN = {'Accept': 'application/json, text/plain'}  # not a fast route


def _paths(api):
    created = api.post_json('/v1.0/t1/clusters', cluster_body()).json
    cid = created['cluster']['id']
    iid = created['cluster']['instances'][0]['id']
    return ['/v1.0/t1/clusters', '/v1.0/t1/clusters?limit=1',
            '/v1.0/t1/clusters/%s' % cid,
            '/v1.0/t1/clusters/%s/instances' % cid,
            '/v1.0/t1/clusters/%s/instances/%s' % (cid, iid),
            '/v1.0/t1/instances/%s' % iid,
            '/v1.0/t1/clusters/nope', '/v1.0/t1/instances/nope',
            '/v1.0/t1/clusters/%s/instances/nope' % cid,
            '/v1.0/t1/clusters?limit=0', '/v1.0/t1/clusters?marker=nope']


def test_the_routes_it_takes_and_leaves():
    def route(path, method='GET', accept=''):
        return fast_reads._route({'REQUEST_METHOD': method,
                                  'PATH_INFO': path, 'HTTP_ACCEPT': accept})
    assert route('/v1.0/t/clusters') == ('cluster_list', ('t',))
    assert route('/v1.0/t/clusters/c/instances/i', accept='*/*') == (
        'cluster_instance', ('t', 'c', 'i'))
    assert route('/v1.0/t/instances/i', accept='application/json') == (
        'instance_show', ('t', 'i'))
    for path, method, accept in (
            ('/v1.0/t/clusters/', 'GET', ''),
            ('/v1.0/t/clusters', 'POST', ''),
            ('/v1.0/t/clusters', 'GET', 'text/html'),
            ('/v1.0/t/clusters/c/root', 'GET', ''),
            ('/v1.0/t/instances/i/modules', 'GET', ''),
            ('/dashboard/v1.0/t/clusters', 'GET', '')):
        assert route(path, method, accept) is None, path


def test_fast_and_pecan_answers_are_the_same(api, monkeypatch):
    taken = []
    route = fast_reads._route
    monkeypatch.setattr(fast_reads, '_route',
                        lambda env: taken.append(route(env)) or taken[-1])
    for path in _paths(api):
        del taken[:]
        fast = api.get(path, expect_errors=True)
        assert taken[-1] is not None, path
        slow = api.get(path, headers=PECAN, expect_errors=True)
        assert taken[-1] is None, path
        assert (fast.status_int, fast.json) == (slow.status_int, slow.json), \
            path
        assert fast.content_type == slow.content_type == 'application/json'
        assert 'x-openstack-request-id' in fast.headers


def test_scope_and_policy_refusals_on_the_fast_route(api, conf, tmp_path):
    path = _paths(api)[2]
    conf('auth_strategy', 'noauth')
    as_member = {'X-Roles': 'member'}
    assert api.get(path, headers=as_member).status_int == 200
    rules = tmp_path / 'policy.yaml'
    rules.write_text('"cluster:show": "role:admin"\n')
    conf('policy_file', str(rules), group='oslo_policy')
    policy.reset()
    resp = api.get(path, headers=as_member, expect_errors=True)
    assert resp.status_int == 403
    assert resp.json['forbidden']['code'] == 403
    # A decision for one set of roles is not another's.
    assert api.get(path).status_int == 200
    assert api.get(path, headers=as_member,
                   expect_errors=True).status_int == 403


def test_limit_param():
    assert fast_reads.limit_param(None) == 20
    assert fast_reads.limit_param('5') == 5
    assert fast_reads.limit_param('500') == 20
    for bad in ('0', '-1', 'x', ''):
        with pytest.raises(exception.BadRequest):
            fast_reads.limit_param(bad)
