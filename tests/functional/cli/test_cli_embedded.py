"""The galeratrove CLI against the embedded service (no auth).

One 3-node cluster, ``gt-cli``, is created with ``--wait`` and then shown,
listed, grown, shrunk, restarted, has a node replaced, is reset and
deleted in file order. Two 1-node
clusters, both named ``twin``, build beside it for paging and for the
ambiguous-name error.
"""

import pymysql
import pytest
import requests

import tests.functional.cli as helpers
from tests.functional.cli import parse_list
from tests.functional.cli import parse_show
from tests.functional.cli import progress
from tests.functional.cli import wait_task

pytestmark = pytest.mark.timeout(600)

NAME = 'gt-cli'
INSTANCE = ['--instance', 'flavor_id=1,volume=1']
FAST = ['--poll-interval', '0.5']


@pytest.fixture(scope='module')
def version(url):
    return helpers.mariadb_version(url)


@pytest.fixture(scope='module')
def twins(url, version):
    """Two 1-node clusters named alike, made through the REST API."""
    ids = []
    for _ in range(2):
        resp = requests.post(url + '/clusters', json={'cluster': {
            'name': 'twin', 'datastore': {'type': 'mariadb',
                                          'version': version},
            'instances': [{'flavorRef': '1', 'volume': {'size': 1}}]}},
            timeout=30)
        assert resp.ok, resp.text
        ids.append(resp.json()['cluster']['id'])
    return ids


@pytest.fixture(scope='module')
def created(cli, version, twins):
    return cli('cluster-create', NAME, 'mariadb', version, *INSTANCE * 3,
               '--wait', *FAST, ok=False)


@pytest.fixture(scope='module')
def cluster(created, embedded):
    assert created.rc == 0, '%r\nserver log:\n%s' % (created,
                                                     embedded.log(20000))
    return parse_show(created.out)


def members(cli):
    return parse_list(cli('cluster-instances', NAME).out)[1]


def test_create_waits_and_shows_each_node_live(created, cluster, version):
    assert created.rc == 0, created
    assert cluster['name'] == NAME
    assert cluster['datastore'] == 'mariadb'
    assert cluster['datastore_version'] == version
    assert cluster['task_name'] == 'NONE'
    assert cluster['task_description'] == 'No tasks for the cluster.'
    assert len(cluster['ip'].split(', ')) == 3
    assert set(cluster) == {'created', 'datastore', 'datastore_version',
                            'id', 'ip', 'name', 'task_description',
                            'task_name', 'updated'}
    lines = progress(created.err)
    messages = [m for _t, m in lines]
    assert messages[0] == 'cluster %s (%s): task BUILDING' % (
        NAME, cluster['id'])
    assert messages[-1] == 'cluster %s: task BUILDING -> NONE' % NAME
    for i in (1, 2, 3):
        node = '%s-%d: ' % (NAME, i)
        states = [m[len(node):] for m in messages if m.startswith(node)]
        assert states[0].startswith('BUILD'), created.err
        assert states[-1].startswith('ACTIVE'), created.err
        assert 'galera ' in '\n'.join(states), created.err
    # Printed as they happened, not all at the end.
    first_active = min(t for t, m in lines if ': ACTIVE' in m)
    assert first_active < lines[-1][0] - 1, created.err
    assert lines[-1][0] <= created.duration


def test_list_follows_pages_and_honours_limit_and_marker(cli, cluster,
                                                         twins):
    header, rows = parse_list(cli('cluster-list').out)
    assert header == ['ID', 'Name', 'Datastore', 'DsVersion', 'IP',
                      'Task Name']
    # The server's page size is 2: three clusters need the next link.
    assert {r['ID'] for r in rows} == set(twins) | {cluster['id']}
    row = [r for r in rows if r['Name'] == NAME][0]
    assert row['IP'] == cluster['ip'] and row['Task Name'] == 'NONE'
    assert row['Datastore'] == 'mariadb'
    order = [r['ID'] for r in rows]

    first = parse_list(cli('cluster-list', '--limit', 1).out)[1]
    assert [r['ID'] for r in first] == order[:1]
    second = cli('cluster-list', '--limit', '1', '--marker', order[0],
                 '-f', 'json').json()
    assert [c['id'] for c in second] == order[1:2]
    assert set(second[0]) == {'id', 'name', 'datastore',
                              'datastore_version', 'ip', 'task_name'}

    bad = cli('cluster-list', '--marker', 'nope', ok=False)
    assert bad.rc == 1
    assert bad.err == 'ERROR: Cluster nope could not be found. (HTTP 404)\n'


def test_show_by_name_or_id_in_table_or_json(cli, cluster):
    assert parse_show(cli('cluster-show', NAME).out) == parse_show(
        cli('cluster-show', cluster['id']).out)
    data = cli('--format', 'json', 'cluster-show', NAME).json()
    assert data['id'] == cluster['id']
    assert data['ip'] == cluster['ip'].split(', ')
    assert cli('cluster-show', NAME, '-f', 'json').json() == data


def test_instances_table(cli, cluster):
    header, rows = parse_list(cli('cluster-instances', NAME).out)
    assert header == ['ID', 'Name', 'Flavor ID', 'Size', 'Type', 'Status',
                      'IP']
    assert [r['Name'] for r in rows] == ['gt-cli-1', 'gt-cli-2',
                                         'gt-cli-3']
    assert {(r['Flavor ID'], r['Size'], r['Status']) for r in rows} == {
        ('1', '1', 'ACTIVE')}
    assert ', '.join(r['IP'] for r in rows) == cluster['ip']
    data = cli('cluster-instances', cluster['id'], '-f', 'json').json()
    assert [d['id'] for d in data] == [r['ID'] for r in rows]


@pytest.mark.parametrize('args, message', [
    (['cluster-show', 'no-such'],
     'Cluster no-such could not be found. (HTTP 404)'),
    (['cluster-show', 'twin'], "More than one cluster is named 'twin'"),
    (['cluster-delete', 'no-such'],
     'Cluster no-such could not be found. (HTTP 404)'),
    (['cluster-create', 'x', 'mariadb', '10', '--instance',
      'flavor_id=1,volume=1,colour=red'], "Unknown option 'colour'"),
    (['cluster-create', 'x', 'nosql', '1', *INSTANCE],
     'Datastore nosql could not be found. (HTTP 4'),
    (['cluster-create', 'x', 'mariadb', '10', '--instance',
      'flavor=m1.nope,volume=1'], "No flavor with a name or ID of"),
    (['cluster-shrink', NAME, 'gt-cli-9'],
     "Cluster gt-cli has no instance with a name or ID of 'gt-cli-9'."),
    (['cluster-grow', NAME, '--instance', 'flavor_id=99,volume=1'],
     'Flavor 99 could not be found. (HTTP 404)'),
])
def test_errors_are_one_line_and_exit_1(cli, cluster, args, message):
    result = cli(*args, ok=False)
    assert result.rc == 1, result
    assert result.err.startswith('ERROR: ') and message in result.err
    assert result.err.count('\n') == 1, result
    assert result.out == ''


def test_connection_and_config_errors(embedded, cluster):
    closed = helpers.keystone_fixture.free_port()
    for env, message in [
            (dict(OS_AUTH_TYPE='none', OS_ENDPOINT='http://127.0.0.1:%d'
                  '/v1.0/p' % closed), 'Unable to establish connection'),
            (dict(OS_AUTH_TYPE='none', OS_ENDPOINT=embedded.url),
             'does not name a project'),
            (dict(), 'Missing authentication options: --os-auth-url'),
            (dict(OS_AUTH_TYPE='no-such-plugin'), 'no-such-plugin')]:
        result = helpers.run(helpers.CLI + ['cluster-list'],
                             helpers.clean_env(**env), ok=False)
        assert result.rc == 1 and message in result.err, result
    usage = helpers.run(helpers.CLI + ['cluster-bogus'],
                        helpers.clean_env(), ok=False)
    assert usage.rc == 2 and 'invalid choice' in usage.err


def test_datastores_versions_and_flavors(cli, version):
    header, rows = parse_list(cli('datastore-list').out)
    assert header == ['ID', 'Name', 'Versions']
    assert [r['Versions'] for r in rows if r['Name'] == 'mariadb'] == [
        version]
    versions = cli('datastore-version-list', 'mariadb', '-f', 'json').json()
    assert [v['name'] for v in versions] == [version]
    header, rows = parse_list(cli('flavor-list').out)
    assert header == ['ID', 'Name', 'RAM', 'vCPUs', 'Disk']
    assert {'ID': '1', 'Name': 'm1.tiny', 'RAM': '512', 'vCPUs': '1',
            'Disk': '0'} in rows


def test_root_enable_prints_a_working_password_once(cli, cluster):
    assert 'False' in cli('cluster-root-show', NAME).out
    result = cli('cluster-root-enable', NAME)
    shown = parse_show(result.out)
    assert shown['name'] == 'root'
    password = shown['password']
    assert len(password) >= 12
    assert result.out.count(password) == 1 and password not in result.err
    assert cli('cluster-root-show', NAME, '-f', 'json').json() == {
        'is_root_enabled': True}
    for ip in cluster['ip'].split(', '):
        conn = pymysql.connect(host=ip, user='root', password=password,
                               connect_timeout=10)
        try:
            with conn.cursor() as cur:
                cur.execute('SELECT 1')
                assert cur.fetchone() == (1,)
        finally:
            conn.close()


def test_grow_waits_for_the_named_node(cli, cluster):
    result = cli('cluster-grow', NAME, '--instance',
                 'flavor=m1.tiny,volume=1,name=gt-cli-extra', '--wait',
                 *FAST)
    assert parse_show(result.out)['task_name'] == 'NONE'
    messages = [m for _t, m in progress(result.err)]
    assert messages[0].endswith('task GROWING_CLUSTER')
    extra = [m for m in messages if m.startswith('gt-cli-extra: ')]
    assert extra[0].startswith('gt-cli-extra: BUILD'), result.err
    assert extra[-1].startswith('gt-cli-extra: ACTIVE'), result.err
    assert messages[-1] == 'cluster gt-cli: task GROWING_CLUSTER -> NONE'
    rows = members(cli)
    assert [r['Name'] for r in rows][-1] == 'gt-cli-extra'
    assert {r['Status'] for r in rows} == {'ACTIVE'}


def test_shrink_by_name_waits_until_the_node_is_gone(cli, cluster):
    result = cli('cluster-shrink', NAME, 'gt-cli-extra', '--wait', *FAST,
                 '-f', 'json')
    assert result.json()['task_name'] == 'NONE'
    messages = [m for _t, m in progress(result.err)]
    assert 'gt-cli-extra: removed' in messages
    assert messages[-1] == 'cluster gt-cli: task SHRINKING_CLUSTER -> NONE'
    assert [r['Name'] for r in members(cli)] == ['gt-cli-1', 'gt-cli-2',
                                                 'gt-cli-3']


def test_restart_waits_for_the_roll(cli, cluster):
    result = cli('cluster-restart', NAME, '--wait', *FAST, '-f', 'json')
    assert result.json()['task_name'] == 'NONE'
    messages = [m for _t, m in progress(result.err)]
    assert messages[0].endswith('task ROLLING_RESTART'), messages
    assert messages[-1] == 'cluster gt-cli: task ROLLING_RESTART -> NONE'
    assert {r['Status'] for r in members(cli)} == {'ACTIVE'}


def test_replace_instance_by_name_waits_for_the_newcomer(cli, cluster):
    result = cli('cluster-replace-instance', NAME, 'gt-cli-2', '--wait',
                 *FAST, '-f', 'json')
    assert result.json()['task_name'] == 'NONE'
    messages = [m for _t, m in progress(result.err)]
    assert 'gt-cli-2: removed' in messages
    assert [m for m in messages if m.startswith('gt-cli-5: ')][-1].startswith(
        'gt-cli-5: ACTIVE'), messages
    assert messages[-1] == ('cluster gt-cli: task REPLACING_INSTANCE -> '
                            'NONE')
    assert [r['Name'] for r in members(cli)] == ['gt-cli-1', 'gt-cli-3',
                                                 'gt-cli-5']
    refused = cli('cluster-upgrade', NAME, '0.1', ok=False)
    assert refused.rc == 1 and 'not a registered version' in refused.err


def test_reset_status(cli, cluster):
    shown = parse_show(cli('cluster-reset-status', NAME).out)
    assert shown['task_name'] == 'NONE' and shown['id'] == cluster['id']


def test_delete_waits_until_gone(cli, cluster, twins, url):
    result = cli('cluster-delete', NAME, '--wait', *FAST)
    assert result.out == ''
    messages = [m for _t, m in progress(result.err)]
    assert messages[0] == 'cluster %s (%s): task DELETING' % (
        NAME, cluster['id'])
    assert messages[-1] == 'cluster %s (%s): deleted' % (NAME, cluster['id'])
    gone = cli('cluster-show', cluster['id'], ok=False)
    assert gone.rc == 1 and '(HTTP 404)' in gone.err
    for twin in twins:
        assert cli('cluster-delete', twin).out == ''
    for twin in twins:
        wait_task(url, twin, gone=True)
    assert cli('cluster-list', '-f', 'json').json() == []
