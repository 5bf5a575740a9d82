"""The panel's TLS parts in a real browser: the Launch form's checkbox and
the cluster page's "Download CA" link, which saves the cluster CA's PEM.
"""

import os

import pytest
import requests
from selenium.webdriver.common.by import By

from tests.functional.dashboard import pages

pytestmark = pytest.mark.timeout(600)

NAME = 'secure-db'
state = {}


def test_launch_with_tls_checked(gt_server, browser):
    browser.get(gt_server.url + '/dashboard')
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 20, 'the empty clusters table')
    pages.button(browser, 'Launch Cluster').click()
    modal = pages.dialog(browser, 'Launch Cluster')
    pages.type_into(pages.control(modal, 'Cluster Name'), NAME)
    tls = pages.control(modal, 'TLS Everywhere')
    assert tls.get_attribute('type') == 'checkbox' and not tls.is_selected()
    tls.click()
    pages.button(modal, 'Launch').click()
    pages.no_dialog(browser)
    pages.wait_row(browser, NAME, task='None', health='Healthy',
                   timeout=240)
    clusters = requests.get(gt_server.url + '/v1.0/demo/clusters',
                            timeout=10).json()['clusters']
    cluster, = [c for c in clusters if c['name'] == NAME]
    assert cluster['tls'] is True
    state['id'] = cluster['id']


def test_download_ca_saves_the_clusters_ca(
        gt_server, browser, tmp_path_factory, screenshot):
    downloads = tmp_path_factory.mktemp('downloads')
    browser.execute_cdp_cmd('Page.setDownloadBehavior', {
        'behavior': 'allow', 'downloadPath': str(downloads)})
    pages.cluster_row(browser, NAME).find_element(By.LINK_TEXT,
                                                  NAME).click()
    overview = pages.wait_for(lambda: browser.find_element(
        By.ID, 'panel-overview'), 10, 'the overview')
    pages.wait_for(lambda: 'Download CA' in overview.text, 20,
                   'the TLS row')
    assert '--ssl-ca=ca.pem --ssl-verify-server-cert' in overview.text
    screenshot('tls-cluster-detail')
    browser.find_element(By.ID, 'download-ca').click()
    saved = os.path.join(str(downloads), 'ca.pem')
    pages.wait_for(lambda: os.path.exists(saved) and os.path.getsize(saved),
                   20, 'ca.pem downloaded')
    expected = requests.get(
        gt_server.url + '/v1.0/demo/clusters/%s/ca' % state['id'],
        timeout=10).json()['ca_certificate']
    with open(saved) as f:
        assert f.read() == expected


def test_delete_and_no_script_errors(gt_server, browser):
    requests.delete(gt_server.url + '/v1.0/demo/clusters/%s' % state['id'],
                    timeout=10)
    browser.find_element(By.LINK_TEXT, 'Clusters').click()
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 120, 'the cluster to be gone',
        interval=0.5)
    assert pages.script_errors(browser) == []
