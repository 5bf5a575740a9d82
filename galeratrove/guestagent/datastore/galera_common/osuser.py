"""The OS user a node's server runs as when the agent is root.

One system user per node: its server (and whatever a tenant makes it do)
can then reach only its own node's tree, not another node's files nor the
service's. The name comes from the node's base directory, which is fixed
for the node's life, so an agent restarted later finds the same user.
"""

import hashlib
import os
import pwd
import stat
import subprocess
import threading

from galeratrove.common import utils
from galeratrove.guestagent.datastore.galera_common import errors

PREFIX = 'gtdb-'
# useradd and userdel share /etc/passwd's lock; one caller at a time here,
# and a wait when another program holds it.
_LOCK = threading.Lock()
LOCK_TIMEOUT = 60
_BUSY_HINT = 'try again later'
_NO_SUCH_USER = 6  # userdel: the user does not exist
_IN_USE = 9  # useradd: the name exists already (another agent made it)


def name_for(base_dir):
    """The user name of the node living in ``base_dir`` (21 chars)."""
    digest = hashlib.sha256(base_dir.encode('utf-8')).hexdigest()
    return PREFIX + digest[:16]


def lookup(name):
    """(uid, gid) of ``name``, or None if there is no such user."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _run(cmd, what, ok=(0,)):
    """Run a shadow tool, waiting while another one holds the lock."""
    def attempt():
        done = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=LOCK_TIMEOUT, stdin=subprocess.DEVNULL)
        if done.returncode in ok:
            return done
        if _BUSY_HINT in done.stderr:
            return None
        raise errors.NodeError('%s failed (%s exited %d): %s' % (
            what, cmd[0], done.returncode, done.stderr.strip()))
    with _LOCK:
        try:
            return utils.wait_for(attempt, LOCK_TIMEOUT, what=what)
        except TimeoutError:
            raise errors.NodeError('%s: /etc/passwd stayed locked for %ss'
                                   % (what, LOCK_TIMEOUT))


def ensure(name, comment):
    """Create the system user and its group unless they exist; (uid, gid).

    No home and no login shell: it only runs the database server.
    """
    owner = lookup(name)
    if owner:
        return owner
    comment = ''.join(c for c in comment if c not in ':,\n') or name
    _run(['useradd', '--system', '--no-create-home', '--user-group',
          '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin',
          '--comment', comment, name], 'creating user %s' % name,
         ok=(0, _IN_USE))
    owner = lookup(name)
    if not owner:
        raise errors.NodeError('user %s was not created' % name)
    return owner


def remove(name):
    """Delete the user and its group; nothing to do if it is gone."""
    if lookup(name) is None:
        return
    # Two deletes of one node may race (a cancelled build cleans up while
    # the delete runs): a user already gone is success.
    _run(['userdel', name], 'removing user %s' % name,
         ok=(0, _NO_SUCH_USER))


def check_traversable(path, user=None):
    """Fail clearly if ``user`` cannot reach into ``path``.

    The server runs as ``user`` and must reach its base dir below
    ``path``: every directory up to / needs the search bit for it. With
    no user, for any user at all (a node user not made yet).
    """
    uid, groups = -1, set()
    if user is not None:
        entry = pwd.getpwnam(user)
        uid, groups = entry.pw_uid, set(os.getgrouplist(user, entry.pw_gid))
    parent = os.path.abspath(path)
    while True:
        st = os.stat(parent)
        if st.st_uid == uid:
            bit = stat.S_IXUSR
        elif st.st_gid in groups:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            raise errors.NodeError(
                '%s (mode %o) is not traversable by %s, who runs the '
                'database servers under %s; allow it (chmod o+x) or use '
                'another directory' % (
                    parent, stat.S_IMODE(st.st_mode),
                    'user %s' % user if user else "the nodes' OS users",
                    path))
        if parent == os.path.dirname(parent):
            return
        parent = os.path.dirname(parent)
