"""Behind a real Keystone: tokens, projects, roles, and the catalog.

Keystone (fernet, SQLite) holds projects demo and other, a member user in
each, the service user of galeratrove and the ``database`` endpoint
``http://127.0.0.1:<port>/v1.0/%(tenant_id)s``. The CLI, troveclient and
OSC log in with passwords and find the service through the catalog. The
seed sequence runs through the CLI on one real 3-node cluster, in file
order: create --wait, list, show, instances, then the isolation and
policy checks, then grow --wait, shrink --wait and delete --wait.
"""

from keystoneauth1 import session as ks_session
import pytest
import requests
from troveclient import exceptions as trove_exc
from troveclient.v1 import client as trove_client

from tests.functional.cli import parse_list
from tests.functional.cli import parse_show
from tests.functional.cli import progress
from tests.functional.cli import Runner

pytestmark = pytest.mark.timeout(600)

NAME = 'ks-cli'
FAST = ['--poll-interval', '0.5']


@pytest.fixture(scope='module')
def stack(keystone_stack):
    return keystone_stack


@pytest.fixture(scope='module')
def demo(stack):
    """The CLI as demo's member: password auth, endpoint from the catalog."""
    return Runner(stack.env('demo', 'demo'))


@pytest.fixture(scope='module')
def demo_url(stack):
    return stack.gt.endpoint(stack.project_id('demo'))


@pytest.fixture(scope='module')
def token(stack):
    tokens = {}

    def get(user, project):
        if (user, project) not in tokens:
            tokens[user, project] = stack.token(user, project)
        return {'X-Auth-Token': tokens[user, project]}
    return get


@pytest.fixture(scope='module')
def created(demo):
    version = demo('datastore-version-list', 'mariadb', '-f', 'json').json()
    return demo('cluster-create', NAME, 'mariadb', version[0]['name'],
                *['--instance', 'flavor_id=1,volume=1'] * 3, '--wait',
                *FAST, ok=False)


@pytest.fixture(scope='module')
def cluster(created, stack):
    assert created.rc == 0, '%r\nserver log:\n%s' % (created,
                                                     stack.gt.log(20000))
    return parse_show(created.out)


def fault(resp, code):
    assert resp.status_code == code, resp.text
    body = resp.json()
    assert len(body) == 1, body
    name, detail = next(iter(body.items()))
    assert detail['code'] == code
    return name, detail['message']


def test_create_wait_through_the_catalog(created, cluster):
    assert cluster['name'] == NAME and cluster['task_name'] == 'NONE'
    assert len(cluster['ip'].split(', ')) == 3
    messages = [m for _t, m in progress(created.err)]
    assert messages[-1] == 'cluster %s: task BUILDING -> NONE' % NAME
    for i in (1, 2, 3):
        assert '%s-%d: ACTIVE' % (NAME, i) in '\n'.join(messages)


def test_list_show_instances(demo, cluster):
    rows = parse_list(demo('cluster-list').out)[1]
    assert [(r['ID'], r['Name'], r['Task Name']) for r in rows] == [
        (cluster['id'], NAME, 'NONE')]
    assert parse_show(demo('cluster-show', NAME).out) == cluster
    rows = parse_list(demo('cluster-instances', cluster['id']).out)[1]
    assert [r['Name'] for r in rows] == ['ks-cli-1', 'ks-cli-2',
                                         'ks-cli-3']
    assert {r['Status'] for r in rows} == {'ACTIVE'}


def test_no_or_bad_token_is_401_in_trove_shape(demo_url, cluster):
    for headers in ({}, {'X-Auth-Token': 'not-a-token'}):
        resp = requests.get(demo_url + '/clusters', headers=headers,
                            timeout=30)
        name, message = fault(resp, 401)
        assert name == 'unauthorized' and message


def test_token_of_another_project_is_refused(stack, demo_url, token,
                                             cluster):
    resp = requests.get(demo_url + '/clusters/' + cluster['id'],
                        headers=token('other', 'other'), timeout=30)
    name, message = fault(resp, 403)
    assert name == 'forbidden'
    assert stack.project_id('other') in message


def test_projects_do_not_see_each_others_clusters(stack, token, cluster):
    other_url = stack.gt.endpoint(stack.project_id('other'))
    headers = token('other', 'other')
    resp = requests.get(other_url + '/clusters/' + cluster['id'],
                        headers=headers, timeout=30)
    assert fault(resp, 404)[0] == 'itemNotFound'
    resp = requests.get(other_url + '/clusters', headers=headers,
                        timeout=30)
    assert resp.json()['clusters'] == []
    other = Runner(stack.env('other', 'other'))
    assert other('cluster-list', '-f', 'json').json() == []
    result = other('cluster-show', cluster['id'], ok=False)
    assert result.rc == 1
    assert result.err == 'ERROR: Cluster %s could not be found. ' \
                         '(HTTP 404)\n' % cluster['id']


def test_reset_status_is_for_admins(stack, demo, cluster):
    result = demo('cluster-reset-status', NAME, ok=False)
    assert result.rc == 1
    assert result.err.startswith('ERROR: Policy does not allow '
                                 'cluster:action:reset-status')
    assert '(HTTP 403)' in result.err
    admin = Runner(stack.env('admin', 'demo', password=stack.admin_password))
    shown = parse_show(admin('cluster-reset-status', NAME).out)
    assert shown['task_name'] == 'NONE'


def test_wrong_password_is_an_error_not_a_traceback(stack):
    result = Runner(stack.env('demo', 'demo', password='wrong'))(
        'cluster-list', ok=False)
    assert result.rc == 1
    assert result.err.startswith('ERROR: ') and '401' in result.err


def test_troveclient_with_password_auth(stack, cluster):
    auth = stack.keystone.password_auth('demo', stack.password, 'demo')
    trove = trove_client.Client(session=ks_session.Session(auth=auth),
                                region_name='RegionOne')
    assert trove.client.management_url == stack.gt.endpoint(
        stack.project_id('demo'))
    assert [c.id for c in trove.clusters.list()] == [cluster['id']]
    assert trove.clusters.get(cluster['id']).name == NAME
    assert 'mariadb' in [d.name for d in trove.datastores.list()]
    with pytest.raises(trove_exc.Forbidden):
        trove.clusters.reset_status(cluster['id'])


def test_openstack_client_with_password_auth(stack, cluster):
    osc = Runner(stack.env('demo', 'demo')).osc
    rows = osc('database', 'cluster', 'list', '-f', 'json').json()
    assert [r['ID'] for r in rows] == [cluster['id']]
    shown = osc('database', 'cluster', 'show', NAME, '-f', 'json').json()
    assert shown['ip'] == cluster['ip']


def test_grow_wait(demo, cluster):
    result = demo('cluster-grow', NAME, '--instance',
                  'flavor_id=1,volume=1,name=ks-cli-4', '--wait', *FAST)
    assert parse_show(result.out)['task_name'] == 'NONE'
    assert 'ks-cli-4: ACTIVE' in result.err
    rows = parse_list(demo('cluster-instances', NAME).out)[1]
    assert [r['Name'] for r in rows] == ['ks-cli-1', 'ks-cli-2',
                                         'ks-cli-3', 'ks-cli-4']


def test_shrink_wait(demo, cluster):
    result = demo('cluster-shrink', NAME, 'ks-cli-1', '--wait', *FAST)
    assert parse_show(result.out)['task_name'] == 'NONE'
    assert 'ks-cli-1: removed' in result.err
    rows = parse_list(demo('cluster-instances', NAME).out)[1]
    assert [r['Name'] for r in rows] == ['ks-cli-2', 'ks-cli-3',
                                         'ks-cli-4']


def test_delete_wait(demo, cluster):
    result = demo('cluster-delete', NAME, '--wait', *FAST)
    assert progress(result.err)[-1][1] == 'cluster %s (%s): deleted' % (
        NAME, cluster['id'])
    assert demo('cluster-list', '-f', 'json').json() == []
