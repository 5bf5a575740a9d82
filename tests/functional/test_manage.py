"""galeratrove-manage against a real database file and server."""

import pytest

from galeratrove import datastores
from galeratrove.db import api as db_api
from galeratrove.db import migration
from tests.functional import helpers


@pytest.mark.parametrize('kind', ['sqlite', 'postgresql'])
def test_db_sync_and_datastore_update(tmp_path, kind):
    if kind == 'sqlite':
        url = 'sqlite:///%s' % (tmp_path / 'gt.sqlite')
        cleanup = None
    else:
        from tests import conftest
        admin, name, url = conftest._server_database('postgresql')
        cleanup = (admin, name)
    conf = helpers.write_conf(tmp_path / 'gt.conf', {
        'DEFAULT': {'state_path': str(tmp_path)},
        'database': {'connection': url}})
    manage = ['galeratrove-manage', '--config-file', conf]
    try:
        head = migration.head()
        assert 'revision %s' % head in helpers.run(manage + ['db', 'sync'])
        assert helpers.run(manage + ['db', 'version']).strip() == head
        helpers.run(manage + ['datastore-update', 'mariadb', '10.6',
                              '--inactive'])
        helpers.run(manage + ['datastore-register-installed'])
        db_api.configure(url)
        old = db_api.datastore_version_get('mariadb', '10.6')
        assert old.active is False and old.manager == 'mariadb'
        installed, active = datastores.installed_version('mariadb')
        assert active is True
        current = db_api.datastore_version_get('mariadb', installed)
        assert current.active is True
        assert db_api.datastore_get('mariadb').default_version_id == \
            current.id
        pxc = db_api.datastore_get('pxc').versions
        assert [v.active for v in pxc] == [False]
        db_api.get_engine().dispose()
    finally:
        if cleanup:
            admin, name = cleanup
            import sqlalchemy as sa
            with admin.connect() as conn:
                conn.execute(sa.text('DROP DATABASE %s' % name))
            admin.dispose()


def test_manage_without_a_command_explains_itself(tmp_path):
    import subprocess
    result = subprocess.run(
        [helpers.BIN + '/galeratrove-manage', '--config-file',
         helpers.write_conf(tmp_path / 'gt.conf', {
             'DEFAULT': {'state_path': str(tmp_path)}})],
        capture_output=True, text=True)
    assert result.returncode != 0
    assert 'usage' in (result.stdout + result.stderr).lower()
    assert 'Traceback' not in result.stderr
