"""Backups API: Trove's body, refusals before anything is written,
tenancy, the BACKING_UP task, delete, and the restore point checks."""

import os

from galeratrove.backup.storage import local
from galeratrove.db import api as db_api
from galeratrove.db import backups as backups_db
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/backups'


def make_cluster(api, tenant='t1'):
    resp = api.post_json('/v1.0/%s/clusters' % tenant, cluster_body())
    cluster = resp.json['cluster']
    db_api.cluster_update(cluster['id'], task_id=1)
    for inst in cluster['instances']:
        db_api.instance_update(inst['id'], status='ACTIVE')
    return cluster


def backup(api, body, tenant='t1', status=202):
    return api.post_json('/v1.0/%s/backups' % tenant, {'backup': body},
                         expect_errors=status != 202)


def test_create_records_the_backup_its_operation_and_the_task(
        api, taskmanager):
    cluster = make_cluster(api)
    member = cluster['instances'][1]['id']
    resp = backup(api, {'name': 'b1', 'instance': member,
                        'description': 'nightly', 'incremental': 0})
    assert resp.status_int == 202
    b = resp.json['backup']
    assert b['status'] == 'NEW' and b['instance_id'] == member
    assert b['cluster_id'] == cluster['id'] and b['size'] is None
    assert b['datastore'] == {'type': 'mariadb', 'version': '10.11',
                              'version_id': b['datastore']['version_id']}
    shown = api.get('/v1.0/t1/clusters/' + cluster['id']).json['cluster']
    assert shown['task']['name'] == 'BACKING_UP'
    kwargs = taskmanager.called('start_operation', 2)
    op = db_api.operation_get(kwargs['operation_id'])
    assert op.kind == 'backup' and op.params['backup_id'] == b['id']
    # The cluster is busy: a second backup is refused, nothing recorded.
    fault(backup(api, {'name': 'b2', 'cluster': cluster['id']},
                 status=422), 422)
    assert [x['id'] for x in api.get(URL).json['backups']] == [b['id']]


def test_bad_bodies_are_400_and_write_nothing(api):
    cluster = make_cluster(api)
    for body in ({'instance': cluster['id']},
                 {'name': 'x'},
                 {'name': 'x', 'cluster': cluster['id'], 'incremental': 1},
                 {'name': 'x', 'cluster': cluster['id'], 'parent_id': 'p'},
                 {'name': 'x', 'cluster': cluster['id'], 'bogus': 1},
                 {'name': 'x', 'cluster': cluster['id'],
                  'storage_driver': 'swift'},
                 {'name': 'x', 'restore_from': {'remote_location': 'u'}},
                 {'name': ' x', 'cluster': cluster['id']}):
        fault(backup(api, body, status=400), 400)
    fault(api.post(URL, 'not json', expect_errors=True,
                   content_type='application/json'), 400)
    assert api.get(URL).json['backups'] == []


def test_a_cluster_id_as_instance_lets_the_service_choose(api):
    cluster = make_cluster(api)
    b = backup(api, {'name': 'b', 'instance': cluster['id']}).json['backup']
    assert b['instance_id'] is None and b['cluster_id'] == cluster['id']


def test_another_tenant_sees_nothing(api):
    cluster = make_cluster(api)
    b = backup(api, {'name': 'b', 'cluster': cluster['id']}).json['backup']
    fault(api.get('/v1.0/t2/backups/' + b['id'], expect_errors=True), 404)
    fault(api.delete('/v1.0/t2/backups/' + b['id'], expect_errors=True),
          404)
    assert api.get('/v1.0/t2/backups').json['backups'] == []
    fault(backup(api, {'name': 'b', 'cluster': cluster['id']}, tenant='t2',
                 status=404), 404)
    fault(api.get('/v1.0/t2/clusters/%s/backups' % cluster['id'],
                  expect_errors=True), 404)
    listed = api.get('/v1.0/t1/clusters/%s/backups' % cluster['id']).json
    assert [x['id'] for x in listed['backups']] == [b['id']]


def test_delete_removes_the_object_not_while_building(api, tmp_path, conf):
    conf('local_directory', str(tmp_path), group='backup')
    cluster = make_cluster(api)
    b = backup(api, {'name': 'b', 'cluster': cluster['id']}).json['backup']
    fault(api.delete(URL + '/' + b['id'], expect_errors=True), 422)
    location = 't1/%s.xbstream.zst' % b['id']
    local.LocalStorage(str(tmp_path)).save(location, [b'data'])
    backups_db.backup_update(b['id'], status='COMPLETED', location=location)
    assert api.delete(URL + '/' + b['id']).status_int == 202
    assert not os.path.exists(os.path.join(str(tmp_path), location))
    fault(api.get(URL + '/' + b['id'], expect_errors=True), 404)


def _restore_body(ref):
    body = cluster_body(name='restored')
    for inst in body['cluster']['instances']:
        inst['restorePoint'] = {'backupRef': ref}
    return body


def test_restore_point_checks_before_anything_is_recorded(api, taskmanager):
    cluster = make_cluster(api)
    b = backup(api, {'name': 'b', 'cluster': cluster['id']}).json['backup']
    before = len(api.get('/v1.0/t1/clusters').json['clusters'])

    def create(ref, tenant='t1'):
        return api.post_json('/v1.0/%s/clusters' % tenant,
                             _restore_body(ref), expect_errors=True)
    fault(create('missing'), 400)
    fault(create(b['id']), 400)                 # NEW, not COMPLETED
    backups_db.backup_update(b['id'], status='FAILED', message='x')
    fault(create(b['id']), 400)
    backups_db.backup_update(b['id'], status='COMPLETED', location='l')
    fault(create(b['id'], tenant='t2'), 404)
    two = _restore_body(b['id'])
    two['cluster']['instances'][0]['restorePoint'] = {'backupRef': 'other'}
    fault(api.post_json('/v1.0/t1/clusters', two, expect_errors=True), 400)
    assert len(api.get('/v1.0/t1/clusters').json['clusters']) == before
    assert api.get('/v1.0/t2/clusters').json['clusters'] == []
    resp = create(b['id'])
    assert resp.status_int == 200
    kwargs = taskmanager.called('create_cluster', 3)
    op = db_api.operation_get(kwargs['operation_id'])
    assert op.kind == 'create' and op.params['restore'] == b['id']
    db_api.cluster_update(cluster['id'], task_id=1)
    grow = {'grow': [{'flavorRef': '2', 'volume': {'size': 1},
                      'restorePoint': {'backupRef': b['id']}}]}
    fault(api.post_json('/v1.0/t1/clusters/' + cluster['id'], grow,
                        expect_errors=True), 400)


def test_incremental_backups_build_on_a_completed_parent(api):
    cluster = make_cluster(api)
    full = backup(api, {'name': 'f', 'cluster': cluster['id']}).json[
        'backup']
    db_api.cluster_update(cluster['id'], task_id=1)
    # The parent is not COMPLETED yet.
    fault(backup(api, {'name': 'i', 'cluster': cluster['id'],
                       'parent_id': full['id']}, status=400), 400)
    backups_db.backup_update(full['id'], status='COMPLETED', to_lsn=42,
                             location='l')
    inc = backup(api, {'name': 'i', 'instance': cluster['instances'][0]['id'],
                       'incremental': 1}).json['backup']
    assert inc['parent_id'] == full['id']
    fault(backup(api, {'name': 'x', 'cluster': cluster['id'],
                       'parent_id': full['id']}, tenant='t2',
                 status=404), 404)
    # A parent goes only after its children.
    fault(api.delete(URL + '/' + full['id'], expect_errors=True), 422)
    # A restore needs the whole chain COMPLETED.
    resp = api.post_json('/v1.0/t1/clusters', _restore_body(inc['id']),
                         expect_errors=True)
    fault(resp, 400)
    assert 'NEW' in resp.json['badRequest']['message']
