"""Signing in to the panel with a real Keystone (auth_strategy = keystone).

Keystone comes from tests/functional/keystone_fixture.py; galeratrove-all
runs keystonemiddleware's auth_token against it. The browser signs in
through the form; the token lives in an HttpOnly, SameSite=Strict cookie
that page scripts cannot read; the panel works on the token's project;
signing out revokes the token.
"""

import shutil

import pytest
import requests
from selenium.webdriver.common.by import By

from tests.functional.dashboard import pages
from tests.functional.dashboard import server as gt
from tests.functional import helpers
from tests.functional import keystone_fixture

pytestmark = pytest.mark.timeout(300)

PASSWORD = 'dash-Secret-1'
COOKIE = 'galeratrove_dashboard_token'
state = {}


@pytest.fixture(scope='module')
def stack():
    root = helpers.make_root('dashboard-keystone')
    keystone = keystone_fixture.Keystone(root)
    try:
        keystone.start()
        keystone.role('service')
        keystone.user('galeratrove', PASSWORD, 'service', roles=('service',))
        keystone.user('alice', PASSWORD, 'demo')
        authtoken = keystone.authtoken('galeratrove', PASSWORD)
        with gt.Server('keystone', 'keystone', sections={
                'keystone_authtoken': authtoken}) as server:
            yield server, keystone
    finally:
        keystone.stop()
        shutil.rmtree(root, ignore_errors=True)


def _sign_in(browser, password):
    form = browser.find_element(By.CSS_SELECTOR, 'form.login-box')
    pages.type_into(pages.control(form, 'User Name'), 'alice')
    pages.type_into(pages.control(form, 'Password'), password)
    pages.type_into(pages.control(form, 'Project'), 'demo')
    pages.button(form, 'Sign In').click()


def _token_cookie(browser):
    return next((c for c in browser.get_cookies() if c['name'] == COOKIE),
                None)


WIRING = (
    'With auth_strategy = keystone the panel needs two lines outside '
    'galeratrove/dashboard: in galeratrove/api/app.py wrap auth_token with '
    'galeratrove.dashboard.middleware.TokenCookie, and in '
    'galeratrove/api/hooks.py let ContextHook.on_route return early for '
    '/dashboard paths. Got HTTP %s for /dashboard/ (%s).')


def test_sign_in_form(stack, browser, screenshot):
    server, _keystone = stack
    page = requests.get(server.url + '/dashboard/', timeout=10)
    if page.status_code != 200:
        pytest.fail(WIRING % (page.status_code, page.text[:200]))
    browser.get(server.url + '/dashboard/')
    form = pages.wait_for(lambda: browser.find_element(
        By.CSS_SELECTOR, 'form.login-box'), 20, 'the sign-in form')
    assert form.find_element(By.TAG_NAME, 'h1').text == 'Log in'
    assert pages.control(form, 'Domain').get_attribute('value') == 'Default'
    screenshot('keystone-01-sign-in')


def test_wrong_password_is_refused(browser, screenshot):
    _sign_in(browser, 'not-the-password')
    alert = pages.wait_for(lambda: [a for a in browser.find_elements(
        By.CSS_SELECTOR, '.login-box [role=alert]') if a.is_displayed()],
        20, 'the sign-in error')[0]
    assert alert.text.startswith('Invalid credentials')
    assert _token_cookie(browser) is None
    screenshot('keystone-02-sign-in-refused')


def test_sign_in_opens_the_panel_on_the_tokens_project(stack, browser,
                                                       screenshot):
    server, keystone = stack
    _sign_in(browser, PASSWORD)
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 30, 'the clusters table')
    assert browser.find_element(By.ID, 'current-project').text == 'demo'
    assert 'alice' in browser.find_element(By.ID, 'user-bar').text
    cookie = _token_cookie(browser)
    assert cookie['httpOnly'] is True
    assert cookie['sameSite'] == 'Strict'
    assert cookie['path'] == '/'
    # Out of the page's reach: not in document.cookie, nothing stored.
    assert browser.execute_script(
        'return [document.cookie, localStorage.length, '
        'sessionStorage.length]') == ['', 0, 0]
    state['token'] = cookie['value']
    state['project_id'] = keystone.project('demo')
    screenshot('keystone-03-signed-in')


def test_the_cookie_alone_authenticates_nothing(stack):
    server, _keystone = stack
    url = '%s/v1.0/%s/clusters' % (server.url, state['project_id'])
    assert requests.get(url, cookies={COOKIE: state['token']},
                        timeout=10).status_code == 401
    assert requests.get(url, headers={'X-Auth-Token': state['token']},
                        timeout=10).status_code == 200


def test_reload_keeps_the_session(browser):
    browser.refresh()
    pages.wait_for(lambda: 'No items to display.' in browser.find_element(
        By.ID, 'clusters-table').text, 30, 'the clusters table')
    assert browser.find_element(By.ID, 'current-project').text == 'demo'


def test_sign_out_revokes_the_token(stack, browser, screenshot):
    _server, keystone = stack
    pages.button(browser, 'Sign Out').click()
    notice = pages.wait_for(lambda: browser.find_element(
        By.CSS_SELECTOR, '.login-box [role=status]'), 20, 'the sign-in form')
    assert notice.text == 'You have signed out.'
    assert _token_cookie(browser) is None
    # Keystone itself no longer knows the token (auth_token may cache it).
    check = keystone.admin.request(
        keystone.auth_url + '/auth/tokens', 'GET', raise_exc=False,
        headers={'X-Subject-Token': state['token']})
    assert check.status_code == 404
    screenshot('keystone-04-signed-out')


def test_no_script_errors(browser):
    assert pages.script_errors(browser) == []
