"""Backups from the command line: ``openstack database backup ...``
(troveclient's OSC plugin, unmodified) and the galeratrove CLI, then a
restore with ``cluster-create --restore-point``.

One 1-node cluster is backed up by each client; the steps run in file
order.
"""

import pymysql
import pytest
import requests

from tests.functional.cli import mariadb_version
from tests.functional.cli import one_node_cluster
from tests.functional.cli import parse_list
from tests.functional.cli import parse_show
from tests.functional.cli import wait_task
from tests.functional import helpers

pytestmark = pytest.mark.timeout(600)

STATE = {}


@pytest.fixture(scope='module')
def osc(cli, url):
    def run(*args, **kwargs):
        return cli.osc('--os-auth-type', 'none', '--os-endpoint', url,
                       'database', 'backup', *args, **kwargs)
    return run


@pytest.fixture(scope='module')
def cluster(url):
    found = one_node_cluster(url, 'bk-cli')
    password = requests.post('%s/clusters/%s/root' % (url, found['id']),
                             timeout=30).json()['user']['password']
    with pymysql.connect(host=found['ip'][0], user='root',
                         password=password, autocommit=True) as conn:
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE cli')
            cur.execute('CREATE TABLE cli.t (id INT PRIMARY KEY)')
            cur.execute('INSERT INTO cli.t VALUES (1), (2), (3)')
    STATE['password'] = password
    return found


def wait_backup(url, backup_id):
    def done():
        body = requests.get('%s/backups/%s' % (url, backup_id),
                            timeout=10).json()['backup']
        return body if body['status'] in ('COMPLETED', 'FAILED') else None
    return helpers.wait_until(done, 300, 'backup %s' % backup_id)


def test_osc_backup_create_list_show(osc, url, cluster):
    member = cluster['instances'][0]['id']
    made = osc('create', 'b-osc', '--instance', member, '--description',
               'from osc', '-f', 'json').json()
    assert made['name'] == 'b-osc' and made['instance_id'] == member
    done = wait_backup(url, made['id'])
    assert done['status'] == 'COMPLETED', done['fail_reason']
    listed = osc('list', '-f', 'json').json()
    assert [(b['ID'], b['Status']) for b in listed] == [
        (made['id'], 'COMPLETED')]
    shown = osc('show', made['id'], '-f', 'json').json()
    assert shown['checksum'] == done['checksum']
    assert shown['datastore'] == 'mariadb'
    STATE['osc'] = made['id']


def test_cli_backup_create_list_show(cli, url, cluster):
    out = parse_show(cli('backup-create', 'bk-cli', 'b-cli',
                         '--description', 'from the cli').out)
    assert out['name'] == 'b-cli' and out['status'] == 'NEW'
    done = wait_backup(url, out['id'])
    assert done['status'] == 'COMPLETED', done['fail_reason']
    _, rows = parse_list(cli('backup-list', '--cluster', 'bk-cli').out)
    assert sorted(r['Name'] for r in rows) == ['b-cli', 'b-osc']
    shown = parse_show(cli('backup-show', 'b-cli').out)
    assert shown['status'] == 'COMPLETED'
    assert shown['size_bytes'] == str(done['size_bytes'])
    STATE['cli'] = out['id']


def test_osc_incremental_backup(osc, url, cluster):
    with pymysql.connect(host=cluster['ip'][0], user='root',
                         password=STATE['password'], autocommit=True) as conn:
        with conn.cursor() as cur:
            cur.execute('INSERT INTO cli.t VALUES (4)')
    made = osc('create', 'b-inc', '--instance',
               cluster['instances'][0]['id'], '--incremental',
               '-f', 'json').json()
    assert made['parent_id'] == STATE['cli']
    done = wait_backup(url, made['id'])
    assert done['status'] == 'COMPLETED', done['fail_reason']
    STATE['inc'] = made['id']


def test_cluster_create_restore_point(cli, url):
    result = cli('cluster-create', 'bk-restored', 'mariadb',
                 mariadb_version(url), '--instance', 'flavor_id=1,volume=1',
                 '--restore-point', STATE['inc'], '--wait',
                 '--poll-interval', '0.5', timeout=400)
    shown = parse_show(result.out)
    assert shown['task_name'] == 'NONE'
    restored = wait_task(url, shown['id'])
    password = requests.post('%s/clusters/%s/root' % (url, restored['id']),
                             timeout=30).json()['user']['password']
    with pymysql.connect(host=restored['ip'][0], user='root',
                         password=password) as conn, conn.cursor() as cur:
        cur.execute('SELECT id FROM cli.t ORDER BY id')
        # The full backup and the incremental on top of it.
        assert [r[0] for r in cur.fetchall()] == [1, 2, 3, 4]
    bad = cli('cluster-create', 'bk-bad', 'mariadb', mariadb_version(url),
              '--instance', 'flavor_id=1,volume=1', '--restore-point',
              'no-such-backup', ok=False)
    assert bad.rc != 0 and 'does not exist' in bad.err


def test_delete_with_both_clients(cli, osc, url):
    refused = cli('backup-delete', 'b-cli', ok=False)
    assert refused.rc != 0 and 'parent' in refused.err
    osc('delete', STATE['inc'])
    cli('backup-delete', 'b-cli')
    osc('delete', STATE['osc'])
    assert osc('list', '-f', 'json').json() == []
