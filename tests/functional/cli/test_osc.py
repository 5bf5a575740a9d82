"""``openstack database cluster ...`` (troveclient's OSC plugin) against
the embedded service: ``--os-auth-type none --os-endpoint <url>``.

One 1-node cluster goes through create, list, show, list instances, grow,
shrink and delete.
"""

import re

import pytest

from tests.functional.cli import mariadb_version
from tests.functional.cli import wait_task

pytestmark = pytest.mark.timeout(300)

NAME = 'osc-a'


@pytest.fixture(scope='module')
def osc(cli, url):
    def run(*args, **kwargs):
        return cli.osc('--os-auth-type', 'none', '--os-endpoint', url,
                       'database', 'cluster', *args, **kwargs)
    return run


@pytest.fixture(scope='module')
def created(osc, url):
    version = mariadb_version(url)
    data = osc('create', NAME, 'mariadb', version, '--instance',
               'flavor=1,volume=1', '-f', 'json').json()
    wait_task(url, data['id'])
    return data


def test_create(created):
    assert created['name'] == NAME
    assert created['datastore'] == 'mariadb'
    assert created['task_name'] == 'BUILDING'
    assert created['instance_count'] == 1


def test_list_and_show(osc, created):
    rows = osc('list', '-f', 'json').json()
    assert [(r['ID'], r['Name'], r['Task Name']) for r in rows] == [
        (created['id'], NAME, 'NONE')]
    shown = osc('show', NAME, '-f', 'json').json()
    assert shown['id'] == created['id'] and shown['task_name'] == 'NONE'
    assert len(shown['ip'].split(', ')) == 1
    missing = osc('show', 'no-such', ok=False)
    assert missing.rc == 1 and 'no-such' in missing.err


def test_list_instances_grow_and_shrink(osc, url, created):
    rows = osc('list', 'instances', NAME, '-f', 'json').json()
    assert [(r['Name'], r['Flavor ID'], r['Size'], r['Status'])
            for r in rows] == [('osc-a-1', '1', 1, 'ACTIVE')]
    first = rows[0]['ID']

    osc('grow', NAME, '--instance', 'flavor=1,volume=1,name=osc-a-new')
    body = wait_task(url, created['id'])
    assert {i['name']: i['status'] for i in body['instances']} == {
        'osc-a-1': 'ACTIVE', 'osc-a-new': 'ACTIVE'}

    # OSC looks the instance up at /instances/{id}.
    osc('shrink', NAME, first)
    wait_task(url, created['id'])
    rows = osc('list', 'instances', NAME, '-f', 'json').json()
    assert [r['Name'] for r in rows] == ['osc-a-new']


def test_modules_of_a_cluster(osc, created):
    assert osc('modules', NAME, '-f', 'json').json() == []


def test_upgrade_reaches_the_rules(osc, url, created):
    # OSC sends {"upgrade": {"datastore_version": ...}} unmodified; the
    # roll itself is tested with real nodes in clusters/test_rolling.py.
    same = osc('upgrade', NAME, mariadb_version(url), ok=False)
    assert same.rc == 1 and 'already runs mariadb' in same.err
    older = osc('upgrade', NAME, '0.1', ok=False)
    assert older.rc == 1 and 'not a registered version' in older.err


def test_limits_flavors_of_a_version_and_version_numbers(cli, url,
                                                         created):
    def database(*args):
        return cli.osc('--os-auth-type', 'none', '--os-endpoint', url,
                       'database', *args)
    # OSC prints the ABSOLUTE entry as a table of its own.
    table = database('limit', 'list').out
    assert re.search(r'\|\s*max_instances\s*\|\s*\d+\s*\|', table), table
    assert re.search(r'\|\s*used_instances\s*\|\s*1\s*\|', table), table
    versions = cli.osc('--os-auth-type', 'none', '--os-endpoint', url,
                       'datastore', 'version', 'list', 'mariadb', '-f',
                       'json').json()
    assert versions and all(v['Version'] == v['Name'] for v in versions)
    everything = database('flavor', 'list', '-f', 'json').json()
    for_version = database(
        'flavor', 'list', '--datastore-type', 'mariadb',
        '--datastore-version-id', versions[0]['ID'], '-f', 'json').json()
    assert for_version == everything and everything


def test_force_delete(osc, url, created):
    osc('force', 'delete', NAME)
    wait_task(url, created['id'], gone=True)
    assert osc('list', '-f', 'json').json() == []
