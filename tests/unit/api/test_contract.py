"""What python-troveclient and the OpenStack client ask beyond clusters:
limits, flavors of a version, version numbers, member links, request ids,
the health check, modules, and force delete."""

from galeratrove.db import api as db_api
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def test_limits_show_absolute_limits_and_usage(api, conf):
    conf('max_instances_per_tenant', 7)
    conf('max_volumes_per_tenant', 30)
    empty, = api.get('/v1.0/t1/limits').json['limits']
    assert empty == {'verb': 'ABSOLUTE', 'max_instances': 7,
                     'max_volumes': 30, 'used_instances': 0,
                     'used_volumes': 0}
    api.post_json(URL, cluster_body(n=3, size=4))
    db_api.quota_set('t1', 'instances', 9)
    limits, = api.get('/v1.0/t1/limits').json['limits']
    assert limits['max_instances'] == 9 and limits['used_instances'] == 3
    assert limits['max_volumes'] == 30 and limits['used_volumes'] == 12
    other, = api.get('/v1.0/t2/limits').json['limits']
    assert other['used_instances'] == 0 and other['max_instances'] == 7


def test_flavors_of_a_datastore_version(api):
    versions = api.get('/v1.0/t1/datastores/mariadb/versions').json[
        'versions']
    url = '/v1.0/t1/datastores/mariadb/versions/%s/flavors' % versions[0][
        'id']
    flavors = api.get(url).json['flavors']
    assert flavors == api.get('/v1.0/t1/flavors').json['flavors']
    assert flavors and all('ram' in f for f in flavors)
    for bad in ('/v1.0/t1/datastores/mariadb/versions/nope/flavors',
                '/v1.0/t1/datastores/nosuch/versions/%s/flavors'
                % versions[0]['id'],
                '/v1.0/t1/datastores/mariadb/versions/%s/other'
                % versions[0]['id']):
        assert fault(api.get(bad, expect_errors=True), 404)[0] == \
            'itemNotFound'


def test_datastore_versions_carry_their_version_number(api):
    version, = api.get('/v1.0/t1/datastores/mariadb/versions').json[
        'versions']
    assert version['version'] == '10.11'
    store, = [d for d in api.get('/v1.0/t1/datastores').json['datastores']
              if d['name'] == 'mariadb']
    assert store['versions'][0]['version'] == '10.11'


def test_cluster_members_have_links(api):
    c = api.post_json(URL, cluster_body()).json['cluster']
    for inst in c['instances']:
        self_link, bookmark = inst['links']
        assert self_link['rel'] == 'self' and bookmark['rel'] == 'bookmark'
        assert self_link['href'].endswith('/v1.0/t1/instances/' + inst['id'])
        shown = api.get(self_link['href']).json['instance']
        assert shown['id'] == inst['id']


def test_every_response_has_a_request_id(api):
    ids = set()
    for resp in (api.get('/'), api.get(URL),
                 api.get(URL + '/nope', expect_errors=True),
                 api.post(URL, '{', content_type='application/json',
                          expect_errors=True)):
        rid = resp.headers['x-openstack-request-id']
        assert rid.startswith('req-')
        ids.add(rid)
    assert len(ids) == 4


def test_healthcheck_needs_no_project(api):
    resp = api.get('/healthcheck')
    assert resp.status_int == 200 and resp.content_type == 'text/plain'
    assert api.head('/healthcheck').status_int == 204


def test_instance_modules_are_an_empty_list(api):
    c = api.post_json(URL, cluster_body()).json['cluster']
    iid = c['instances'][0]['id']
    assert api.get('/v1.0/t1/instances/%s/modules' % iid).json == {
        'modules': []}
    for url in ('/v1.0/t2/instances/%s/modules' % iid,
                '/v1.0/t1/instances/nope/modules'):
        assert fault(api.get(url, expect_errors=True), 404)[0] == \
            'itemNotFound'


def test_force_delete_rescues_a_delete_that_hangs(api, taskmanager):
    """troveclient's force delete: reset-status, then delete."""
    c = api.post_json(URL, cluster_body()).json['cluster']
    url = '%s/%s' % (URL, c['id'])
    api.delete(url)
    first_delete = taskmanager.wait_for(2)[1][1]['operation_id']
    assert fault(api.delete(url, expect_errors=True), 422)[0] == \
        'unprocessableEntity'
    member = {'X-Roles': 'member'}
    resp = api.post_json(url, {'reset-status': {}}, headers=member,
                         expect_errors=True)
    assert fault(resp, 403)[0] == 'forbidden'
    reset = api.post_json(url, {'reset-status': {}}).json['cluster']
    assert reset['task']['name'] == 'NONE'
    assert db_api.operation_get(first_delete).state == 'CANCELLED'
    assert api.delete(url).status_int == 202
    method, kwargs = taskmanager.wait_for(3)[2]
    assert method == 'delete_cluster' and kwargs['operation_id'] != \
        first_delete
    assert db_api.operation_get(kwargs['operation_id']).state == 'PENDING'
    assert api.get(url).json['cluster']['task']['name'] == 'DELETING'
