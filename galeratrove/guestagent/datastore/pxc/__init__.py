"""Percona XtraDB Cluster node (Percona's ``mysqld``).

Differences from MariaDB: the server binary is ``mysqld`` (here
/usr/sbin/mysqld may be a MariaDB symlink, hence the version check),
the data dir is created by ``mysqld --initialize-insecure`` and the
fresh root@localhost has an empty password instead of socket auth.
"""

from galeratrove.guestagent.datastore.galera_common import node


class PXCNode(node.GaleraNode):
    datastore = 'pxc'
    server_binary = '/usr/sbin/mysqld'
    install_db_binary = None
    version_marker = 'Percona XtraDB Cluster'
    fallback_version = '8.0'
    standalone_args = ()
    # What an xtrabackup-v2 donor needs (PXC 5.7; 8.0 has its own user).
    sst_privileges = 'RELOAD, LOCK TABLES, PROCESS, REPLICATION CLIENT'
    # The tenant's root with MySQL 8.0 names (see GaleraNode).
    root_privileges = (
        'SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, '
        'ALTER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, '
        'SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER, '
        'SHOW DATABASES, CREATE USER, CREATE ROLE, DROP ROLE, PROCESS, '
        'REPLICATION CLIENT')

    def _install_cmd(self):
        return [self.server_binary, '--no-defaults',
                '--initialize-insecure',
                '--datadir=%s' % self.paths.data,
                '--user=%s' % self.run_user]

    def _bootstrap_login(self):
        return 'root', ''
