"""The embedded SQLite database is created private to the service."""

import os
import stat

from galeratrove.db import api as db_api
from galeratrove.db import sqlite_file


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_database_and_its_wal_are_0600(tmp_path):
    path = tmp_path / 'gt.sqlite'
    old = os.umask(0o022)
    try:
        db_api.configure('sqlite:///%s' % path)
        with db_api.get_engine().begin() as conn:
            conn.exec_driver_sql('CREATE TABLE t (i INTEGER)')
            conn.exec_driver_sql('INSERT INTO t VALUES (1)')
            assert mode(str(path) + '-wal') == 0o600
    finally:
        os.umask(old)
        db_api.get_engine().dispose()
    assert mode(path) == 0o600


def test_an_existing_world_readable_file_loses_others_only(tmp_path):
    path = tmp_path / 'old.sqlite'
    path.write_bytes(b'')
    os.chmod(path, 0o644)
    shared = tmp_path / 'shared.sqlite'
    shared.write_bytes(b'')
    os.chmod(shared, 0o640)
    sqlite_file.make_private('sqlite:///%s' % path)
    sqlite_file.make_private('sqlite:///%s' % shared)
    assert mode(path) == 0o640
    assert mode(shared) == 0o640


def test_memory_and_missing_directories_are_left_alone(tmp_path):
    sqlite_file.make_private('sqlite://')
    sqlite_file.make_private('sqlite:///:memory:')
    missing = tmp_path / 'nowhere' / 'gt.sqlite'
    sqlite_file.make_private('sqlite:///%s' % missing)
    assert not missing.parent.exists()
