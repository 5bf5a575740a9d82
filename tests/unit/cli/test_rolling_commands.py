"""cluster-restart, cluster-upgrade, cluster-replace-instance: bodies."""

import json

from tests.unit.cli import fakes
from tests.unit.cli.test_main import cli
from tests.unit.cli.test_main import session  # noqa: F401 (fixture)

m = fakes.member


def test_restart_upgrade_and_replace_send_their_actions(session):  # noqa
    cluster = fakes.cluster('NONE', [m('p-1'), m('p-2', 'ERROR'), m('p-3')])
    session.add('GET', '/clusters/c1', (200, {'cluster': cluster}))
    session.add('POST', '/clusters/c1', (202, {
        'cluster': fakes.cluster('ROLLING_RESTART')}))
    code, out, _err = cli('-f', 'json', 'cluster-restart', 'c1')
    assert code == 0 and json.loads(out)['task_name'] == 'ROLLING_RESTART'
    assert session.requests[-1][3] == {'restart': {}}
    assert cli('cluster-upgrade', 'c1', '10.11.99')[0] == 0
    assert session.requests[-1][3] == {
        'upgrade': {'datastore_version': '10.11.99'}}
    assert cli('cluster-replace-instance', 'c1', 'p-2')[0] == 0
    assert session.requests[-1][3] == {
        'replace-instance': {'id': 'id-p-2'}}


def test_wait_follows_the_roll_to_its_end(session):  # noqa: F811
    rolling = fakes.cluster('ROLLING_RESTART', [m('p-1', 'SHUTDOWN'),
                                                m('p-2')])
    done = fakes.cluster('NONE', [m('p-1', ip='10.0.0.1'),
                                  m('p-2', ip='10.0.0.2')])
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster(
        'NONE', [m('p-1'), m('p-2')])}), (200, {'cluster': rolling}),
        (200, {'cluster': done}))
    session.add('POST', '/clusters/c1', (202, {'cluster': rolling}))
    code, out, err = cli('-f', 'json', 'cluster-restart', 'c1', '--wait',
                         '--poll-interval', '0.01')
    assert code == 0 and json.loads(out)['task_name'] == 'NONE'
    assert 'p-1: SHUTDOWN' in err
