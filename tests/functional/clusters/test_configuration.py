"""Configuration groups on real nodes, through troveclient.

A group attached to a running 3-node cluster is live on every node (SHOW
GLOBAL VARIABLES) and in every node's config file (0600); a value that
needs a restart rolls through the nodes one at a time, the cluster
Primary throughout; detaching restores the defaults. A 1-node cluster
created with a group starts with it; a restart value leaves its member
RESTART_REQUIRED (no quorum to roll with), and a member it grows by
starts with every value. The steps share one server and run in file
order.
"""

import json
import os
import re

import pytest
from troveclient import exceptions as trove_exc

from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import Server
from tests.functional.clusters.conftest import wait_task

pytestmark = pytest.mark.timeout(900)

STATE = {}
BEGIN = '# BEGIN configuration group'
GCACHE = 256 * 2 ** 20


@pytest.fixture(scope='module')
def server():
    """The cluster tests' server; 1-node clusters allowed (cheaper)."""
    with Server(sections={
            'local_compute': {'flavors': '1:m1.tiny:512:1'},
            'mariadb': {'min_cluster_member_count': 1},
            'cluster': {'join_timeout': 120, 'prepare_timeout': 120,
                        'boot_timeout': 60, 'heartbeat_interval': 1,
                        'health_check_interval': 2}}) as srv:
        yield srv


def gcache_bytes(provider_options):
    """gcache.size of a live wsrep_provider_options, in bytes."""
    match = re.search(r'gcache\.size = ([0-9]+)([KMG]?)', provider_options)
    number, unit = int(match.group(1)), match.group(2)
    return number * {'': 1, 'K': 2 ** 10, 'M': 2 ** 20, 'G': 2 ** 30}[unit]


def variables(ip, password, *names):
    with connect(ip, password) as conn, conn.cursor() as cur:
        cur.execute('SHOW GLOBAL VARIABLES WHERE Variable_name IN (%s)'
                    % ', '.join(['%s'] * len(names)), names)
        return dict(cur.fetchall())


def action(tc, cluster_id, body):
    resp, _body = tc.client.post('/clusters/%s' % cluster_id, body=body)
    assert resp.status_code == 202, resp.text


def make_cluster(tc, name, n, configuration=None):
    cluster = tc.clusters.create(
        name, 'mariadb', '10.11', configuration=configuration,
        instances=[{'flavorRef': '1', 'volume': {'size': 1}}] * n)
    cluster = wait_task(tc, cluster.id, timeout=300)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * n
    password = tc.root.create_cluster_root(cluster.id)[1]
    return cluster, password


def test_a_group_is_created_with_checked_values(server):
    tc = server.client()
    with pytest.raises(trove_exc.BadRequest) as e:
        tc.configurations.create('bad', json.dumps({'max_connections': 1}),
                                 datastore='mariadb',
                                 datastore_version='10.11')
    assert 'max_connections' in str(e.value)
    with pytest.raises(trove_exc.BadRequest) as e:
        tc.configurations.create(
            'bad', json.dumps({'wsrep_cluster_address': 'gcomm://'}),
            datastore='mariadb', datastore_version='10.11')
    assert 'wsrep_cluster_address' in str(e.value)
    group = tc.configurations.create(
        'tuned', json.dumps({'max_connections': 321, 'wait_timeout': 777,
                             'long_query_time': 2.5}),
        datastore='mariadb', datastore_version='10.11')
    assert group.values == {'max_connections': 321, 'wait_timeout': 777,
                            'long_query_time': 2.5}
    STATE['group'] = group.id


def test_attach_is_live_on_every_node_and_in_its_config(server):
    tc = server.client()
    cluster, password = make_cluster(tc, 'cfg', 3)
    STATE.update(cluster=cluster.id, password=password)
    before = variables(cluster.ip[0], password, 'max_connections')
    action(tc, cluster.id, {'configuration_attach': {
        'configuration_id': STATE['group']}})
    cluster = wait_task(tc, cluster.id)
    assert cluster.configuration == STATE['group']
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    for ip in cluster.ip:
        assert variables(ip, password, 'max_connections', 'wait_timeout',
                         'long_query_time') == {
            'max_connections': '321', 'wait_timeout': '777',
            'long_query_time': '2.500000'}, ip
    for inst in cluster.instances:
        path, text = server.node_config(inst['id'])
        assert oct(os.stat(path).st_mode & 0o777) == '0o600'
        block = text[text.index(BEGIN):]
        assert 'max_connections = 321' in block
        assert 'wait_timeout = 777' in block
    listed = tc.configurations.instances(STATE['group'])
    assert sorted(i.id for i in listed) == sorted(
        i['id'] for i in cluster.instances)
    assert tc.configurations.get(STATE['group']).instance_count == 3
    with pytest.raises(trove_exc.BadRequest) as e:
        tc.configurations.delete(STATE['group'])
    assert 'detach it first' in str(e.value)
    STATE['default_max_connections'] = before['max_connections']


def test_an_edit_follows_and_a_restart_value_rolls(server):
    tc = server.client()
    cluster_id, password = STATE['cluster'], STATE['password']
    tc.configurations.edit(STATE['group'], json.dumps({
        'wait_timeout': 555, 'gcache.size': GCACHE}))
    cluster = wait_task(tc, cluster_id, timeout=400)
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    for ip in cluster.ip:
        live = variables(ip, password, 'wait_timeout', 'max_connections',
                         'wsrep_provider_options')
        # wait_timeout was set live, then kept by the restart (the file).
        assert live['wait_timeout'] == '555'
        assert live['max_connections'] == '321'
        assert gcache_bytes(live['wsrep_provider_options']) == GCACHE, ip
        with connect(ip, password) as conn, conn.cursor() as cur:
            cur.execute("SHOW STATUS LIKE 'wsrep_cluster_size'")
            assert cur.fetchone()[1] == '3'
    for inst in cluster.instances:
        _path, text = server.node_config(inst['id'])
        block = text[text.index(BEGIN):]
        assert 'gcache.size=%d' % GCACHE in block
        assert 'gmcast.listen_addr=tcp://%s:' % inst['ip'] in block


def test_detach_restores_the_defaults(server):
    tc = server.client()
    cluster_id, password = STATE['cluster'], STATE['password']
    action(tc, cluster_id, {'configuration_detach': {}})
    cluster = wait_task(tc, cluster_id)
    assert getattr(cluster, 'configuration', None) is None
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    for ip in cluster.ip:
        live = variables(ip, password, 'max_connections', 'wait_timeout',
                         'long_query_time', 'wsrep_provider_options')
        assert live['max_connections'] == STATE['default_max_connections']
        assert live['wait_timeout'] == '28800'
        assert live['long_query_time'] == '10.000000'
        assert gcache_bytes(live['wsrep_provider_options']) == 128 * 2 ** 20
    for inst in cluster.instances:
        path, text = server.node_config(inst['id'])
        assert BEGIN not in text
        assert oct(os.stat(path).st_mode & 0o777) == '0o600'
    tc.configurations.delete(STATE['group'])
    tc.clusters.delete(cluster_id)


def test_create_with_a_group_and_grow_keep_it(server):
    tc = server.client()
    group = tc.configurations.create(
        'small', json.dumps({'max_connections': 222,
                             'character_set_server': 'latin1'}),
        datastore='mariadb', datastore_version='10.11')
    cluster, password = make_cluster(tc, 'cfg-grow', 1,
                                     configuration=group.id)
    assert cluster.configuration == group.id
    first = cluster.instances[0]['id']
    tc.configurations.edit(group.id, json.dumps({'gcache.size': GCACHE}))
    cluster = wait_task(tc, cluster.id)
    assert [i['status'] for i in cluster.instances] == ['RESTART_REQUIRED']
    tc.clusters.grow(cluster.id, instances=[
        {'flavorRef': '1', 'volume': {'size': 1}}])
    cluster = wait_task(tc, cluster.id, timeout=300)
    assert len(cluster.ip) == 2
    status = {i['id']: i['status'] for i in cluster.instances}
    assert status.pop(first) == 'RESTART_REQUIRED'
    assert list(status.values()) == ['ACTIVE']
    for inst in cluster.instances:
        live = variables(inst['ip'], password, 'max_connections',
                         'character_set_server', 'collation_server',
                         'wsrep_provider_options')
        cache = live.pop('wsrep_provider_options')
        assert live == {
            'max_connections': '222', 'character_set_server': 'latin1',
            'collation_server': 'latin1_swedish_ci'}, inst['ip']
        # The new member started with the file; the first waits.
        assert gcache_bytes(cache) == (
            128 * 2 ** 20 if inst['id'] == first else GCACHE)
    tc.clusters.delete(cluster.id)
