"""A node's part of a rolling upgrade: its system tables, after a restart.

The server a node runs comes with its datastore version (the guest image
on Nova, the host's packages locally). After the node restarted on it and
rejoined, ``mariadb-upgrade`` brings this node's system tables to the
server's version. It runs on each node in turn and writes no binlog, as
MariaDB documents for Galera; when the tables are already at the server's
version it has nothing to do.
"""

import os

UPGRADE_BINARIES = {'mariadb': '/usr/bin/mariadb-upgrade'}


def upgrade_system_tables(node, timeout):
    """Run mariadb-upgrade over the node's socket; its output, or None.

    None for a datastore without the tool (PXC upgrades itself at start).
    """
    binary = UPGRADE_BINARIES.get(node.datastore)
    if binary is None or not os.access(binary, os.X_OK):
        return None
    # The admin's credentials come from its option file (0600), never
    # from the command line.
    done = node._run([binary, '--defaults-file=' + node.paths.admin_file,
                      '--socket=' + node.paths.socket,
                      '--skip-write-binlog', '--silent'],
                     timeout, 'upgrading the system tables')
    return (done.stdout + done.stderr).strip()
