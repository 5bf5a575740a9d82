"""Control one Galera server process living in its own base directory.

Layout under ``base_dir``: data/, run/ (socket, pid files), log/, tmp/,
files/ (the only place the server reads or writes files for SQL),
plugins/ (empty: no plugin can be installed) and conf/ (galera.cnf for
the server, admin.cnf for us). When we are root the server runs as the
node's own OS user (see osuser), so it reaches no other node's files nor
ours; otherwise it runs as ourselves. All waits poll a condition, bounded
by a timeout.
"""

import logging
import os
import pwd
import re
import shutil
import signal
import subprocess
import time

import pymysql
from stevedore import exception as sd_exception

from galeratrove.common import plugins
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import grastate
from galeratrove.guestagent.datastore.galera_common import leftovers
from galeratrove.guestagent.datastore.galera_common import osuser
from galeratrove.guestagent.datastore.galera_common import overrides as ovr
from galeratrove.guestagent.datastore.galera_common import process
from galeratrove.guestagent.datastore.galera_common import sql
from galeratrove.guestagent.datastore.galera_common import tls as node_tls

LOG = logging.getLogger(__name__)


class GaleraNode(sql.NodeSQL, leftovers.NodeLeftovers, ovr.NodeOverrides,
                 node_tls.NodeTLS):
    """One MariaDB Galera node (subclasses adapt other datastores)."""

    datastore = 'mariadb'
    server_binary = '/usr/sbin/mariadbd'
    install_db_binary = '/usr/bin/mariadb-install-db'
    version_marker = 'MariaDB'
    # Registered (inactive) when the server is not installed to ask.
    fallback_version = '10.11'
    standalone_args = ('--wsrep-on=OFF',)
    # What a mariabackup SST donor needs (MariaDB 10.5+).
    sst_privileges = 'RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR'
    # The tenant's root (MariaDB 10.11 names): data, DDL, accounts and
    # monitoring. Not FILE, SUPER or its parts (BINLOG ADMIN, CONNECTION
    # ADMIN, SET USER, ...), SHUTDOWN or RELOAD: they reach the host's
    # files, change the server or Galera, or stop the cluster.
    root_privileges = (
        'SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, REFERENCES, INDEX, '
        'ALTER, CREATE TEMPORARY TABLES, LOCK TABLES, EXECUTE, CREATE VIEW, '
        'SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, EVENT, TRIGGER, '
        'DELETE HISTORY, SHOW DATABASES, CREATE USER, PROCESS, '
        'BINLOG MONITOR, SLAVE MONITOR')
    unready_stop_grace = 5

    def __init__(self, base_dir, address, port=3306, admin_user=None,
                 admin_password=None):
        self.paths = config.node_paths(base_dir)
        self.address = address
        self.port = int(port)
        self._admin = (admin_user, admin_password) if admin_user else None
        self._proc = None
        self._marker = self.paths.base + os.sep
        # Told each new server's pid (the agent's supervisor watches it).
        self.on_launch = None
        self._expected_exits = set()
        self._recovered = None

    def __repr__(self):
        return '<%s %s at %s>' % (type(self).__name__, self.address,
                                  self.paths.base)

    # -- binaries -------------------------------------------------------

    @classmethod
    def binaries_available(cls):
        """Whether this datastore's server, tools and provider exist."""
        needed = [cls.server_binary, config.PROVIDERS[cls.datastore]]
        if cls.install_db_binary:
            needed.append(cls.install_db_binary)
        if not all(os.access(p, os.R_OK) for p in needed):
            return False
        try:
            return cls.version_marker in cls._version_text()
        except errors.NodeError:
            return False

    @classmethod
    def _version_text(cls):
        try:
            done = subprocess.run([cls.server_binary, '--version'],
                                  capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise errors.NodeError('cannot run %s --version: %s' % (
                cls.server_binary, exc))
        return done.stdout + done.stderr

    @classmethod
    def server_version(cls):
        """Major.minor of the server binary, e.g. '10.11'."""
        text = cls._version_text()
        match = re.search(r'Ver\s+(\d+\.\d+)', text)
        if not match:
            raise errors.NodeError('no version in %r' % text.strip())
        return match.group(1)

    # -- identity and layout ---------------------------------------------

    @property
    def run_user(self):
        """The node's own OS user when we are root, else ourselves."""
        if os.geteuid() == 0:
            return osuser.name_for(self.paths.base)
        return pwd.getpwuid(os.geteuid()).pw_name

    def _owner(self):
        """(uid, gid) to chown server files to, or None when not root."""
        if os.geteuid() != 0:
            return None
        owner = osuser.lookup(self.run_user)
        if owner is None:
            raise errors.NodeError('user %s of %s does not exist: '
                                   'initialize() first' % (self.run_user,
                                                           self))
        return owner

    def _user_args(self):
        return ['--user=%s' % self.run_user] if os.geteuid() == 0 else []

    def _make_dirs(self):
        """The layout; as root, private to the node's own user.

        base/, conf/ and plugins/ stay ours (the user may only enter and
        read them); the other directories are the user's, mode 0750.
        """
        p = self.paths
        owner = None
        os.makedirs(p.base, exist_ok=True)
        if os.geteuid() == 0:
            owner = osuser.ensure(self.run_user,
                                  'galeratrove node %s' % p.base)
            osuser.check_traversable(os.path.dirname(p.base),
                                     self.run_user)
        if owner:
            os.chown(p.base, 0, owner[1])
            os.chmod(p.base, 0o710)
        else:
            os.chmod(p.base, 0o711)
        for path in (p.data, p.run, p.log, p.tmp, p.files, p.conf,
                     p.plugins):
            os.makedirs(path, mode=0o750, exist_ok=True)
            # Whatever the umask (a cloud-init script's 077): the server's
            # user reads its TLS files in conf/ after dropping root.
            os.chmod(path, 0o750)
            if owner and path in (p.conf, p.plugins):
                os.chown(path, 0, owner[1])
            elif owner:
                os.chown(path, *owner)
        if len(p.socket) > 107:
            raise errors.NodeError('socket path %s is too long for a unix '
                                   'socket; use a shorter base dir' % p.socket)

    def _run(self, cmd, timeout, what, log_path=None):
        self._check_powered()
        try:
            done = subprocess.run(cmd, capture_output=True, text=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise errors.NodeTimeout('%s timed out after %ss' % (
                what, timeout), process.tail(log_path))
        if done.returncode:
            self._check_powered()  # killed by the power off: say so
            output = (done.stdout + done.stderr).strip()
            raise errors.NodeError('%s failed (%s exited %d)' % (
                what, os.path.basename(cmd[0]), done.returncode),
                process.tail(log_path) or output[-4000:])
        return done

    # -- lifecycle ---------------------------------------------------------

    def _install_cmd(self):
        return [self.install_db_binary, '--no-defaults',
                '--datadir=%s' % self.paths.data,
                '--tmpdir=%s' % self.paths.tmp,
                '--user=%s' % self.run_user,
                '--auth-root-authentication-method=socket',
                '--skip-test-db']

    def initialize(self, timeout=300):
        """Create the layout and system tables; a cut-short run is redone."""
        self._make_dirs()
        if os.path.exists(self._initialized_marker):
            return
        self._empty_data_dir()
        self._run(self._install_cmd(), timeout, 'initializing %s' % (
            self.paths.data,))
        owner = self._owner()
        if owner:
            # install-db leaves a file or two of its own (root's) behind.
            for top, dirs, files in os.walk(self.paths.data):
                for name in dirs + files:
                    os.lchown(os.path.join(top, name), *owner)
        self._mark_initialized(owner)

    def _bootstrap_login(self):
        """Login before secure(): the socket-authenticated OS user."""
        return pwd.getpwuid(os.geteuid()).pw_name, ''

    def secure(self, admin_user, admin_password, timeout=300):
        """Create the internal admin user in a standalone server.

        Standalone (no wsrep, no TCP) so nothing replicates or listens
        while accounts are set up. Afterwards all SQL uses this admin.
        """
        config._plain('admin_user', admin_user)
        config._secret('admin_password', admin_password)
        if self.pid:
            raise errors.NodeError('secure() needs the server stopped')
        self.kill_strays()
        p = self.paths
        cmd = [self.server_binary, '--no-defaults', '--datadir=' + p.data,
               '--socket=' + p.socket, '--pid-file=' + p.pid_file,
               '--log-error=' + p.error_log, '--tmpdir=' + p.tmp,
               '--secure-file-priv=' + p.files, '--plugin-dir=' + p.plugins,
               '--skip-networking'] + list(self.standalone_args)
        self._launch(cmd + self._user_args())
        try:
            self._wait_connectable(timeout, self._bootstrap_login())
            with self._connect(self._bootstrap_login()) as conn:
                cur = conn.cursor()
                for host in ('localhost', '127.0.0.1'):
                    cur.execute('CREATE USER IF NOT EXISTS %s@%s '
                                'IDENTIFIED BY %s',
                                (admin_user, host, admin_password))
                    cur.execute('ALTER USER %s@%s IDENTIFIED BY %s',
                                (admin_user, host, admin_password))
                    cur.execute('GRANT ALL PRIVILEGES ON *.* TO %s@%s '
                                'WITH GRANT OPTION', (admin_user, host))
                cur.execute("SELECT host FROM mysql.user WHERE user = ''")
                for row in cur.fetchall():
                    cur.execute("DROP USER ''@%s", (row['host'],))
                if self.run_user != self._bootstrap_login()[0]:
                    # install-db's account for the OS user: SST copies it
                    # to every node, where it names another node's user.
                    cur.execute("DROP USER IF EXISTS %s@'localhost'",
                                (self.run_user,))
        finally:
            self.stop(timeout)
        text = '[client]\nuser = %s\npassword = "%s"\n' % (
            admin_user, admin_password)
        config.write_config(p.admin_file, text)
        self._admin = (admin_user, admin_password)

    def write_cluster_config(self, cluster_name, node_name, members,
                             sst_method=None, replication_user=None,
                             replication_password=None, memory_mb=1024,
                             datastore=None, overrides=None, tls=False,
                             **options):
        """Render and write conf/galera.cnf (0600, owned by run user).

        sst_method None means the datastore default (rsync for MariaDB).
        ``overrides`` are the cluster's configuration group values.
        ``options`` go to config.render (gcache_mb, provider, ...).
        ``tls``: the node's installed certificate secures everything.
        """
        text = config.render(
            datastore or self.datastore, cluster_name=cluster_name,
            node_name=node_name, node_address=self.address,
            base_dir=self.paths.base, members=list(members),
            port=self.port, sst_method=sst_method,
            sst_user=replication_user, sst_password=replication_password,
            memory_mb=memory_mb, **options)
        if tls:
            text = node_tls.apply(text, self.paths)
        text = ovr.apply(text, overrides or {})
        self._make_dirs()
        config.write_config(self.paths.config_file, text, self._owner())
        LOG.info('wrote cluster config for %s (members: %s)',
                 node_name, ','.join(members))

    def update_members(self, members):
        """Rewrite only wsrep_cluster_address in the config file.

        Not set live: SET GLOBAL wsrep_cluster_address makes the node
        leave and reconnect to the group. A running node already tracks
        membership by itself; the file matters for its next start.
        """
        with open(self.paths.config_file, encoding='utf-8') as handle:
            text = handle.read()
        config.write_config(self.paths.config_file,
                            config.replace_members(text, members),
                            self._owner())

    def cluster_context(self):
        """Cluster settings read back from this node's config.

        Cluster name, SST method, replication user, members; no secrets.
        """
        with open(self.paths.config_file, encoding='utf-8') as handle:
            return config.cluster_context(handle.read())

    def recover_position(self, timeout=300):
        """'uuid:seqno' to restart from, or None for a node never joined.

        grastate.dat has it after a clean shutdown; when it says -1 the
        position is recovered from InnoDB by ``--wsrep-recover`` (once:
        kept until a server runs on the data again).
        """
        state = grastate.read(self.paths.data)
        if not state or state['uuid'] in (None, grastate.ZERO_UUID):
            return None
        position = grastate.position(state)
        if position:
            return position
        if self.pid:
            raise errors.NodeError('cannot recover the position of a '
                                   'running server')
        if self._recovered:
            # Recovered already, and no server ran on the data since.
            return self._recovered
        # A server an earlier agent launched may hold the data's locks
        # without having written its pid file yet.
        self.kill_strays()
        log_path = os.path.join(self.paths.log, 'wsrep-recover.log')
        if os.path.exists(log_path):
            os.unlink(log_path)
        self._run([self.server_binary,
                   '--defaults-file=' + self.paths.config_file]
                  + self._user_args()
                  + ['--wsrep-recover', '--log-error=' + log_path],
                  timeout, 'wsrep position recovery', log_path)
        with open(log_path, encoding='utf-8', errors='replace') as handle:
            self._recovered = grastate.recovered_position(handle.read())
        return self._recovered

    def start(self, bootstrap=False, timeout=300,
              force_safe_to_bootstrap=False):
        """Start the server and wait until Synced in a Primary component.

        ``bootstrap`` starts a new cluster (--wsrep-new-cluster). If the
        data dir says it is not safe to bootstrap, refuse unless
        ``force_safe_to_bootstrap`` (the caller knows it is the latest).
        """
        if not os.path.exists(self.paths.config_file):
            raise errors.NodeError('%s is missing: write_cluster_config() '
                                   'first' % self.paths.config_file)
        self._admin_login()  # fail now, not after a long wait
        deadline = time.monotonic() + timeout
        if self.pid:
            return self.wait_synced(timeout)
        state = grastate.read(self.paths.data)
        if bootstrap and state and state['safe_to_bootstrap'] == 0:
            if not force_safe_to_bootstrap:
                raise errors.NodeError(
                    'grastate.dat of %s says it is not safe to bootstrap '
                    '(another node may have newer data); pass '
                    'force_safe_to_bootstrap=True to override' % self)
            grastate.set_safe_to_bootstrap(self.paths.data)
        position = self.recover_position(timeout)
        self.kill_strays()
        cmd = [self.server_binary,
               '--defaults-file=' + self.paths.config_file]
        cmd += self._user_args()
        if bootstrap:
            cmd.append('--wsrep-new-cluster')
        if position:
            cmd.append('--wsrep-start-position=' + position)
        LOG.info('starting %s: %s', self, ' '.join(cmd))
        self._launch(cmd)
        return self.wait_synced(max(1.0, deadline - time.monotonic()))

    def _launch(self, cmd):
        self._recovered = None
        return self._spawn(cmd, os.path.join(self.paths.log, 'server.out'))

    def _wait_connectable(self, timeout, login=None):
        def check():
            self._check_running()
            try:
                self._connect(login, connect_timeout=2).close()
            except (pymysql.MySQLError, OSError):
                return False
            return True
        process.wait_until(check, timeout, '%s to accept connections' %
                           self, self.paths.error_log)

    def wait_synced(self, timeout=300):
        """Wait until wsrep is ready, Synced and in a Primary component."""
        seen = {}

        def check():
            self._check_running()
            status = self._wsrep_status() or {}
            seen.update(status)
            return status if (
                status.get('wsrep_ready') == 'ON'
                and status.get('wsrep_local_state_comment') == 'Synced'
                and status.get('wsrep_cluster_status') == 'Primary') else None

        def what():
            return '%s to be Synced in a Primary component (last seen: %s)' % (
                self, {k: seen.get(k) for k in sql.WSREP_KEYS[:4]})
        return process.wait_until(check, timeout, what, self.paths.error_log)

    def stop(self, timeout=120):
        """Stop gracefully (SIGTERM); SIGKILL only after ``timeout``.

        A server that is not serving yet (still joining the group or
        receiving an SST) does not act on SIGTERM until the group connect
        gives up (pc.wait_prim_timeout, 30 s), so it only gets
        ``unready_stop_grace`` seconds: it has nothing to shut down.
        """
        pid = self.pid
        if pid:
            if not process.unix_listening(self.paths.socket):
                timeout = min(timeout, self.unready_stop_grace)
            LOG.info('stopping %s (pid %d)', self, pid)
            self._expected_exits.add(pid)
            os.kill(pid, signal.SIGTERM)
            try:
                process.wait_until(
                    lambda: not process.alive(pid, self._marker), timeout,
                    '%s to exit' % self, self.paths.error_log)
            except errors.NodeTimeout:
                LOG.warning('%s ignored SIGTERM for %ss; killing it',
                            self, timeout)
                process.kill_group(pid)
                process.wait_until(
                    lambda: not process.alive(pid, self._marker), 30,
                    '%s to die' % self, self.paths.error_log)
            # SST helpers (rsync daemon) may outlive the server.
            process.kill_group(pid)
        self._forget_process()

    def destroy(self, timeout=120):
        """Stop the server, delete the base dir and the node's OS user."""
        self.stop(timeout)
        owner = osuser.lookup(self.run_user) if os.geteuid() == 0 else None
        if owner:
            # Whatever still runs as the node's user is the node's.
            process.kill_user(owner[0])
        self.kill_strays()
        shutil.rmtree(self.paths.base, ignore_errors=True)
        if os.path.exists(self.paths.base):
            raise errors.NodeError('could not remove %s' % self.paths.base)
        if owner:
            osuser.remove(self.run_user)

    @classmethod
    def needs_replication_user(cls, sst_method):
        return config.needs_sst_user(cls.datastore, sst_method)

    def disk_used_gb(self):
        """Disk space really allocated under the base dir, in GB."""
        return process.disk_usage_bytes(self.paths.base) / float(1024 ** 3)


def get_node_class(datastore):
    """The node class of a datastore name ('mariadb', 'pxc': a plugin)."""
    try:
        return plugins.load_class(plugins.DATASTORE_NODES, datastore)
    except sd_exception.NoMatches:
        raise errors.ConfigError('unknown datastore %r' % (datastore,))
