"""The Launch form after the panel could not load its catalog.

The panel loads flavors and datastores once, at sign-in; when that fails
(the API restarting, a proxy hiccup) it says so, and Launch asks again
instead of opening a form with nothing to choose.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.functional.dashboard import pages

pytestmark = pytest.mark.timeout(300)


def test_launch_fetches_the_catalog_again_after_a_failed_load(
        gt_server, browser):
    browser.execute_cdp_cmd('Network.enable', {})
    browser.execute_cdp_cmd('Network.setBlockedURLs',
                            {'urls': ['*/v1.0/demo/datastores*']})
    try:
        browser.get(gt_server.url + '/dashboard')
        toast = pages.wait_for(lambda: browser.find_element(
            By.CSS_SELECTOR, '#toasts .alert-danger'), 20,
            'the catalog error')
        assert 'Unable to retrieve flavors and datastores' in toast.text
    finally:
        browser.execute_cdp_cmd('Network.setBlockedURLs', {'urls': []})
    pages.button(browser, 'Launch Cluster').click()
    modal = pages.dialog(browser, 'Launch Cluster')
    datastore = Select(pages.control(modal, 'Datastore'))
    labels = [o.text for o in datastore.options]
    assert 'mariadb 10.11' in labels, labels
    assert datastore.first_selected_option.text == 'mariadb 10.11'
    flavors = [o.text for o in Select(pages.control(modal, 'Flavor')).options]
    assert flavors and all('MB RAM' in f for f in flavors), flavors
    assert pages.script_errors(browser) == []
