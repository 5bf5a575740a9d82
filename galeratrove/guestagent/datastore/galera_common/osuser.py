"""The OS user a node's server runs as when the agent is root.

One system user per node: its server (and whatever a tenant makes it do)
can then reach only its own node's tree, not another node's files nor the
service's. The name comes from the node's base directory, which is fixed
for the node's life, so an agent restarted later finds the same user.
"""

import hashlib
import pwd
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
    _run(['userdel', name], 'removing user %s' % name)
