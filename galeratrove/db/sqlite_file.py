"""The embedded SQLite database file is the service's: no one else's.

It holds every cluster's record, so it is created 0600 rather than with
the umask, before SQLAlchemy opens it.
"""

import os

import sqlalchemy as sa


def make_private(url):
    """Create the SQLite file 0600 before SQLite does (with the umask).

    Its -wal and -shm files take the database file's mode. An existing
    file loses any access for others; a group the operator gave it
    (0640 for services sharing one) is kept.
    """
    path = sa.engine.make_url(url).database
    if not path or path == ':memory:' or path.startswith('file:'):
        return
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        return  # SQLite reports that itself
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for name in (path, path + '-wal', path + '-shm'):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            continue
        if st.st_mode & 0o007 and st.st_uid == os.geteuid():
            os.chmod(name, st.st_mode & 0o770)
