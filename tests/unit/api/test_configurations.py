"""Configuration groups: Trove's shapes, the rules, tenancy, attach."""

import pytest

from galeratrove import compute
from galeratrove.db import api as db_api
from galeratrove.db import configurations as db_conf
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/configurations'


def group_body(values=None, name='tuned', **datastore):
    return {'configuration': {
        'name': name, 'description': 'for tests',
        'values': {'max_connections': 300} if values is None else values,
        'datastore': datastore or {'type': 'mariadb', 'version': '10.11'}}}


def create(api, tenant='t1', **kw):
    return api.post_json('/v1.0/%s/configurations' % tenant,
                         group_body(**kw), expect_errors=True)


def new_cluster(api, tenant='t1', **extra):
    resp = api.post_json('/v1.0/%s/clusters' % tenant, cluster_body(**extra),
                         expect_errors=True)
    return resp


def idle(cluster_id):
    db_api.cluster_update(cluster_id, task_id=1)


def test_create_show_list_in_trove_shape(api):
    resp = create(api, values={'max_connections': '400',
                               'long_query_time': 2, 'slow-query-log': 'ON',
                               'sql_mode': 'strict_trans_tables, '
                                           'NO_ENGINE_SUBSTITUTION'})
    assert resp.status_int == 200, resp.body
    group = resp.json['configuration']
    assert group['values'] == {
        'max_connections': 400, 'long_query_time': 2.0,
        'slow_query_log': True,
        'sql_mode': 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'}
    assert group['datastore_name'] == 'mariadb'
    assert group['datastore_version_name'] == '10.11'
    assert group['instance_count'] == 0 and group['description']
    shown = api.get('%s/%s' % (URL, group['id'])).json['configuration']
    assert shown == group
    listed = api.get(URL).json['configurations']
    assert [g['id'] for g in listed] == [group['id']]
    assert 'values' not in listed[0]
    # By version id alone, as `--datastore_version <id>` sends it.
    by_id = create(api, datastore=None, name='by-id')
    assert by_id.status_int == 400
    dsv = db_api.datastore_version_get('mariadb', '10.11')
    resp = api.post_json(URL, {'configuration': {
        'name': 'v', 'values': {}, 'datastore': {'version': dsv.id}}})
    assert resp.json['configuration']['datastore_version_id'] == dsv.id


@pytest.mark.parametrize('values, words', [
    ({'max_connections': 5}, 'max_connections: 5 is below the minimum'),
    ({'max_connections': 'many'}, 'max_connections: expected an integer'),
    ({'max_connections': True}, 'max_connections'),
    ({'innodb_buffer_pool_size': 2 ** 50}, 'innodb_buffer_pool_size'),
    ({'wsrep_slave_threads': 0}, 'wsrep_slave_threads'),
    ({'gcache.size': 1024}, 'gcache.size'),
    ({'sql_mode': 'STRICT_TRANS_TABLES,DROP_EVERYTHING'},
     'sql_mode: unknown mode DROP_EVERYTHING'),
    ({'long_query_time': 'slow'}, 'long_query_time'),
    ({'long_query_time': -1}, 'long_query_time'),
    ({'character_set_server': 'klingon'}, 'character_set_server'),
    ({'character_set_server': 'latin1',
      'collation_server': 'utf8mb4_bin'}, 'collation_server'),
    ({'slow_query_log': 'maybe'}, 'slow_query_log'),
    ({'no_such_knob': 1}, 'no_such_knob is not supported'),
    ({'max_connections': [1]}, 'values/max_connections'),
])
def test_bad_values_are_refused_naming_the_parameter(api, values, words):
    name, message = fault(create(api, values=values), 400)
    assert name == 'badRequest' and words in message, message
    assert api.get(URL).json['configurations'] == []


@pytest.mark.parametrize('owned', [
    'wsrep_cluster_address', 'wsrep_node_name', 'wsrep-provider-options',
    'gmcast.listen_addr', 'ist.recv_addr', 'server_id', 'datadir',
    'bind_address', 'port', 'ssl_cert', 'wsrep_sst_auth', 'binlog_format',
    'WSREP_ON'])
def test_settings_the_service_owns_cannot_be_set(api, owned):
    message = fault(create(api, values={owned: '1'}), 400)[1]
    assert owned in message and 'manages it' in message


def test_parameters_are_listed_as_trove_lists_them(api):
    dsv = db_api.datastore_version_get('mariadb', '10.11')
    listed = api.get('/v1.0/t1/datastores/mariadb/versions/10.11/'
                     'parameters').json['configuration-parameters']
    by_name = {p['name']: p for p in listed}
    assert by_name['max_connections']['type'] == 'integer'
    assert by_name['max_connections']['restart_required'] is False
    assert by_name['gcache.size']['restart_required'] is True
    assert 'min' in by_name['gcache.size']
    assert 'min' not in by_name['sql_mode']
    same = api.get('/v1.0/t1/datastores/versions/%s/parameters' % dsv.id)
    assert same.json['configuration-parameters'] == listed
    one = api.get('/v1.0/t1/datastores/versions/%s/parameters/'
                  'max_connections' % dsv.id).json
    assert one == by_name['max_connections']
    one = api.get('/v1.0/t1/datastores/mariadb/versions/10.11/parameters/'
                  'gcache.size').json
    assert one['name'] == 'gcache.size'
    resp = api.get('/v1.0/t1/datastores/mariadb/versions/10.11/parameters/'
                   'nope', expect_errors=True)
    assert fault(resp, 404)[0] == 'itemNotFound'
    # pxc 8.0 has no rules file: no parameters, and no groups for it.
    resp = api.get('/v1.0/t1/datastores/pxc/versions/8.0/parameters',
                   expect_errors=True)
    assert fault(resp, 404)
    assert fault(create(api, type='pxc', version='8.0'), 404)


def test_tenants_see_and_attach_only_their_own_groups(api):
    group = create(api).json['configuration']
    other = '/v1.0/t2/configurations/%s' % group['id']
    for resp in (api.get(other, expect_errors=True),
                 api.put_json(other, {'configuration': {'values': {}}},
                              expect_errors=True),
                 api.delete(other, expect_errors=True)):
        assert fault(resp, 404)[0] == 'itemNotFound'
    assert api.get('/v1.0/t2/configurations').json['configurations'] == []
    # t2 cannot name t1's group, on create or attach.
    resp = new_cluster(api, tenant='t2', configuration=group['id'])
    assert fault(resp, 404)[0] == 'itemNotFound'
    c = new_cluster(api, tenant='t2').json['cluster']
    idle(c['id'])
    resp = api.post_json('/v1.0/t2/clusters/%s' % c['id'], {
        'configuration_attach': {'configuration_id': group['id']}},
        expect_errors=True)
    assert fault(resp, 404)[0] == 'itemNotFound'
    assert db_api.cluster_get(c['id']).task_id == 1


def test_create_cluster_with_a_group(api, taskmanager):
    group = create(api).json['configuration']
    c = new_cluster(api, configuration=group['id']).json['cluster']
    assert c['configuration'] == group['id']
    shown = api.get('/v1.0/t1/clusters/%s' % c['id']).json['cluster']
    assert shown['configuration'] == group['id']
    assert api.get('%s/%s' % (URL, group['id'])).json[
        'configuration']['instance_count'] == 3
    members = api.get('%s/%s/instances' % (URL, group['id'])).json
    assert sorted(i['id'] for i in members['instances']) == sorted(
        i['id'] for i in c['instances'])
    assert api.get('%s/%s/clusters' % (URL, group['id'])).json[
        'clusters'] == [{'id': c['id'], 'name': c['name']}]


def test_attach_detach_record_an_operation(api, taskmanager):
    group = create(api, values={'max_connections': 250,
                                'gcache.size': 256 * 2 ** 20}).json[
        'configuration']
    c = new_cluster(api).json['cluster']
    url = '/v1.0/t1/clusters/%s' % c['id']
    busy = api.post_json(url, {'configuration_attach': {
        'configuration_id': group['id']}}, expect_errors=True)
    assert fault(busy, 422)
    idle(c['id'])
    resp = api.post_json(url, {'configuration_attach': {
        'configuration_id': group['id']}})
    assert resp.status_int == 202
    assert resp.json['cluster']['task']['name'] == 'UPDATING_CLUSTER'
    kwargs = taskmanager.called('start_operation', 2)
    op = db_api.operation_get(kwargs['operation_id'])
    assert op.kind == 'configuration'
    assert op.params['values'] == {'max_connections': 250,
                                   'gcache.size': 256 * 2 ** 20}
    assert op.params['previous'] == {}
    # Attached: the group cannot be deleted.
    resp = api.delete('%s/%s' % (URL, group['id']), expect_errors=True)
    assert 'detach it first' in fault(resp, 400)[1]
    idle(c['id'])
    resp = api.post_json(url, {'configuration_detach': {}})
    assert resp.status_int == 202
    kwargs = taskmanager.called('start_operation', 3)
    op = db_api.operation_get(kwargs['operation_id'])
    assert op.params['values'] == {} and op.params['previous'][
        'max_connections'] == 250
    assert db_api.cluster_get(c['id']).configuration_id is None
    idle(c['id'])
    resp = api.post_json(url, {'configuration_detach': {}},
                         expect_errors=True)
    assert 'no configuration group' in fault(resp, 400)[1]
    assert api.delete('%s/%s' % (URL, group['id'])).status_int == 202
    assert fault(api.get('%s/%s' % (URL, group['id']),
                         expect_errors=True), 404)


def test_osc_attach_detach_through_an_instance(api, taskmanager):
    group = create(api).json['configuration']
    c = new_cluster(api).json['cluster']
    idle(c['id'])
    iid = c['instances'][1]['id']
    resp = api.put_json('/v1.0/t1/instances/%s' % iid, {
        'instance': {'configuration': group['id']}})
    assert resp.status_int == 202
    assert db_api.cluster_get(c['id']).configuration_id == group['id']
    idle(c['id'])
    resp = api.put_json('/v1.0/t1/instances/%s' % iid, {
        'instance': {'configuration': None}})
    assert resp.status_int == 202
    assert db_api.cluster_get(c['id']).configuration_id is None
    resp = api.put_json('/v1.0/t2/instances/%s' % iid, {
        'instance': {'configuration': None}}, expect_errors=True)
    assert fault(resp, 404)


def test_put_replaces_patch_merges_and_attached_clusters_follow(
        api, taskmanager):
    group = create(api, values={'max_connections': 250,
                                'wait_timeout': 60}).json['configuration']
    url = '%s/%s' % (URL, group['id'])
    resp = api.patch_json(url, {'configuration': {
        'values': {'wait_timeout': 120}}})
    assert resp.status_int == 202
    assert db_conf.get(group['id']).parameters == {
        'max_connections': 250, 'wait_timeout': 120}
    api.put_json(url, {'configuration': {'values': {'wait_timeout': 90},
                                         'name': 'renamed'}})
    row = db_conf.get(group['id'])
    assert row.parameters == {'wait_timeout': 90} and row.name == 'renamed'
    resp = api.patch_json(url, {'configuration': {
        'values': {'wait_timeout': 0}}}, expect_errors=True)
    assert 'wait_timeout' in fault(resp, 400)[1]
    # Attached to a busy cluster: refused, nothing written.
    c = new_cluster(api, configuration=group['id']).json['cluster']
    resp = api.patch_json(url, {'configuration': {
        'values': {'wait_timeout': 30}}}, expect_errors=True)
    assert fault(resp, 422)
    assert db_conf.get(group['id']).parameters == {'wait_timeout': 90}
    idle(c['id'])
    api.patch_json(url, {'configuration': {'values': {'wait_timeout': 30}}})
    kwargs = taskmanager.called('start_operation', 2)
    assert db_api.operation_get(kwargs['operation_id']).cluster_id == c['id']
    op = db_api.operation_get(kwargs['operation_id'])
    assert op.params['values'] == {'wait_timeout': 30}
    assert op.params['previous'] == {'wait_timeout': 90}


def test_a_group_of_another_version_is_refused(api):
    db_api.datastore_version_update('mariadb', '10.6', 'mariadb')
    group = create(api).json['configuration']
    body = cluster_body(configuration=group['id'])
    body['cluster']['datastore']['version'] = '10.6'
    resp = api.post_json('/v1.0/t1/clusters', body, expect_errors=True)
    assert 'another datastore version' in fault(resp, 400)[1]


def test_an_instance_shows_its_effective_configuration(api):
    """What OSC's `database configuration default <instance>` shows."""
    group = create(api, values={'max_connections': 300,
                                'character_set_server': 'latin1',
                                'gcache.size': 256 * 2 ** 20}).json[
        'configuration']
    cluster = new_cluster(api, configuration=group['id']).json['cluster']
    iid = cluster['instances'][0]['id']
    url = '/v1.0/t1/instances/%s/configuration' % iid
    values = api.get(url).json['instance']['configuration']
    # The group's values over what the node's config renders for its
    # flavor (half its memory for the buffer pool).
    ram = compute.get_driver().get_flavor('2').ram
    assert values['max_connections'] == 300
    assert values['character_set_server'] == 'latin1'
    assert values['collation_server'] == 'latin1_swedish_ci'
    assert values['gcache.size'] == 256 * 2 ** 20
    assert values['innodb_buffer_pool_size'] == ram // 2 * 2 ** 20
    assert values['gcs.fc_limit'] == 16
    # Nothing the service owns: paths, addresses, credentials.
    owned = {'datadir', 'socket', 'bind_address', 'wsrep_sst_auth',
             'wsrep_provider_options', 'wsrep_cluster_address',
             'secure_file_priv', 'port'}
    assert not owned & set(values), owned & set(values)
    # Without a group: the rendered defaults.
    plain = new_cluster(api, name='plain').json['cluster']
    url2 = '/v1.0/t1/instances/%s/configuration' % plain['instances'][0]['id']
    values = api.get(url2).json['instance']['configuration']
    assert values['character_set_server'] == 'utf8mb4'
    assert values['gcache.size'] == 128 * 2 ** 20
    assert 'max_connections' not in values
    # Another project's instance, or none: 404.
    for other in ('/v1.0/t2/instances/%s/configuration' % iid,
                  '/v1.0/t1/instances/nope/configuration',
                  '/v1.0/t1/instances/%s/nothing' % iid):
        assert fault(api.get(other, expect_errors=True), 404)[0] == \
            'itemNotFound'
