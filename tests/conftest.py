"""Fixtures shared by every test: config isolation, databases, the API."""

import os
import shutil
import uuid

from futurist import _thread as futurist_thread
import pytest
import sqlalchemy as sa

from galeratrove import backup
from galeratrove.common import policy
from galeratrove.common import rpc
from galeratrove import compute
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import migration

MARIADB_URL = os.environ.get('GT_TEST_MARIADB',
                             'mysql+pymysql://root@127.0.0.1:3306')
# Parse an empty command line once: oslo.policy and friends need it.
CONF([], project='galeratrove', default_config_files=[])

# oslo.messaging's threading executor is futurist's pool, whose idle
# workers look for a stop once a second: each in-process RPC server's
# wait() took a second, a third of the unit tests' time.
futurist_thread.ThreadWorker.MAX_IDLE_FOR = 0.05

POSTGRES_URL = os.environ.get('GT_TEST_POSTGRES',
                              'postgresql+psycopg2://postgres@127.0.0.1:5432')


class ConfOverrides:
    """set_override with automatic clean-up at the end of the test."""

    def __init__(self):
        self._set = []

    def __call__(self, name, value, group=None):
        CONF.set_override(name, value, group=group)
        self._set.append((name, group))

    def clear(self):
        for name, group in reversed(self._set):
            CONF.clear_override(name, group=group)
        self._set = []


@pytest.fixture(autouse=True)
def conf(tmp_path):
    """Every test starts from defaults, with its own state path."""
    overrides = ConfOverrides()
    overrides('state_path', str(tmp_path / 'state'))
    overrides('transport_url', rpc.IN_PROCESS_URL)
    yield overrides
    overrides.clear()
    policy.reset()
    compute.reset()
    backup.reset()
    rpc.cleanup()


def _server_database(kind):
    """A fresh, empty database on the real server, dropped afterwards."""
    name = 'gt_test_%s' % uuid.uuid4().hex[:12]
    if kind == 'mariadb':
        admin = sa.create_engine(MARIADB_URL + '/',
                                 isolation_level='AUTOCOMMIT')
        url = '%s/%s?charset=utf8mb4' % (MARIADB_URL, name)
        create = 'CREATE DATABASE %s CHARACTER SET utf8mb4' % name
    else:
        admin = sa.create_engine(POSTGRES_URL + '/postgres',
                                 isolation_level='AUTOCOMMIT')
        url = '%s/%s' % (POSTGRES_URL, name)
        create = 'CREATE DATABASE %s' % name
    with admin.connect() as conn:
        conn.execute(sa.text(create))
    return admin, name, url


@pytest.fixture(params=['sqlite', 'mariadb', 'postgresql'])
def database(request, tmp_path):
    """The DB API bound to a migrated database of each supported kind."""
    if request.param == 'sqlite':
        url = 'sqlite:///%s' % (tmp_path / 'gt.sqlite')
        admin = None
    else:
        admin, name, url = _server_database(request.param)
    db_api.configure(url)
    migration.upgrade()
    yield request.param
    db_api.get_engine().dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(sa.text('DROP DATABASE %s' % name))
        admin.dispose()


@pytest.fixture(scope='session')
def _migrated_sqlite(tmp_path_factory):
    """One migrated SQLite file, copied for each test that needs one."""
    path = tmp_path_factory.mktemp('template') / 'gt.sqlite'
    db_api.configure('sqlite:///%s' % path)
    migration.upgrade()
    db_api.get_engine().dispose()
    return path


@pytest.fixture
def sqlite_db(tmp_path, _migrated_sqlite):
    path = tmp_path / 'gt.sqlite'
    shutil.copy(_migrated_sqlite, path)
    db_api.configure('sqlite:///%s' % path)
    yield
    db_api.get_engine().dispose()
