"""SQL access to a node: admin login, wsrep status, account helpers.

Everything goes over the node's unix socket as the internal admin user
that ``GaleraNode.secure()`` created (credentials in conf/admin.cnf).
"""

import pymysql
from pymysql import cursors

from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import grastate
from galeratrove.guestagent.datastore.galera_common import process

WSREP_KEYS = ('wsrep_ready', 'wsrep_cluster_status',
              'wsrep_local_state_comment', 'wsrep_cluster_size',
              'wsrep_cluster_state_uuid', 'wsrep_incoming_addresses')
ER_ACCESS_DENIED = 1045


class NodeSQL(object):
    """Mixin for GaleraNode (paths, pid, _admin, *_privileges)."""

    def _check_running(self):
        self._check_powered()
        if not self.pid:
            raise errors.NodeError('%s: server exited' % self,
                                   process.tail(self.paths.error_log))

    def _admin_login(self):
        if self._admin:
            return self._admin
        try:
            with open(self.paths.admin_file, encoding='utf-8') as handle:
                options = config.parse(handle.read())
        except FileNotFoundError:
            raise errors.NodeError('no admin credentials for %s: call '
                                   'secure() first' % self)
        self._admin = (options['user'], options['password'])
        return self._admin

    def _connect(self, login=None, connect_timeout=10, read_timeout=None):
        user, password = login or self._admin_login()
        return pymysql.connect(
            unix_socket=self.paths.socket, user=user, password=password,
            connect_timeout=connect_timeout, read_timeout=read_timeout,
            autocommit=True, charset='utf8mb4',
            cursorclass=cursors.DictCursor)

    def _wsrep_status(self):
        """wsrep status variables, or None if the server is unreachable."""
        try:
            conn = self._connect(connect_timeout=2, read_timeout=10)
        except pymysql.err.OperationalError as exc:
            if exc.args and exc.args[0] == ER_ACCESS_DENIED:
                raise errors.NodeError(
                    'admin login refused by %s: every node of a cluster '
                    'must share the admin credentials, as SST copies the '
                    "donor's accounts" % self)
            return None
        except (pymysql.MySQLError, OSError):
            return None
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW GLOBAL STATUS LIKE 'wsrep\\_%'")
                return {r['Variable_name'].lower(): r['Value']
                        for r in cur.fetchall()}
        except (pymysql.MySQLError, OSError):
            return None
        finally:
            conn.close()

    def status(self):
        """Process and wsrep state; wsrep values None when unreachable."""
        result = dict.fromkeys(WSREP_KEYS)
        result['running'] = bool(self.pid)
        if result['running']:
            try:
                wsrep = self._wsrep_status() or {}
            except errors.NodeError:
                wsrep = {}
            result.update((k, wsrep.get(k)) for k in WSREP_KEYS)
            if result['wsrep_cluster_size'] is not None:
                result['wsrep_cluster_size'] = int(
                    result['wsrep_cluster_size'])
        return result

    def last_committed(self):
        """wsrep_last_committed: how far this node's data goes."""
        value = (self._wsrep_status() or {}).get('wsrep_last_committed')
        return int(value) if value is not None else None

    def bootstrap_primary(self, timeout=60):
        """Make this node's component Primary again (``pc.bootstrap``).

        Only for a survivor whose peers are known to be down: it holds
        every transaction they committed together.
        """
        self.execute("SET GLOBAL wsrep_provider_options='pc.bootstrap=YES'")
        return self.wait_synced(timeout)

    def evict(self, uuids):
        """Have the group drop dead members now (``evs.evict``).

        Galera waits evs.suspect_timeout before it drops a member that
        vanished, and a restarted node cannot join meanwhile. Only for
        server incarnations known dead: an evicted uuid never comes back.
        An empty list clears this node's eviction list.
        """
        for uuid in uuids or ['']:
            if uuid and not grastate.UUID.match(uuid):
                raise errors.NodeError('%r is not a member uuid' % (uuid,))
            self.execute("SET GLOBAL wsrep_provider_options="
                         "'evs.evict=%s'" % uuid)

    def execute(self, sql, args=None):
        """Run one statement as the admin user; return affected rows."""
        self._check_running()
        with self._connect() as conn, conn.cursor() as cur:
            return cur.execute(sql, args)

    def query(self, sql, args=None):
        """Run one query as the admin user; return rows as dicts."""
        self._check_running()
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall())

    def enable_root(self, password):
        """Create or re-password root@'%' with ``root_privileges``.

        What a tenant needs, not what reaches the host (FILE, SUPER...).
        The grants are reset each time, so a root made with ALL PRIVILEGES
        before loses the rest. Account statements replicate through
        Galera to every node.
        """
        config._secret('root password', password)
        self.execute("CREATE USER IF NOT EXISTS 'root'@'%%' "
                     "IDENTIFIED BY %s", (password,))
        self.execute("ALTER USER 'root'@'%%' IDENTIFIED BY %s", (password,))
        self.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'root'@'%'")
        self.execute("GRANT %s ON *.* TO 'root'@'%%' WITH GRANT OPTION"
                     % self.root_privileges)

    def create_replication_user(self, user, password, host='localhost'):
        """Create the SST user a backup-based SST donor logs in with."""
        config._plain('replication user', user)
        config._secret('replication password', password)
        self.execute('CREATE USER IF NOT EXISTS %s@%s IDENTIFIED BY %s',
                     (user, host, password))
        self.execute('ALTER USER %s@%s IDENTIFIED BY %s',
                     (user, host, password))
        self.execute('GRANT %s ON *.* TO %%s@%%s' % self.sst_privileges,
                     (user, host))
