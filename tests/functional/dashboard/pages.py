"""Finding things on the panel the way a person (or a screen reader) does.

Controls are found by their computed accessible name, so the tests fail
when a label goes missing.
"""

from selenium.common import exceptions
from selenium.webdriver.common.by import By

from tests.functional import helpers

RETRY = (exceptions.StaleElementReferenceException,
         exceptions.NoSuchElementException)


def wait_for(check, timeout=30, what='condition', interval=0.25):
    """Call check() until it returns something truthy; return that."""
    return helpers.wait_until(check, timeout, what, interval, RETRY)


def _named(scope, css, name):
    for el in scope.find_elements(By.CSS_SELECTOR, css):
        if el.is_displayed() and el.accessible_name.strip() == name:
            return el
    return None


def control(scope, name):
    """The visible input, select or textarea labelled ``name``."""
    el = _named(scope, 'input, select, textarea', name)
    if el is None:
        raise exceptions.NoSuchElementException('no control named %r'
                                                % name)
    return el


def button(scope, name):
    el = _named(scope, 'button, [role=menuitem], [role=tab]', name)
    if el is None:
        raise exceptions.NoSuchElementException('no button named %r' % name)
    return el


def dialog(driver, title, timeout=10):
    return wait_for(lambda: _named(driver, '[role=dialog]', title),
                    timeout, 'the %r dialog' % title)


def _open_dialogs(driver):
    return [d for d in driver.find_elements(By.CSS_SELECTOR, '[role=dialog]')
            if d.is_displayed()]


def no_dialog(driver, timeout=30):
    """Wait for every dialog to close.

    A timeout quotes what they show: an API error stays in the dialog,
    and is the reason it is open.
    """
    def still_open():
        try:
            texts = [' '.join(d.text.split()) for d in _open_dialogs(driver)]
        except RETRY:
            texts = []
        return 'the dialog to close; still open: %r' % texts
    return wait_for(lambda: not _open_dialogs(driver), timeout, still_open)


def fieldset(scope, legend):
    return scope.find_element(
        By.XPATH, './/fieldset[legend[normalize-space(.)=%s]]'
        % _xpath_literal(legend))


def error_of(driver, el):
    """The error message shown at a control (via aria-describedby)."""
    if el.get_attribute('aria-invalid') != 'true':
        return ''
    for ident in (el.get_attribute('aria-describedby') or '').split():
        described = driver.find_element(By.ID, ident)
        if 'field-error' in described.get_attribute('class'):
            return described.text.strip()
    return ''


def group_error(driver, group):
    for ident in (group.get_attribute('aria-describedby') or '').split():
        return driver.find_element(By.ID, ident).text.strip()
    return ''


def type_into(el, text):
    el.clear()
    el.send_keys(text)


def _xpath_literal(text):
    if "'" not in text:
        return "'%s'" % text
    return 'concat(%s)' % ", \"'\", ".join("'%s'" % p
                                           for p in text.split("'"))


def cluster_row(driver, name):
    return driver.find_element(
        By.XPATH, "//table[@id='clusters-table']/tbody/tr[th[normalize-"
        "space(.)=%s]]" % _xpath_literal(name))


def cells(row):
    """Column header -> cell text, for one row of a table."""
    table = row.find_element(By.XPATH, './ancestor::table[1]')
    heads = [th.text.strip() for th in
             table.find_elements(By.CSS_SELECTOR, 'thead th')]
    values = [c.text.strip() for c in
              row.find_elements(By.XPATH, './th|./td')]
    return dict(zip(heads, values))


def row_state(driver, name):
    """(task, health, cells) of a cluster's row; None when absent."""
    try:
        row = cluster_row(driver, name)
        data = cells(row)
    except RETRY:
        return None
    return data['Task'], data['Health'].split(':')[0].strip(), data


def wait_row(driver, name, task=None, health=None, timeout=120,
             extra=None):
    def check():
        state = row_state(driver, name)
        if state is None:
            return None
        if task is not None and state[0] != task:
            return None
        if health is not None and state[1] != health:
            return None
        if extra is not None and not extra(state[2]):
            return None
        return state[2]
    return wait_for(check, timeout, 'cluster %s with task %s, health %s'
                    % (name, task, health), interval=0.5)


def row_action(driver, cluster, action):
    """Open a row's action: the primary button or one from its menu.

    The table fills in after the page loads, so wait for the row first.
    """
    row = wait_for(lambda: cluster_row(driver, cluster), 30,
                   'the row of cluster %s' % cluster)
    try:
        button(row, action).click()
        return
    except exceptions.NoSuchElementException:
        pass
    button(row, 'More actions for %s' % cluster).click()
    item = wait_for(lambda: button(row, action), 5, 'menu item %s' % action)
    item.click()


def script_errors(driver):
    """Console errors other than the HTTP errors the tests provoke."""
    return [e['message'] for e in driver.get_log('browser')
            if e['level'] == 'SEVERE' and
            'Failed to load resource' not in e['message']]
