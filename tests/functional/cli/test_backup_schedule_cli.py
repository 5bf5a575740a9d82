"""Backup schedules on a real 1-node cluster, from the galeratrove CLI.

A per-minute schedule with a retention of one takes COMPLETED backups
through the taskmanager's periodic work (no client asks for them), and
once the second one is COMPLETED the first is deleted. A bad pattern is
refused; deleting the cluster deletes its schedules. The steps run in
file order.
"""

import pytest
import requests

from tests.functional.cli import one_node_cluster
from tests.functional.cli import parse_list
from tests.functional.cli import parse_show
from tests.functional.cli import wait_task
from tests.functional import helpers

pytestmark = pytest.mark.timeout(600)

STATE = {}


@pytest.fixture(scope='module')
def cluster(url):
    return one_node_cluster(url, 'sched')


def scheduled(url, schedule_id):
    """The backups the schedule took, oldest first."""
    body = requests.get(url + '/backups', params={'limit': 100},
                        timeout=10).json()
    return [b for b in body['backups']
            if b['description'] and schedule_id in b['description']]


def test_a_bad_pattern_is_refused(cli, cluster):
    bad = cli('backup-schedule-create', 'sched', '61 * * * *', 'bad',
              ok=False)
    assert bad.rc != 0 and 'cron pattern' in bad.err
    _, rows = parse_list(cli('backup-schedule-list').out)
    assert rows == []


def test_a_schedule_takes_backups_and_keeps_one(cli, url, cluster):
    made = parse_show(cli('backup-schedule-create', 'sched', '* * * * *',
                          'minutely', '--retention', '1').out)
    assert made['pattern'] == '* * * * *' and made['retention'] == '1'
    STATE['id'] = made['id']

    def completed(count):
        def check():
            done = [b for b in scheduled(url, made['id'])
                    if b['status'] in ('COMPLETED', 'FAILED')]
            assert all(b['status'] == 'COMPLETED' for b in done), done
            return done if len(done) >= count else None
        return check
    first, = helpers.wait_until(completed(1), 200, 'a scheduled backup')
    assert first['cluster_id'] == cluster['id'] and first['size_bytes']

    def first_gone():
        taken = scheduled(url, made['id'])
        ids = [b['id'] for b in taken]
        return taken if first['id'] not in ids and any(
            b['status'] == 'COMPLETED' for b in taken) else None
    # The next minute's backup, then retention drops the first.
    later = helpers.wait_until(first_gone, 200, 'retention of one')
    assert requests.get('%s/backups/%s' % (url, first['id']),
                        timeout=10).status_code == 404
    shown = parse_show(cli('backup-schedule-show', 'minutely').out)
    assert shown['last_backup_id'] in [b['id'] for b in later]
    assert shown['last_run'] > first['created'][:16]


def test_list_delete_and_the_clusters_delete(cli, url, cluster):
    other = parse_show(cli('backup-schedule-create', 'sched', '0 3 * * *',
                           'nightly', '--incremental', '--disabled').out)
    assert other['enabled'] == 'False' and other['incremental'] == 'True'
    _, rows = parse_list(cli('backup-schedule-list', '--cluster',
                             'sched').out)
    assert sorted(r['Name'] for r in rows) == ['minutely', 'nightly']
    cli('backup-schedule-delete', 'nightly')
    _, rows = parse_list(cli('backup-schedule-list').out)
    assert [r['ID'] for r in rows] == [STATE['id']]
    cli('cluster-delete', 'sched')
    wait_task(url, cluster['id'], timeout=180, gone=True)
    _, rows = parse_list(cli('backup-schedule-list').out)
    assert rows == []
    # Its backups stay: a restore goes into a new cluster.
    assert scheduled(url, STATE['id'])
