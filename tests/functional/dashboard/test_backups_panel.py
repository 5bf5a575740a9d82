"""The Backups tab in a real browser against galeratrove-all.

In file order on one server (1-node clusters allowed): a cluster with
rows is made through the API; on the tab a backup of it is created and
turns COMPLETED with its size; a schedule with a bad cron pattern is
refused with the API's message and a good one is listed; the backup is
restored into a new cluster from the create form (restorePoint), which
holds the same rows; the schedule and the backup are deleted.
"""

import pymysql
import pytest
import requests
from selenium.webdriver.common.by import By

from tests.functional.dashboard import pages
from tests.functional.dashboard import server as gt
from tests.functional import helpers

pytestmark = pytest.mark.timeout(600)

state = {}


@pytest.fixture(scope='module')
def gt_server():
    with gt.Server(name='backups', sections={
            'mariadb': {'min_cluster_member_count': 1}}) as server:
        yield server


def _api(server):
    return server.endpoint('demo')


def _wait_cluster(url, cluster_id, timeout=240):
    def ready():
        body = requests.get('%s/clusters/%s' % (url, cluster_id),
                            timeout=10).json()['cluster']
        return body if body['task']['name'] == 'NONE' else None
    return helpers.wait_until(ready, timeout, 'cluster %s' % cluster_id)


def _rows(ip, password):
    with pymysql.connect(host=ip, user='root', password=password,
                         connect_timeout=10) as conn, conn.cursor() as cur:
        cur.execute('SELECT id FROM shop.orders ORDER BY id')
        return [r[0] for r in cur.fetchall()]


def _row(browser, table, name):
    for row in browser.find_element(By.ID, table).find_elements(
            By.CSS_SELECTOR, 'tbody tr'):
        heads = row.find_elements(By.CSS_SELECTOR, 'th')
        if heads and heads[0].text == name:
            return row
    return None


def test_a_cluster_with_rows(gt_server):
    url = _api(gt_server)
    resp = requests.post(url + '/clusters', json={'cluster': {
        'name': 'shop', 'datastore': {'type': 'mariadb', 'version': '10.11'},
        'instances': [{'flavorRef': '1', 'volume': {'size': 1}}]}},
        timeout=30)
    assert resp.ok, resp.text
    cluster = _wait_cluster(url, resp.json()['cluster']['id'])
    password = requests.post('%s/clusters/%s/root' % (url, cluster['id']),
                             timeout=60).json()['user']['password']
    with pymysql.connect(host=cluster['ip'][0], user='root',
                         password=password, autocommit=True) as conn:
        with conn.cursor() as cur:
            cur.execute('CREATE DATABASE shop')
            cur.execute('CREATE TABLE shop.orders (id INT PRIMARY KEY)')
            cur.execute('INSERT INTO shop.orders VALUES (1), (2), (3)')
    state.update(cluster=cluster, password=password)


def test_create_a_backup_and_see_it_complete(gt_server, browser,
                                             screenshot):
    browser.get(gt_server.url + '/dashboard/#/backups')
    pages.wait_for(lambda: 'No backups to display.' in browser.find_element(
        By.ID, 'backups-table').text, 30, 'the empty backups table')
    assert browser.find_element(By.TAG_NAME, 'h1').text == 'Backups'
    pages.button(browser, '+ Create Backup').click()
    modal = pages.dialog(browser, 'Create Backup')
    assert pages.control(modal, 'Cluster').get_attribute('value') == \
        state['cluster']['id']
    pages.type_into(pages.control(modal, 'Backup Name'), 'nightly-1')
    pages.button(modal, 'Create Backup').click()
    pages.no_dialog(browser)

    def finished():
        row = _row(browser, 'backups-table', 'nightly-1')
        return row if row is not None and row.get_attribute(
            'data-status') in ('COMPLETED', 'FAILED') else None
    row = pages.wait_for(finished, 300, 'the backup to finish', interval=1)
    cells = [c.text for c in row.find_elements(By.CSS_SELECTOR, 'td')]
    assert cells[0] == 'shop' and cells[1] == 'COMPLETED'
    assert cells[2].endswith('MB') or cells[2].endswith('KB')
    state['backup'] = row.get_attribute('data-backup-id')
    screenshot('backups-01-completed')


def test_a_schedule_is_checked_and_listed(browser, screenshot):
    pages.button(browser, '+ Create Schedule').click()
    modal = pages.dialog(browser, 'Create Schedule')
    pages.type_into(pages.control(modal, 'Schedule Name'), 'hourly')
    pattern = pages.control(modal, 'Cron Pattern (UTC)')
    pages.type_into(pattern, '61 * * * *')
    pages.type_into(pages.control(modal, 'Full Backups Kept'), '3')
    pages.button(modal, 'Create Schedule').click()
    alert = pages.wait_for(lambda: [a for a in modal.find_elements(
        By.CSS_SELECTOR, '.alert-danger') if a.is_displayed()], 20,
        'the refusal')
    assert 'not a valid cron pattern' in alert[0].text
    pages.type_into(pattern, '0 * * * *')
    pages.button(modal, 'Create Schedule').click()
    pages.no_dialog(browser)
    row = pages.wait_for(lambda: _row(browser, 'schedules-table', 'hourly'),
                         20, 'the schedule row')
    cells = [c.text for c in row.find_elements(By.CSS_SELECTOR, 'td')]
    assert cells[:4] == ['shop', '0 * * * *', 'Full', '3 full']
    assert cells[4].endswith(':00:00 UTC')
    screenshot('backups-02-schedule')


def test_restore_into_a_new_cluster(gt_server, browser, screenshot):
    row = _row(browser, 'backups-table', 'nightly-1')
    pages.button(row, 'Restore').click()
    modal = pages.dialog(browser, 'Restore Backup')
    assert '"nightly-1"' in modal.text
    assert not pages.control(modal, 'Datastore').is_enabled()
    pages.type_into(pages.control(modal, 'Cluster Name'), 'shop-restored')
    pages.type_into(pages.control(modal, 'Number of Instances'), '1')
    screenshot('backups-03-restore-form')
    pages.button(modal, 'Launch').click()
    pages.no_dialog(browser)
    url = _api(gt_server)
    found = pages.wait_for(lambda: [c for c in requests.get(
        url + '/clusters', timeout=10).json()['clusters']
        if c['name'] == 'shop-restored'], 20, 'the restored cluster')
    restored = _wait_cluster(url, found[0]['id'], timeout=300)
    password = requests.post('%s/clusters/%s/root' % (url, restored['id']),
                             timeout=60).json()['user']['password']
    assert _rows(restored['ip'][0], password) == [1, 2, 3]


def test_delete_the_schedule_and_the_backup(browser, screenshot):
    pages.button(_row(browser, 'schedules-table', 'hourly'),
                 'Delete').click()
    modal = pages.dialog(browser, 'Confirm Delete Schedule')
    pages.button(modal, 'Delete Schedule').click()
    pages.no_dialog(browser)
    pages.wait_for(lambda: 'No schedules to display.' in
                   browser.find_element(By.ID, 'schedules-table').text,
                   20, 'the schedule to go')
    pages.button(_row(browser, 'backups-table', 'nightly-1'),
                 'Delete').click()
    modal = pages.dialog(browser, 'Confirm Delete Backup')
    pages.button(modal, 'Delete Backup').click()
    pages.no_dialog(browser)
    pages.wait_for(lambda: 'No backups to display.' in browser.find_element(
        By.ID, 'backups-table').text, 30, 'the backup to go')
    screenshot('backups-04-deleted')


def test_no_script_errors(browser):
    assert pages.script_errors(browser) == []
