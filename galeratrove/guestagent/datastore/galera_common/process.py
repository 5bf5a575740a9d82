"""Process and file helpers for a node's server process.

Liveness is checked through /proc rather than ``kill(pid, 0)`` because a
server that exited but was not reaped yet (a zombie) still "exists", and
a recycled pid must not be mistaken for our server: the command line has
to mention the node's base directory.
"""

import collections
import os
import signal
import socket
import subprocess

from galeratrove.common import utils
from galeratrove.guestagent.datastore.galera_common import errors

POLL_INTERVAL = 0.2


def _stat_fields(pid):
    """Return (state, pgrp) of ``pid`` from /proc, or None if gone."""
    try:
        with open('/proc/%d/stat' % pid, 'rb') as handle:
            data = handle.read().decode('utf-8', 'replace')
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may itself contain spaces.
    fields = data[data.rindex(')') + 2:].split()
    return fields[0], int(fields[2])


def cmdline(pid):
    """The command line of ``pid`` as a list ([] if gone)."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as handle:
            raw = handle.read()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return [a.decode('utf-8', 'replace') for a in raw.split(b'\0') if a]


def reap(pid):
    """Collect ``pid`` if it is our exited child (avoids zombies)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def running_pid(pid_file, child, marker):
    """The pid in ``pid_file`` while that process runs, else None.

    ``child`` is the Popen of our own launch, or None: its handle says
    first if it exited. It says "running" too while another thread polls
    it, so /proc confirms (a process just starting shows an empty command
    line there, which counts as ours).
    """
    try:
        with open(pid_file) as handle:
            pid = int(handle.read().strip())
    except (FileNotFoundError, ValueError):
        return None
    if child is not None and child.pid == pid and child.poll() is not None:
        return None
    return pid if alive(pid, marker) else None


def alive(pid, marker):
    """Whether ``pid`` runs and its command line contains ``marker``."""
    if not pid:
        return False
    reap(pid)
    fields = _stat_fields(pid)
    if fields is None or fields[0] in ('Z', 'X'):
        return False
    args = cmdline(pid)
    # An empty command line is a process caught mid-exec: still ours.
    return not args or any(marker in arg for arg in args)


def group_members(pgid):
    """Pids of live processes in process group ``pgid``."""
    found = []
    for name in os.listdir('/proc'):
        if name.isdigit():
            fields = _stat_fields(int(name))
            if fields and fields[1] == pgid and fields[0] not in 'ZX':
                found.append(int(name))
    return found


def kill_group(pgid, sig=signal.SIGKILL):
    """Signal each remaining member of the server's own process group.

    SST helpers (rsync daemon, scripts) live in that group and may
    outlast a killed server.
    """
    for pid in group_members(pgid):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        reap(pid)


def mentioning(marker):
    """Live pids but ours whose command line mentions ``marker``."""
    found = []
    for name in os.listdir('/proc'):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        fields = _stat_fields(int(name))
        if fields and fields[0] not in 'ZX' and any(
                marker in arg for arg in cmdline(int(name))):
            found.append(int(name))
    return found


def kill_mentioning(marker, timeout=10):
    """SIGKILL every process of a node, and its group; wait until gone.

    A node's processes all name its base directory: the server, an
    interrupted ``mariadb-install-db`` and its bootstrap server, SST
    helpers. Returns the pids that were killed.
    """
    victims = mentioning(marker)
    for pid in victims:
        fields = _stat_fields(pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
        if fields and fields[1] == pid:
            kill_group(pid)
        reap(pid)
    wait_until(lambda: not any(alive(p, marker) for p in victims), timeout,
               'processes of %s to die' % marker)
    return victims


def kill_user(uid, sig=signal.SIGKILL):
    """Signal every process running as ``uid`` (a node's own user)."""
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            if os.stat('/proc/' + name).st_uid != uid:
                continue
            os.kill(int(name), sig)
        except (FileNotFoundError, ProcessLookupError):
            continue
        reap(int(name))


def unix_listening(path):
    """Whether a server accepts connections on the unix socket ``path``."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(2)
    try:
        sock.connect(path)
    except OSError:
        return False
    finally:
        sock.close()
    return True


def spawn(cmd, output_path, cwd=None):
    """Start ``cmd`` detached in its own session; return the Popen.

    A new session means a signal to our process group (or our death)
    does not reach the server: it is the instance's database.
    """
    with open(output_path, 'ab') as out:
        return subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
            close_fds=True, cwd=cwd)


def wait_until(check, timeout, what, log_path=None,
               interval=POLL_INTERVAL):
    """Poll ``check()`` until it returns a truthy value; return it.

    ``check`` may raise NodeError to stop early. On timeout raise
    NodeTimeout naming ``what`` (a string, or a callable giving one, so
    the message can show the last state seen) and the error log tail.
    """
    try:
        return utils.wait_for(check, timeout, interval=interval,
                              max_interval=interval)
    except TimeoutError:
        raise errors.NodeTimeout(
            'timed out after %.1fs waiting for %s' % (
                timeout, what() if callable(what) else what),
            tail(log_path))


def tail(path, lines=25):
    """Last ``lines`` lines of a text file ('' if it does not exist)."""
    if not path:
        return ''
    try:
        with open(path, 'rb') as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            data = handle.read().decode('utf-8', 'replace')
    except FileNotFoundError:
        return ''
    return '\n'.join(collections.deque(data.splitlines(), maxlen=lines))


def disk_usage_bytes(path):
    """Bytes allocated on disk under ``path`` (hard links counted once)."""
    seen = set()
    total = 0
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            try:
                st = os.lstat(os.path.join(root, name))
            except FileNotFoundError:
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total
