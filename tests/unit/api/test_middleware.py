"""The plain WSGI middleware: request ids, error rewriting, policy reloads."""

import webtest

from galeratrove.api import faults
from galeratrove.api import middleware
from galeratrove.common import context
from galeratrove.common import exception
from galeratrove.common import policy

GLOBAL_ID = 'req-12345678-1234-1234-1234-123456789abc'


def _echo(environ, start_response):
    """Answers with the ids it was given, and a header of its own."""
    headers = [('Content-Type', 'text/plain')]
    if environ.get('PATH_INFO') == '/own':
        headers.append(('X-OpenStack-Request-Id', 'req-own'))
    start_response('200 OK', headers)
    return [('%s %s' % (environ.get('openstack.request_id'),
                        environ.get('openstack.global_request_id'))
             ).encode()]


def test_request_ids_given_kept_and_global_ones_checked():
    app = webtest.TestApp(middleware.RequestId(_echo))
    resp = app.get('/', headers={'X-Openstack-Request-Id': GLOBAL_ID})
    local, inbound = resp.text.split()
    assert local.startswith('req-') and local != GLOBAL_ID
    assert inbound == GLOBAL_ID
    assert resp.headers.getall('x-openstack-request-id') == [local]
    resp = app.get('/', headers={'X-Openstack-Request-Id': 'bogus'})
    assert resp.text.split()[1] == 'None'
    resp = app.get('/own')
    assert resp.headers.getall('x-openstack-request-id') == ['req-own']


def _lazy(status, body):
    """An app that starts its response only when iterated."""
    def app(environ, start_response):
        start_response(status, [('Content-Type', 'text/plain')])
        yield body
    return app


def test_fault_wrapper_passes_successes_and_rewrites_lazy_errors():
    ok = webtest.TestApp(faults.FaultWrapper(_lazy('200 OK', b'fine')))
    assert ok.get('/').text == 'fine'
    bad = webtest.TestApp(faults.FaultWrapper(_lazy('404 Not Found',
                                                    b'gone')))
    resp = bad.get('/', expect_errors=True)
    assert resp.status_int == 404
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': faults.DEFAULT_MESSAGES[404]}}


def test_policy_file_changes_apply_within_the_check_interval(
        conf, tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(policy.time, 'monotonic', lambda: clock[0])
    path = tmp_path / 'policy.yaml'
    policy.get_enforcer()  # registers [oslo_policy]
    policy.reset()
    conf('policy_file', str(path), group='oslo_policy')
    ctx = context.RequestContext(project_id='p1', roles=['member'])
    policy.authorize(ctx, 'cluster:show')
    path.write_text('"cluster:show": "!"\n')
    policy.authorize(ctx, 'cluster:show')  # not looked at again yet
    clock[0] += policy.RELOAD_CHECK_SECONDS
    try:
        policy.authorize(ctx, 'cluster:show')
    except exception.Forbidden:
        return
    raise AssertionError('the changed policy file was not applied')
