"""Versions, datastores and flavors."""


def test_versions_document(api):
    body = api.get('/').json
    assert body['versions'][0]['id'] == 'v1.0'
    assert body['versions'][0]['status'] == 'CURRENT'


def test_datastores_show_only_active_versions(api):
    stores = {d['name']: d for d in api.get(
        '/v1.0/t1/datastores').json['datastores']}
    assert [v['name'] for v in stores['mariadb']['versions']] == ['10.11']
    assert stores['pxc']['versions'] == []
    versions = api.get('/v1.0/t1/datastores/mariadb/versions').json[
        'versions']
    assert [v['name'] for v in versions] == ['10.11']
    one = api.get('/v1.0/t1/datastores/mariadb/versions/10.11').json
    assert one['version']['id'] == versions[0]['id']
    by_id = api.get('/v1.0/t1/datastores/versions/%s' % versions[0]['id'])
    assert by_id.json['version']['name'] == '10.11'
    assert api.get('/v1.0/t1/datastores/versions/nope',
                   expect_errors=True).status_int == 404
    resp = api.get('/v1.0/t1/datastores/nosuch/versions', expect_errors=True)
    assert resp.status_int == 404
    assert 'nosuch' in resp.json['itemNotFound']['message']


def test_flavors_come_from_the_compute_driver(api, conf):
    conf('flavors', ['7:db.custom:3072:2'], group='local_compute')
    flavors = api.get('/v1.0/t1/flavors').json['flavors']
    assert [(f['id'], f['name'], f['ram']) for f in flavors] == [
        ('7', 'db.custom', 3072)]
    assert api.get('/v1.0/t1/flavors/7').json['flavor']['vcpus'] == 2
    resp = api.get('/v1.0/t1/flavors/8', expect_errors=True)
    assert resp.json['itemNotFound']['message'] == \
        'Flavor 8 could not be found.'
