"""Rolling operations on real nodes, under continuous writes (issue 9).

One cluster for the module, in file order: a rolling restart, a restart
that fails on one node (the roll stops there), the replacement of that
failed node, an upgrade to a second registered version, and a rolling
restart whose service is killed at each of its steps.
"""

import contextlib
import json
import os
import sqlite3

import pytest
from troveclient import exceptions

from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters.test_faults import _kill_at_every_step
from tests.functional.clusters import writes
from tests.functional import helpers

STATE = {}


def _sql(server, query, *args):
    path = os.path.join(server.state, 'galeratrove.sqlite')
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return conn.execute(query, args).fetchall()


def last_operation(server, cluster_id, kind):
    """(state, error, [(step name, state)]) of the latest such op."""
    op_id, state, error = _sql(
        server, 'SELECT id, state, error FROM operations WHERE cluster_id '
        '= ? AND kind = ? ORDER BY created DESC', cluster_id, kind)[0]
    steps = _sql(server, 'SELECT name, state FROM operation_steps WHERE '
                 'operation_id = ? ORDER BY id', op_id)
    return state, error, steps


def server_pid(server, instance_id):
    path = os.path.join(server.instance_dir(instance_id), 'node', 'run',
                        'node.pid')
    with open(path) as f:
        return int(f.read())


def test_rolling_restart_under_writes(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'rolling').id)
    password = tc.root.create_cluster_root(cluster.id)[1]
    STATE.update(id=cluster.id, password=password)
    names = [i['name'] for i in cluster.instances]
    pids = {i['id']: server_pid(server, i['id']) for i in cluster.instances}
    with writes.Load(cluster.ip, password) as load:
        started = tc.clusters._action(cluster.id, {'restart': {}})
        assert started.task['name'] == 'ROLLING_RESTART'
        cluster = wait_task(tc, cluster.id, timeout=300)
    acked, samples, dips = load.check()
    assert acked > 100 and samples > 10
    # At most the IST donor's moment per restarted node (see writes.py).
    assert dips <= 3 * 3, load.dips(2)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    for inst in cluster.instances:
        assert server_pid(server, inst['id']) != pids[inst['id']]
    state, error, steps = last_operation(server, cluster.id, 'restart')
    assert (state, error) == ('COMPLETED', None)
    assert [s for s in steps if s[0].startswith('restart ')] == [
        ('restart %s' % n, 'COMPLETED') for n in names]
    # Each restart waited for the others to be Synced first.
    for i, (name, _) in enumerate(steps):
        if name.startswith('restart '):
            assert steps[i - 1][0].startswith('wait for the other 2')


def test_a_node_that_fails_to_restart_stops_the_roll(server):
    tc = server.client()
    cluster = tc.clusters.get(STATE['id'])
    first, broken, last = cluster.instances
    path, text = server.node_config(broken['id'])
    with open(path, 'a') as f:
        f.write('\n[mysqld]\nno_such_option_for_the_test = 1\n')
    untouched = server_pid(server, last['id'])
    tc.clusters._action(cluster.id, {'restart': {}})
    cluster = wait_task(tc, cluster.id, timeout=300)
    status = {i['id']: i['status'] for i in cluster.instances}
    assert status == {first['id']: 'ACTIVE', broken['id']: 'ERROR',
                      last['id']: 'ACTIVE'}
    shown = tc.client.get('/clusters/%s/instances/%s' % (
        cluster.id, broken['id']))[1]['instance']
    assert shown['fault']['message'].startswith('Restart failed')
    assert server_pid(server, last['id']) == untouched
    state, error, steps = last_operation(server, cluster.id, 'restart')
    assert state == 'FAILED' and broken['name'] in error
    assert ('restart %s' % broken['name'], 'FAILED') in steps
    assert not [s for s in steps if s[0] == 'restart %s' % last['name']]
    with open(path, 'w') as f:
        f.write(text)
    STATE['broken'] = broken['id']


def test_the_failed_node_is_replaced_under_writes(server):
    tc = server.client()
    cluster = tc.clusters.get(STATE['id'])
    broken = [i for i in cluster.instances if i['id'] == STATE['broken']][0]
    others = [i for i in cluster.instances if i['id'] != broken['id']]
    with writes.Load([i['ip'] for i in others], STATE['password']) as load:
        started = tc.clusters._action(
            cluster.id, {'replace-instance': {'id': broken['id']}})
        assert started.task['name'] == 'REPLACING_INSTANCE'
        cluster = wait_task(tc, cluster.id, timeout=300)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    ids = [i['id'] for i in cluster.instances]
    assert broken['id'] not in ids and ids[:2] == [o['id'] for o in others]
    new = cluster.instances[2]
    assert new['name'] == 'rolling-4' and new['ip'] != broken['ip']
    assert not os.path.exists(server.instance_dir(broken['id']))
    state, error, steps = last_operation(server, cluster.id, 'replace')
    assert (state, error) == ('COMPLETED', None), steps
    names = [s[0] for s in steps]
    assert names.index('join rolling-4') < names.index(
        'remove %s' % broken['name'])
    # Sampled on the two survivors: both stayed in the Primary component
    # (one Synced, one the SST donor while the newcomer copied its data),
    # and every acknowledged write is on all three nodes.
    load.check(ips=cluster.ip)


def test_upgrade_to_a_second_registered_version_under_writes(server):
    tc = server.client()
    helpers.run(['galeratrove-manage', '--config-file', server.conf,
                 'datastore-update', 'mariadb', '10.11.99',
                 '--manager', 'mariadb'])
    helpers.run(['galeratrove-manage', '--config-file', server.conf,
                 'datastore-update', 'mariadb', '10.6', '--manager',
                 'mariadb'])
    cluster = tc.clusters.get(STATE['id'])
    for version, words in (('10.6', 'Downgrading'),
                           ('8.0', 'belongs to datastore pxc'),
                           ('10.11', 'already runs')):
        with pytest.raises(exceptions.BadRequest) as e:
            tc.clusters.upgrade(cluster.id, version)
        assert words in str(e.value)
    with writes.Load(cluster.ip, STATE['password']) as load:
        started = tc.clusters.upgrade(cluster.id, '10.11.99')
        assert started.task['name'] == 'UPGRADING_CLUSTER'
        cluster = wait_task(tc, cluster.id, timeout=300)
    acked, samples, dips = load.check()
    assert acked > 100 and dips <= 9, load.dips(2)
    assert cluster.datastore == {'type': 'mariadb', 'version': '10.11.99'}
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    state, error, steps = last_operation(server, cluster.id, 'upgrade')
    assert (state, error) == ('COMPLETED', None), steps
    assert [s for s in steps if s[0].startswith('upgrade ')] == [
        ('upgrade %s' % i['name'], 'COMPLETED') for i in cluster.instances]
    for inst in cluster.instances:
        with open(os.path.join(server.instance_dir(inst['id']), 'node',
                               'guest_state.json')) as f:
            assert json.load(f)['datastore_version'] == '10.11.99'


def test_the_service_killed_at_every_step_of_a_rolling_restart(server):
    tc = server.client()
    cluster = tc.clusters.get(STATE['id'])
    tc.clusters._action(cluster.id, {'restart': {}})
    killed = _kill_at_every_step(server, cluster.id, 'restart')
    assert len([k for k in killed if k.startswith('restart ')]) == 3
    tc = server.client()
    cluster = wait_task(tc, cluster.id)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    state, error, steps = last_operation(server, cluster.id, 'restart')
    assert (state, error) == ('COMPLETED', None)
    # Each node's restart completed once: a resumed roll skips the nodes
    # it already restarted.
    done = [s[0] for s in steps if s[0].startswith('restart ') and
            s[1] == 'COMPLETED']
    assert sorted(done) == sorted('restart %s' % i['name']
                                  for i in cluster.instances)
    # The three nodes take writes again and agree.
    with writes.Load(cluster.ip, STATE['password']) as load:
        helpers.wait_until(lambda: len(load.acked) > 30 and
                           len(load.samples) > 2, 60, 'writes and samples')
    load.check()
