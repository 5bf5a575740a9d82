"""The CLI end to end over a fake session: arguments, output, exit codes."""

import io
import json
import os

import pytest

from galeratrove.cli import client as gt_client
from galeratrove.cli import commands
from galeratrove.cli import main
from tests.unit.cli import fakes

m = fakes.member
NOAUTH = {'OS_AUTH_TYPE': 'none', 'OS_ENDPOINT': fakes.ENDPOINT}


@pytest.fixture
def session(monkeypatch):
    for name in list(os.environ):
        if name.startswith('OS_'):
            monkeypatch.delenv(name)
    for key, value in NOAUTH.items():
        monkeypatch.setenv(key, value)
    fake = fakes.Session()
    monkeypatch.setattr(main, 'make_api', lambda args: gt_client.Client(
        fake, fakes.ENDPOINT))
    return fake


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main.run([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_default_auth_type():
    assert main.default_auth_type([], {}) == 'password'
    assert main.default_auth_type([], {'OS_ENDPOINT': 'x'}) == 'none'
    assert main.default_auth_type(['--os-endpoint=x'], {}) == 'none'
    assert main.default_auth_type(['--os-endpoint', 'x'], {}) == 'none'
    assert main.default_auth_type(
        [], {'OS_ENDPOINT': 'x', 'OS_AUTH_URL': 'y'}) == 'password'


def test_auth_options_come_from_keystoneauth():
    args = main.build_parser(['--os-auth-type', 'password', 'cluster-list'],
                             {}).parse_args(
        ['--os-auth-type', 'password', '--os-auth-url', 'http://ks/v3',
         '--os-username', 'u', '--os-password', 'p', '--os-project-name',
         'demo', '--timeout', '5', 'cluster-list'])
    assert (args.os_auth_url, args.os_username, args.os_project_name) == (
        'http://ks/v3', 'u', 'demo')
    assert args.timeout == 5 and args.os_interface == 'public'


def test_create_sends_the_trove_body_and_prints_the_cluster(session):
    created = fakes.cluster('BUILDING', [m('p-1', 'BUILD')] * 3)
    session.add('POST', '/clusters', (200, {'cluster': created}))
    code, out, err = cli('cluster-create', 'products', 'mariadb', '10',
                         *['--instance', 'flavor_id=7,volume=2'] * 3,
                         '--locality', 'anti-affinity')
    assert (code, err) == (0, '')
    method, path, _q, body, _k = session.requests[-1]
    assert body == {'cluster': {
        'name': 'products', 'datastore': {'type': 'mariadb',
                                          'version': '10'},
        'instances': [{'flavorRef': '7', 'volume': {'size': 2}}] * 3,
        'locality': 'anti-affinity'}}
    rows = [ln.split('|')[1].strip() for ln in out.splitlines()
            if ln.startswith('|')]
    assert rows == ['Property', 'created', 'datastore', 'datastore_version',
                    'id', 'name', 'task_description', 'task_name',
                    'updated']


def test_create_wait_fails_when_a_node_ends_in_error(session):
    building = fakes.cluster('BUILDING', [m('p-1', 'BUILD'),
                                          m('p-2', 'BUILD')])
    session.add('POST', '/clusters', (200, {'cluster': building}))
    session.add('GET', '/clusters/c1', (200, {'cluster': building}),
                (200, {'cluster': fakes.cluster('NONE', [
                    m('p-1', 'ACTIVE', '10.0.0.1'),
                    m('p-2', 'ERROR', '10.0.0.2', fault='Prepare failed: '
                      'server exited')])}))
    session.add('GET', '/clusters/c1/instances', (200, {'instances': []}))
    session.add('GET', '/flavors', (200, {'flavors': [{'id': '1'}]}))
    code, out, err = cli('-f', 'json', 'cluster-create', 'products',
                         'mariadb', '10', '--instance',
                         'flavor=1,volume=1', '--wait', '--poll-interval',
                         '0.01')
    assert code == 1
    assert json.loads(out)['task_name'] == 'NONE'
    assert 'p-2: ERROR, 10.0.0.2, fault: Prepare failed' in err
    assert err.splitlines()[-1] == (
        'ERROR: Instance p-2 (id-p-2) of cluster products is in ERROR: '
        'Prepare failed: server exited')


def test_grow_resolves_flavor_names_and_shrink_member_names(session):
    cluster = fakes.cluster('NONE', [m('p-1'), m('p-2'), m('p-3')])
    session.add('GET', '/clusters/products', fakes.fault(
        404, 'Cluster products could not be found.', 'itemNotFound'))
    session.add('GET', '/clusters', (200, {'clusters': [cluster]}))
    session.add('GET', '/flavors', (200, {'flavors': [
        {'id': '2', 'name': 'm1.small'}]}))
    session.add('POST', '/clusters/c1', (202, {'cluster': cluster}))
    assert cli('cluster-grow', 'products', '--instance',
               'flavor=m1.small,volume=2,name=p-4')[0] == 0
    assert session.requests[-1][3] == {'grow': [
        {'flavorRef': '2', 'volume': {'size': 2}, 'name': 'p-4'}]}
    assert cli('cluster-shrink', 'products', 'p-2', 'id-p-3', 'p-2')[0] == 0
    assert session.requests[-1][3] == {'shrink': [{'id': 'id-p-2'},
                                                  {'id': 'id-p-3'}]}


def test_grow_with_an_arbitrator_sends_its_type_and_no_volume(session):
    session.add('POST', '/clusters/c1', (202, {
        'cluster': fakes.cluster('NONE')}))
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster()}))
    assert cli('cluster-grow', 'c1', '--instance',
               'flavor_id=1,type=arbitrator')[0] == 0
    assert [r[3] for r in session.requests if r[0] == 'POST'][-1] == {
        'grow': [{'flavorRef': '1', 'type': 'arbitrator'}]}


def test_instances_table_shows_each_type(session):
    arbitrator = dict(m('p-3', 'ACTIVE'), type='arbitrator')
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster(
        'NONE', [m('p-1', 'ACTIVE'), arbitrator])}))
    code, out, _err = cli('-f', 'json', 'cluster-instances', 'c1')
    assert code == 0
    assert [(i['name'], i['type']) for i in json.loads(out)] == [
        ('p-1', 'member'), ('p-3', 'arbitrator')]


def test_delete_prints_nothing_and_reset_status_shows_the_task(session):
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster(
        'GROWING_CLUSTER')}))
    session.add('DELETE', '/clusters/c1', (202, None))
    session.add('POST', '/clusters/c1', (202, {
        'cluster': fakes.cluster('NONE')}))
    assert cli('cluster-delete', 'c1') == (0, '', '')
    code, out, _err = cli('cluster-reset-status', 'c1', '-f', 'json')
    assert code == 0 and json.loads(out)['task_name'] == 'NONE'
    assert session.requests[-1][3] == {'reset-status': {}}


def test_root_enable_prints_the_password_once(session):
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster()}))
    session.add('POST', '/clusters/c1/root', (200, {'user': {
        'name': 'root', 'password': 'S3cret-xyz'}}))
    code, out, err = cli('cluster-root-enable', 'c1', '--password',
                         'S3cret-xyz')
    assert code == 0 and err == ''
    assert out.count('S3cret-xyz') == 1 and '| root ' in out
    method, path, _q, body, kwargs = session.requests[-1]
    assert body == {'password': 'S3cret-xyz'} and kwargs['log'] is False
    cli('cluster-root-enable', 'c1')
    assert session.requests[-1][3] is None


def test_api_errors_are_one_line(session):
    session.add('GET', '/clusters', (200, {'clusters': []}))
    code, out, err = cli('cluster-show', 'nope')
    assert (code, out) == (1, '')
    assert err == 'ERROR: No route GET /clusters/nope. (HTTP 404)\n'
    code, _out, err = cli('cluster-list', '--limit', '0')
    assert code == 1 and '--limit must be a positive integer' in err


def test_usage_errors_exit_2(session, capsys):
    with pytest.raises(SystemExit) as e:
        cli('cluster-shrink', 'c1')
    assert e.value.code == 2
    assert cli()[0] == 2


def test_unexpected_errors_are_not_tracebacks(session, monkeypatch):
    def boom(ctx, args):
        raise RuntimeError('kaput')
    monkeypatch.setitem(commands.COMMANDS, 'flavor-list',
                        (boom, 'x', ()))
    code, _out, err = cli('flavor-list')
    assert code == 1
    assert err == ('ERROR: Unexpected RuntimeError: kaput (run with --debug '
                   'for the traceback)\n')


def test_help(session, capsys):
    assert cli('help')[0] == 0
    assert 'cluster-create' in capsys.readouterr().out
    assert cli('help', 'cluster-grow')[0] == 0
    assert 'name=<name>' in capsys.readouterr().out
    code, _out, err = cli('help', 'nope')
    assert code == 1 and "No command 'nope'" in err


def test_missing_credentials_are_explained(monkeypatch):
    for name in list(os.environ):
        if name.startswith('OS_'):
            monkeypatch.delenv(name)
    code, _out, err = cli('cluster-list')
    assert code == 1
    assert err.startswith('ERROR: Missing authentication options: '
                          '--os-auth-url')
    assert 'OS_AUTH_TYPE=none' in err
