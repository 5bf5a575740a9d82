"""Backup schedules API: cron patterns checked (400), tenancy (404),
the schedule's next due time, changes and delete."""

import datetime

from galeratrove.db import backup_schedules as schedules_db
from galeratrove.db import models
from tests.unit.api.conftest import fault
from tests.unit.api.test_backups import make_cluster

URL = '/v1.0/t1/backup_schedules'


def create(api, body, tenant='t1', status=201):
    return api.post_json('/v1.0/%s/backup_schedules' % tenant,
                         {'backup_schedule': body},
                         expect_errors=status != 201)


def test_create_show_list_and_delete(api):
    cluster = make_cluster(api)
    before = models.utcnow()
    resp = create(api, {'cluster_id': cluster['id'], 'name': 'nightly',
                        'pattern': '30 2 * * *', 'retention': 7})
    assert resp.status_int == 201
    s = resp.json['backup_schedule']
    assert (s['cluster_id'], s['pattern'], s['retention'], s['enabled'],
            s['incremental']) == (cluster['id'], '30 2 * * *', 7, True,
                                  False)
    due = datetime.datetime.fromisoformat(s['next_run'])
    assert (due.hour, due.minute) == (2, 30)
    assert before < due <= before + datetime.timedelta(days=1)
    assert api.get(URL + '/' + s['id']).json['backup_schedule'] == s
    listed = api.get(URL, {'cluster_id': cluster['id']}).json
    assert [x['id'] for x in listed['backup_schedules']] == [s['id']]
    assert api.delete(URL + '/' + s['id']).status_int == 202
    assert api.get(URL).json['backup_schedules'] == []


def test_bad_patterns_and_bodies_are_400_and_write_nothing(api):
    cluster = make_cluster(api)
    for body in ({'cluster_id': cluster['id'], 'name': 'x',
                  'pattern': 'every hour'},
                 {'cluster_id': cluster['id'], 'name': 'x',
                  'pattern': '61 * * * *'},
                 {'cluster_id': cluster['id'], 'name': 'x',
                  'pattern': '* * * * * *'},
                 {'cluster_id': cluster['id'], 'name': 'x',
                  'pattern': '0 * * * *', 'retention': 0},
                 {'cluster_id': cluster['id'], 'name': 'x',
                  'pattern': '0 * * * *', 'bogus': 1},
                 {'cluster_id': cluster['id'], 'pattern': '0 * * * *'}):
        fault(create(api, body, status=400), 400)
    assert schedules_db.schedule_list('t1') == []


def test_another_projects_cluster_and_schedule_are_not_found(api):
    mine = make_cluster(api)
    theirs = make_cluster(api, tenant='t2')
    fault(create(api, {'cluster_id': theirs['id'], 'name': 'x',
                       'pattern': '0 * * * *'}, status=404), 404)
    s = create(api, {'cluster_id': mine['id'], 'name': 'x',
                     'pattern': '0 * * * *'}).json['backup_schedule']
    other = '/v1.0/t2/backup_schedules/' + s['id']
    fault(api.get(other, expect_errors=True), 404)
    fault(api.delete(other, expect_errors=True), 404)
    fault(api.patch_json(other, {'backup_schedule': {'enabled': False}},
                         expect_errors=True), 404)
    assert api.get('/v1.0/t2/backup_schedules').json[
        'backup_schedules'] == []
    fault(api.get('/v1.0/t2/backup_schedules', {'cluster_id': mine['id']},
                  expect_errors=True), 404)
    assert schedules_db.schedule_get(s['id']).enabled is True


def test_change_pattern_and_disable(api):
    cluster = make_cluster(api)
    s = create(api, {'cluster_id': cluster['id'], 'name': 'x',
                     'pattern': '0 * * * *'}).json['backup_schedule']
    url = URL + '/' + s['id']
    fault(api.patch_json(url, {'backup_schedule': {'pattern': 'bad'}},
                         expect_errors=True), 400)
    changed = api.patch_json(url, {'backup_schedule': {
        'pattern': '15 4 * * 1', 'enabled': False, 'incremental': True}}
    ).json['backup_schedule']
    due = datetime.datetime.fromisoformat(changed['next_run'])
    assert (due.weekday(), due.hour, due.minute) == (0, 4, 15)
    assert changed['enabled'] is False and changed['incremental'] is True
