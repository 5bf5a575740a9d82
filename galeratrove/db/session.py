"""Engines and transactions for the DB API: configure, read, write, retry.

On SQLite one writer runs at a time per process, readers go on (WAL), and
a write that still meets "database is locked" (another process, or a busy
wait that ran out under load) is retried, as are deadlocks on MariaDB and
PostgreSQL: each write is one transaction, so running it again is safe.
"""

import contextlib
import threading

from oslo_db import api as oslo_db_api
from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

from galeratrove.conf import CONF
from galeratrove.db import sqlite_file

# How long SQLite waits for a lock before a write fails and is retried.
SQLITE_BUSY_TIMEOUT_MS = 30000

_factory = None
_write_lock = None
_read_engine = None


@enginefacade.transaction_context_provider
class _Ctx:
    pass


def configure(connection=None):
    """(Re)bind the DB API to a database URL (default from config)."""
    global _factory, _write_lock, _read_engine
    if _read_engine is not None:
        _read_engine.dispose()
    _factory = enginefacade.transaction_context()
    url = connection or CONF.database.connection
    _factory.configure(connection=url, sqlite_fk=True, max_retries=0,
                       mysql_sql_mode='TRADITIONAL')
    _write_lock = _read_engine = None
    if url.startswith('sqlite'):
        sqlite_file.make_private(url)
        _write_lock = threading.RLock()
        engine = _factory.writer.get_engine()
        sa.event.listen(engine, 'connect', _sqlite_pragmas)
        engine.dispose()
        if sa.engine.make_url(url).database not in (None, '', ':memory:'):
            _read_engine = _sqlite_read_engine(url)
    return _factory


def _sqlite_read_engine(url):
    """Pooled read-only connections: oslo.db gives SQLite NullPool.

    A new connection per request pays its pragmas and schema load each
    time; these are kept, one per API thread at most, and refuse writes.
    """
    engine = sa.create_engine(url, poolclass=sa.pool.QueuePool,
                              pool_size=CONF.api_threads, max_overflow=-1,
                              pool_pre_ping=False)
    sa.event.listen(engine, 'connect', _sqlite_pragmas)
    sa.event.listen(engine, 'connect', _query_only)
    return engine


def _query_only(dbapi_conn, record):
    dbapi_conn.execute('PRAGMA query_only = 1')


def _sqlite_pragmas(dbapi_conn, record):
    """SQLite: wait for a lock instead of failing; WAL so reads go on."""
    cursor = dbapi_conn.cursor()
    cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
    cursor.execute('PRAGMA journal_mode = WAL')
    cursor.close()


def _tm():
    return _factory or configure()


def get_engine():
    return _tm().writer.get_engine()


def _is_locked(error):
    return 'database is locked' in str(error)


# A write transaction retried on lock and deadlock errors.
retry = oslo_db_api.wrap_db_retry(
    max_retries=10, retry_interval=0.1, inc_retry_interval=True,
    max_retry_interval=2, retry_on_deadlock=True,
    exception_checker=_is_locked)


@contextlib.contextmanager
def writer():
    """A write transaction; on SQLite, one writer at a time per process."""
    lock = _write_lock if _factory else None
    with lock or contextlib.nullcontext():
        with _tm().writer.using(_Ctx()) as session:
            yield session


def reader():
    return _tm().reader.using(_Ctx())


def read_connection():
    """A connection for read-only Core queries (the API's hot GETs)."""
    _tm()
    return (_read_engine or _factory.reader.get_engine()).connect()
