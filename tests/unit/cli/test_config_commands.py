"""The configuration-* commands: what they send and print."""

import json

from tests.unit.cli import fakes
from tests.unit.cli.test_main import cli
from tests.unit.cli.test_main import session  # noqa: F401 (fixture)

GROUP = {'id': 'g1', 'name': 'tuned', 'description': None,
         'datastore_name': 'mariadb', 'datastore_version_name': '10.11',
         'values': {'max_connections': 500}, 'instance_count': 0,
         'created': 'now', 'updated': 'now'}


def test_create_sends_trove_body_and_shows_values(session):  # noqa: F811
    session.add('POST', '/configurations', lambda q, body: (200, {
        'configuration': dict(GROUP, values=body['configuration'][
            'values'])}))
    code, out, err = cli('configuration-create', 'tuned',
                         '{"max_connections": 500}',
                         '--datastore_version', '10.11')
    assert code == 0, err
    (_m, path, _q, body, _k), = session.requests
    assert body == {'configuration': {
        'name': 'tuned', 'values': {'max_connections': 500},
        'datastore': {'type': 'mariadb', 'version': '10.11'}}}
    assert '"max_connections": 500' in out and 'g1' in out


def test_bad_values_fail_before_any_request(session):  # noqa: F811
    code, out, err = cli('configuration-create', 'x', '[1]',
                         '--datastore_version', '10.11')
    assert code != 0 and 'JSON object' in err
    assert session.requests == []


def test_attach_and_detach_send_trove_cluster_actions(session):  # noqa
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster()}))
    session.add('GET', '/configurations/tuned', fakes.fault(
        404, 'nope', 'itemNotFound'))
    session.add('GET', '/configurations', (200, {'configurations': [
        GROUP]}))
    session.add('GET', '/configurations/g1', (200, {'configuration': GROUP}))
    session.add('POST', '/clusters/c1', (202, {
        'cluster': fakes.cluster('UPDATING_CLUSTER')}))
    code, out, err = cli('configuration-attach', 'c1', 'tuned')
    assert code == 0, err
    posted = [r[3] for r in session.requests if r[0] == 'POST']
    assert posted == [{'configuration_attach': {'configuration_id': 'g1'}}]
    code, out, err = cli('configuration-detach', 'c1')
    assert code == 0, err
    posted = [r[3] for r in session.requests if r[0] == 'POST']
    assert posted[-1] == {'configuration_detach': {}}


def test_patch_and_parameters(session):  # noqa: F811
    session.add('GET', '/configurations/g1', (200, {'configuration': GROUP}))
    session.add('PATCH', '/configurations/g1', (202, None))
    assert cli('configuration-patch', 'g1', '{"wait_timeout": 60}')[0] == 0
    assert session.requests[-1][3] == {'configuration': {
        'values': {'wait_timeout': 60}}}
    session.add('GET', '/datastores/mariadb/versions/10.11/parameters', (
        200, {'configuration-parameters': [
            {'name': 'max_connections', 'type': 'integer', 'min': 10,
             'max': 100000, 'restart_required': False}]}))
    code, out, err = cli('--format', 'json', 'configuration-parameter-list',
                         '10.11')
    assert code == 0, err
    assert json.loads(out) == [{'name': 'max_connections',
                                'type': 'integer', 'min': 10,
                                'max': 100000, 'restart_required': False}]
