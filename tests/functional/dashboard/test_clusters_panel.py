"""The Database Clusters panel in a real browser against galeratrove-all.

The tests run in file order on one server and one cluster: the panel
opens, a launch with too few instances is refused at its field, a 3-node
cluster is launched and turns Healthy, the detail page shows it, a grow
below the smallest volume is refused, it grows by one, shrinks by one,
grows by an arbitrator (shown with its type) and shrinks it away,
restarts node by node (an upgrade with no newer version is refused at
its field), root is enabled (and the password works), a configuration
group is attached and detached, and it is deleted. Screenshots of each
stage go to test-output/screenshots/.
"""

import json
import time

import pymysql
import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.functional.dashboard import pages

pytestmark = pytest.mark.timeout(600)

NAME = 'orders-db'
VOLUME = 2
state = {}


def test_panel_opens_on_the_default_project(gt_server, browser, screenshot):
    browser.get(gt_server.url + '/dashboard')
    assert browser.current_url.startswith(gt_server.url + '/dashboard/')
    project = pages.wait_for(lambda: pages.control(browser, 'Project'),
                             20, 'the project field')
    assert project.get_attribute('value') == 'demo'
    browser.execute_script('performance.setResourceTimingBufferSize(5000)')
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 20, 'the empty clusters table')
    assert browser.find_element(By.TAG_NAME, 'h1').text == 'Clusters'
    screenshot('01-empty-clusters-table')


def _member(name, status='ACTIVE', **extra):
    return dict({'id': name, 'name': name, 'status': status,
                 'flavor': {'id': '1'}, 'volume': {'size': 2}}, **extra)


def _galera(state='Synced', status='Primary', size=3, **extra):
    return dict({'running': True, 'wsrep_ready': 'ON',
                 'wsrep_cluster_status': status,
                 'wsrep_local_state_comment': state,
                 'wsrep_cluster_size': size}, **extra)


def _case(task='NONE', members=None, galera=None, settling=False):
    if members is None:
        members = [_member('n1'), _member('n2'), _member('n3')]
    if galera is None:
        galera = {m['id']: _galera() for m in members}
    details = None if galera == 'none' else {
        mid: {'id': mid, 'galera': g} for mid, g in galera.items()}
    return {'cluster': {'id': 'c', 'name': 'c', 'task': {'name': task},
                        'instances': members},
            'details': details, 'settling': settling}


HEALTH_CASES = [
    (_case(), 'healthy', 'Healthy'),
    (_case(task='BUILDING', members=[_member('n1', 'BUILD')]),
     'building', 'Building'),
    (_case(task='GROWING_CLUSTER'), 'building', 'Growing'),
    (_case(task='SHRINKING_CLUSTER'), 'building', 'Shrinking'),
    (_case(task='DELETING'), 'deleting', 'Deleting'),
    (_case(members=[_member('n1'), _member('n2', 'ERROR', fault={
        'message': 'disk full'})]), 'error', 'Error'),
    (_case(members=[_member('n1'), _member('n2', 'SHUTDOWN')]),
     'degraded', 'Degraded'),
    (_case(galera={'n1': _galera(), 'n2': _galera('Donor/Desynced'),
                   'n3': _galera()}), 'degraded', 'Degraded'),
    (_case(galera={'n1': _galera(status='non-Primary', size=1),
                   'n2': _galera(), 'n3': _galera()}),
     'degraded', 'Degraded'),
    (_case(galera={'n1': _galera(size=2), 'n2': _galera(size=2),
                   'n3': _galera()}), 'degraded', 'Degraded'),
    # Right after a task the nodes' reports catch up: not an alarm yet.
    (_case(galera={'n1': _galera(size=2), 'n2': _galera(size=2),
                   'n3': _galera()}, settling=True), 'building', 'Syncing'),
    (_case(galera={'n1': _galera(), 'n2': _galera(running=False),
                   'n3': _galera()}), 'degraded', 'Degraded'),
    (_case(galera={'n1': _galera(), 'n2': _galera(wsrep_ready='OFF'),
                   'n3': _galera()}), 'degraded', 'Degraded'),
    (_case(galera={'n1': _galera(), 'n2': None, 'n3': _galera()}),
     'unknown', 'Unknown'),
    (_case(galera='none'), 'unknown', 'Checking'),
    (_case(members=[]), 'error', 'Error'),
    (_case(task='UPDATING_CLUSTER'), 'building', 'Updating'),
    # A member waiting for a restart to take a value still serves.
    (_case(members=[_member('n1'), _member('n2', 'RESTART_REQUIRED'),
                    _member('n3')]), 'healthy', 'Healthy'),
]


def test_health_verdicts(browser):
    """The badge logic (static/js/model.js) on made-up clusters."""
    results = browser.execute_async_script(
        """const [cases, done] = arguments;
        import(new URL('static/js/model.js', location.href).href)
          .then((m) => done(cases.map((c) => m.clusterHealth(
            c.cluster, c.details, c.settling))))
          .catch((e) => done(String(e)));""",
        [case for case, _state, _label in HEALTH_CASES])
    assert isinstance(results, list), results
    for (case, state, label), got in zip(HEALTH_CASES, results):
        assert (got['state'], got['label']) == (state, label), (case, got)
        assert got['reason']
    assert 'disk full' in results[5]['reason']
    assert 'n2 sees 2 of 3 nodes' in results[9]['reason']


def test_launch_refused_with_the_api_message_at_the_field(
        browser, screenshot):
    pages.button(browser, 'Launch Cluster').click()
    modal = pages.dialog(browser, 'Launch Cluster')
    pages.type_into(pages.control(modal, 'Cluster Name'), NAME)
    assert pages.control(modal, 'Datastore').get_attribute(
        'value') == '["mariadb","10.11"]'
    pages.type_into(pages.control(modal, 'Volume Size (GB)'), str(VOLUME))
    count = pages.control(modal, 'Number of Instances')
    assert count.get_attribute('value') == '3'
    pages.type_into(count, '2')
    pages.button(modal, 'Launch').click()
    message = pages.wait_for(lambda: pages.error_of(browser, count), 20,
                             'the error at Number of Instances')
    assert message == 'A mariadb cluster needs at least 3 instances; ' \
                      '2 given.'
    # The other fields are fine and the dialog stays open.
    assert pages.error_of(browser,
                          pages.control(modal, 'Cluster Name')) == ''
    screenshot('02-launch-validation-error')


def test_launch_three_nodes_and_watch_them_become_healthy(
        browser, screenshot):
    modal = pages.dialog(browser, 'Launch Cluster')
    pages.type_into(pages.control(modal, 'Number of Instances'), '3')
    pages.button(modal, 'Launch').click()
    pages.no_dialog(browser)
    building = pages.wait_row(browser, NAME, task='Building', timeout=30)
    assert building['Health'].startswith('Building')
    screenshot('03-cluster-building')
    row = pages.wait_row(browser, NAME, task='None', health='Healthy',
                         timeout=180)
    assert row['Datastore'] == 'mariadb 10.11'
    assert row['Size'] == '3 nodes \u00b7 m1.tiny'
    ips = row['IP Addresses'].split()
    assert len(ips) == 3 and all(ip.startswith('127.') for ip in ips)
    state['ips'] = ips
    screenshot('04-clusters-table-healthy')
    # The same, cropped to the table: the picture for the README.
    screenshot('clusters-table', height=420)


def test_switching_project(browser):
    project = pages.control(browser, 'Project')
    pages.type_into(project, 'elsewhere')
    pages.button(browser, 'Switch').click()
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 20, 'the other project\'s table')
    assert 'project=elsewhere' in browser.current_url
    project = pages.control(browser, 'Project')
    pages.type_into(project, 'demo')
    pages.button(browser, 'Switch').click()
    pages.wait_row(browser, NAME, health='Healthy', timeout=20)


def _cluster_requests(browser):
    return browser.execute_script(
        "return performance.getEntriesByType('resource').filter("
        "e => e.name.includes('/clusters')).length;")


def test_polling_stops_when_no_task_runs(browser):
    before = _cluster_requests(browser)
    time.sleep(6)
    assert _cluster_requests(browser) == before


def test_detail_shows_addresses_and_galera_state(browser, screenshot):
    pages.cluster_row(browser, NAME).find_element(By.LINK_TEXT,
                                                  NAME).click()
    overview = pages.wait_for(lambda: browser.find_element(
        By.ID, 'panel-overview'), 10, 'the overview')
    pages.wait_for(lambda: 'Connection' in overview.text, 20,
                   'the overview to load')
    text = overview.text
    for ip in state['ips']:
        assert ip in text
    assert 'mysql -h %s -u root -p' % state['ips'][0] in text
    assert 'No tasks for the cluster.' in text
    screenshot('05-cluster-detail-overview')
    pages.button(browser, 'Instances').click()
    table = browser.find_element(By.ID, 'instances-table')
    rows = table.find_elements(By.CSS_SELECTOR, 'tbody tr')
    assert len(rows) == 3
    for row in rows:
        cell = pages.cells(row)
        assert cell['Status'] == 'ACTIVE'
        assert cell['Galera State'].startswith('Synced \u00b7 Primary '
                                               '\u00b7 3 nodes')
        assert cell['Volume'].startswith('%d GB' % VOLUME)
        assert cell['Flavor'] == 'm1.tiny'
    screenshot('06-cluster-detail-instances')
    browser.find_element(By.LINK_TEXT, 'Clusters').click()
    pages.wait_row(browser, NAME, health='Healthy', timeout=20)


def test_grow_refuses_a_volume_below_the_smallest(browser, screenshot):
    pages.row_action(browser, NAME, 'Grow Cluster')
    modal = pages.dialog(browser, 'Grow Cluster')
    first = pages.fieldset(modal, 'New Instance 1')
    volume = pages.control(first, 'Volume Size (GB)')
    assert volume.get_attribute('value') == str(VOLUME)
    pages.type_into(volume, '1')
    # Checked as it is typed...
    assert pages.wait_for(lambda: pages.error_of(browser, volume), 5,
                          'the client-side hint') == (
        'Must be at least 2 GB, the smallest volume in the cluster.')
    # ...and the API, which has the last word, says why at the same place.
    pages.button(modal, 'Grow Cluster').click()
    api_message = ('A new instance needs a volume of at least 2 GB, the '
                   'smallest volume in the cluster; 1 GB given.')
    pages.wait_for(lambda: pages.error_of(browser, volume) == api_message,
                   20, 'the API message at the volume field')
    assert pages.dialog(browser, 'Grow Cluster')
    screenshot('07-grow-validation-error')
    pages.type_into(volume, str(VOLUME))
    assert pages.error_of(browser, volume) == ''


def _settled(browser, nodes, timeout=120):
    """The cluster's row once its task is None, Healthy at ``nodes``."""
    row = pages.wait_row(browser, NAME, task='None', health='Healthy',
                         timeout=timeout)
    assert row['Size'] == '%d nodes \u00b7 m1.tiny' % nodes
    return row


def test_grow_by_one(browser, screenshot):
    modal = pages.dialog(browser, 'Grow Cluster')
    pages.button(modal, 'Grow Cluster').click()
    pages.no_dialog(browser)
    row = pages.wait_row(browser, NAME, task='Growing Cluster', timeout=30)
    assert row['Health'].startswith('Growing')
    screenshot('08-cluster-growing')
    row = _settled(browser, 4)
    assert len(row['IP Addresses'].split()) == 4
    screenshot('09-cluster-grown')


def test_shrink_by_one(browser, screenshot):
    pages.row_action(browser, NAME, 'Shrink Cluster')
    modal = pages.dialog(browser, 'Shrink Cluster')
    group = pages.fieldset(modal, 'Instances to Remove')
    boxes = group.find_elements(By.CSS_SELECTOR, 'input[type=checkbox]')
    assert len(boxes) == 4
    for box in boxes:
        box.click()
    assert pages.group_error(browser, group) == \
        'A cluster must keep at least 1 instance.'
    for box in boxes[:3]:
        box.click()
    assert pages.group_error(browser, group) == ''
    removed = boxes[3].accessible_name
    assert removed.startswith('%s-4' % NAME)
    screenshot('10-shrink-dialog')
    pages.button(modal, 'Shrink Cluster').click()
    pages.no_dialog(browser)
    pages.wait_row(browser, NAME, task='Shrinking Cluster', timeout=30)
    _settled(browser, 3)
    screenshot('11-cluster-shrunk')


def _instance_cells(browser):
    pages.cluster_row(browser, NAME).find_element(By.LINK_TEXT,
                                                  NAME).click()
    pages.wait_for(lambda: browser.find_element(By.ID, 'panel-overview'),
                   10, 'the overview')
    pages.button(browser, 'Instances').click()

    def loaded():
        table = browser.find_element(By.ID, 'instances-table')
        cells = [pages.cells(row) for row in table.find_elements(
            By.CSS_SELECTOR, 'tbody tr')]
        return cells if cells and all(
            c.get('Galera State', 'Unknown') != 'Unknown'
            for c in cells) else None
    return pages.wait_for(loaded, 20, 'the instances table')


def test_grow_an_arbitrator_then_shrink_it(browser, screenshot):
    pages.row_action(browser, NAME, 'Grow Cluster')
    modal = pages.dialog(browser, 'Grow Cluster')
    first = pages.fieldset(modal, 'New Instance 1')
    Select(pages.control(first, 'Type')).select_by_value('arbitrator')
    assert not pages.control(first, 'Volume Size (GB)').is_enabled()
    screenshot('11c-grow-arbitrator')
    pages.button(modal, 'Grow Cluster').click()
    pages.no_dialog(browser)
    row = _settled(browser, 4)
    # Clients connect to the data nodes only.
    assert len(row['IP Addresses'].split()) == 3
    cells = _instance_cells(browser)
    assert sorted(c['Type'] for c in cells) == [
        'Arbitrator'] + ['Data node'] * 3
    found, = [c for c in cells if c['Type'] == 'Arbitrator']
    assert found['Galera State'].startswith('Arbitrator running')
    assert found['Volume'] == 'None (arbitrator)'
    arbitrator = found['Name']
    screenshot('11d-arbitrator-detail')
    browser.find_element(By.LINK_TEXT, 'Clusters').click()
    pages.row_action(browser, NAME, 'Shrink Cluster')
    modal = pages.dialog(browser, 'Shrink Cluster')
    group = pages.fieldset(modal, 'Instances to Remove')
    box, = [b for b in group.find_elements(
        By.CSS_SELECTOR, 'input[type=checkbox]')
        if b.accessible_name.startswith(arbitrator)]
    box.click()
    pages.button(modal, 'Shrink Cluster').click()
    pages.no_dialog(browser)
    _settled(browser, 3)


def test_rolling_restart_from_the_menu(browser, screenshot):
    # No newer version is registered: the upgrade says so at its field.
    pages.row_action(browser, NAME, 'Upgrade Cluster')
    modal = pages.dialog(browser, 'Upgrade Cluster')
    pages.button(modal, 'Upgrade Cluster').click()
    assert pages.error_of(browser, pages.control(
        modal, 'Datastore Version')) == 'No newer version is registered.'
    pages.button(modal, 'Cancel').click()
    pages.no_dialog(browser)
    pages.row_action(browser, NAME, 'Restart Cluster')
    modal = pages.dialog(browser, 'Restart Cluster')
    assert 'one at a time' in modal.text
    pages.button(modal, 'Restart Cluster').click()
    pages.no_dialog(browser)
    row = pages.wait_row(browser, NAME, task='Rolling Restart', timeout=30)
    assert row['Health'].startswith('Restarting')
    screenshot('11b-rolling-restart')
    _settled(browser, 3, timeout=180)


def test_replace_an_instance_from_the_menu(browser, screenshot):
    before = {c['Name'] for c in _instance_cells(browser)}
    browser.find_element(By.LINK_TEXT, 'Clusters').click()
    pages.row_action(browser, NAME, 'Replace Instance')
    modal = pages.dialog(browser, 'Replace Instance')
    choice = Select(pages.control(modal, 'Instance to Replace'))
    old = sorted(before)[-1]
    choice.select_by_visible_text('%s (ACTIVE)' % old)
    screenshot('11e-replace-instance')
    pages.button(modal, 'Replace Instance').click()
    pages.no_dialog(browser)
    row = _settled(browser, 3, timeout=180)
    state['ips'] = row['IP Addresses'].split()
    cells = _instance_cells(browser)
    after = {c['Name'] for c in cells}
    assert old not in after and len(after - before) == 1, (before, after)
    assert all(c['Status'] == 'ACTIVE' and
               c['Galera State'].startswith('Synced') for c in cells), cells
    browser.find_element(By.LINK_TEXT, 'Clusters').click()


def test_enable_root_shows_the_password_once(browser, screenshot):
    pages.row_action(browser, NAME, 'Enable Root')
    modal = pages.dialog(browser, 'Enable Root')
    pages.button(modal, 'Enable Root').click()
    modal = pages.dialog(browser, 'Root Password', timeout=60)
    password = pages.control(modal, 'Root Password').get_attribute('value')
    assert len(password) >= 8
    assert pages.control(modal, 'User Name').get_attribute(
        'value') == 'root'
    assert 'mysql -h %s -u root -p' % state['ips'][0] in modal.text
    screenshot('12-root-password')
    state['password'] = password
    conn = pymysql.connect(host=state['ips'][0], user='root',
                           password=password, connect_timeout=10)
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW STATUS LIKE 'wsrep_cluster_size'")
            assert cur.fetchone()[1] == '3'
    finally:
        conn.close()
    pages.button(modal, 'Close').click()
    pages.no_dialog(browser)
    assert password not in browser.page_source


def _max_connections():
    found = set()
    for ip in state['ips'][:3]:
        with pymysql.connect(host=ip, user='root', password=state['password'],
                             connect_timeout=10) as conn:
            with conn.cursor() as cur:
                cur.execute("SHOW GLOBAL VARIABLES LIKE 'max_connections'")
                found.add(cur.fetchone()[1])
    return found


def test_attach_and_detach_a_configuration_group(gt_server, browser,
                                                 screenshot):
    resp = requests.post(
        gt_server.url + '/v1.0/demo/configurations', timeout=10,
        data=json.dumps({'configuration': {
            'name': 'busy-shop', 'values': {'max_connections': 432},
            'datastore': {'type': 'mariadb', 'version': '10.11'}}}),
        headers={'Content-Type': 'application/json'})
    assert resp.status_code == 200, resp.text
    pages.row_action(browser, NAME, 'Attach Configuration Group')
    modal = pages.dialog(browser, 'Attach Configuration Group')
    assert 'busy-shop' in pages.control(modal, 'Configuration Group').text
    screenshot('13a-attach-configuration')
    pages.button(modal, 'Attach Configuration Group').click()
    pages.no_dialog(browser)
    pages.wait_for(lambda: _max_connections() == {'432'}, 60,
                   'max_connections 432 on every node', interval=0.5)
    pages.wait_row(browser, NAME, task='None', health='Healthy',
                   timeout=120)
    pages.row_action(browser, NAME, 'Detach Configuration Group')
    modal = pages.dialog(browser, 'Detach Configuration Group')
    pages.button(modal, 'Detach Configuration Group').click()
    pages.no_dialog(browser)
    pages.wait_for(lambda: _max_connections() == {'151'}, 60,
                   'max_connections back to 151', interval=0.5)
    pages.wait_row(browser, NAME, task='None', health='Healthy',
                   timeout=120)


def test_delete(browser, screenshot):
    pages.row_action(browser, NAME, 'Delete Cluster')
    modal = pages.dialog(browser, 'Confirm Delete Cluster')
    assert '"%s"' % NAME in modal.text
    screenshot('13-delete-confirm')
    pages.button(modal, 'Delete Cluster').click()
    pages.no_dialog(browser)
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 120, 'the cluster to be gone',
        interval=0.5)
    screenshot('14-cluster-deleted')


def test_no_script_errors(browser):
    """Nothing broke in the page (CSP included) during the whole run."""
    assert pages.script_errors(browser) == []
