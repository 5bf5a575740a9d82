"""``openstack database configuration ...`` against the embedded service.

troveclient's OSC plugin unmodified: create, list, show, parameter list
and show, set (PUT) and parameter set (PATCH), a cluster created with
``--configuration``, attach and detach through a member (what OSC sends
for an instance), a member's effective values (``configuration
default``), instances, delete refused while attached.
"""

import json

import pytest

from tests.functional.cli import mariadb_version
from tests.functional.cli import wait_task

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope='module')
def version(url):
    return mariadb_version(url)


@pytest.fixture(scope='module')
def osc(cli, url):
    def run(*args, **kwargs):
        return cli.osc('--os-auth-type', 'none', '--os-endpoint', url,
                       'database', *args, **kwargs)
    return run


@pytest.fixture(scope='module')
def group(osc, version):
    return osc('configuration', 'create', 'osc-tuned',
               json.dumps({'max_connections': 300}), '--datastore',
               'mariadb', '--datastore-version', version, '-f',
               'json').json()


def test_create_list_show(osc, group):
    assert json.loads(group['values']) == {'max_connections': 300}
    assert group['datastore_name'] == 'mariadb'
    rows = osc('configuration', 'list', '-f', 'json').json()
    assert [(r['ID'], r['Name']) for r in rows] == [
        (group['id'], 'osc-tuned')]
    shown = osc('configuration', 'show', 'osc-tuned', '-f', 'json').json()
    assert shown['id'] == group['id'] and shown['instance_count'] == 0


def test_bad_values_are_refused(osc, version):
    bad = osc('configuration', 'create', 'bad',
              json.dumps({'server_id': 7}), '--datastore', 'mariadb',
              '--datastore-version', version, ok=False)
    assert bad.rc == 1 and 'server_id' in bad.err


def test_parameters(osc, version):
    rows = osc('configuration', 'parameter', 'list', version,
               '--datastore', 'mariadb', '-f', 'json').json()
    by_name = {r['Name']: r for r in rows}
    assert by_name['max_connections']['Type'] == 'integer'
    assert by_name['gcache.size']['Restart Required'] is True
    one = osc('configuration', 'parameter', 'show', version,
              'wsrep_slave_threads', '--datastore', 'mariadb', '-f',
              'json').json()
    assert one['name'] == 'wsrep_slave_threads' and one['min'] == 1


def test_set_and_parameter_set(osc, group):
    osc('configuration', 'parameter', 'set', group['id'],
        json.dumps({'wait_timeout': 90}))
    shown = osc('configuration', 'show', group['id'], '-f', 'json').json()
    assert json.loads(shown['values']) == {'max_connections': 300,
                                           'wait_timeout': 90}
    osc('configuration', 'set', group['id'],
        json.dumps({'max_connections': 350}))
    shown = osc('configuration', 'show', group['id'], '-f', 'json').json()
    assert json.loads(shown['values']) == {'max_connections': 350}


def test_a_cluster_uses_it_then_not(osc, url, group, version):
    created = osc('cluster', 'create', 'osc-cfg', 'mariadb', version,
                  '--instance', 'flavor=1,volume=1', '--configuration',
                  group['id'], '-f', 'json').json()
    body = wait_task(url, created['id'])
    assert body['configuration'] == group['id']
    member = body['instances'][0]['id']
    rows = osc('configuration', 'instances', group['id'], '-f',
               'json').json()
    assert [r['ID'] for r in rows] == [member]
    busy = osc('configuration', 'delete', group['id'], ok=False)
    assert busy.rc == 1 and 'detach it first' in busy.err
    osc('configuration', 'detach', member)
    body = wait_task(url, created['id'])
    assert 'configuration' not in body
    osc('configuration', 'attach', member, group['id'])
    body = wait_task(url, created['id'])
    assert body['configuration'] == group['id']
    # What the member runs with: the rendered defaults, the group over.
    values = osc('configuration', 'default', member, '-f', 'json').json()
    assert values['max_connections'] == 350
    assert values['character_set_server'] == 'utf8mb4'
    assert values['innodb_buffer_pool_size'] > 0
    assert 'wsrep_cluster_address' not in values
    osc('configuration', 'detach', member)
    wait_task(url, created['id'])
    values = osc('configuration', 'default', member, '-f', 'json').json()
    assert 'max_connections' not in values
    assert values['character_set_server'] == 'utf8mb4'
    missing = osc('configuration', 'default', 'no-such-instance', ok=False)
    assert missing.rc == 1 and 'no-such-instance' in missing.err
    osc('configuration', 'delete', group['id'])
    assert osc('configuration', 'list', '-f', 'json').json() == []
