"""The Galera arbitrator (garbd) of a node that holds no data.

An arbitrator votes in the quorum, so two data nodes and an arbitrator
survive the loss of one data node; it has no database, accounts or
volume. It answers the same calls as a data node where they make sense
(start, stop, status, member list) and refuses the ones that need a
database. Its own listen address is given (gmcast.listen_addr) because
every node on a machine binds its own loopback address. In a TLS
cluster garbd speaks to the group with its own certificate, as the data
nodes' replication does (``socket.ssl_*``).
"""

import logging
import os
import shutil
import signal

from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import leftovers
from galeratrove.guestagent.datastore.galera_common import process
from galeratrove.guestagent.datastore.galera_common import sql
from galeratrove.guestagent.datastore.galera_common import tls as node_tls

LOG = logging.getLogger(__name__)

TYPE = 'arbitrator'
GARBD = '/usr/bin/garbd'
GROUP_PORT = 4567
CONFIG_NAME = 'garbd.cnf'
# garbd logs this once it is a full member of the Primary component.
SYNCED = '-> SYNCED'


def _plain(name, value):
    # The values reach a key=value file: no separators or newlines.
    return config._plain(name, value)


class ArbitratorNode(leftovers.NodeLeftovers, node_tls.NodeTLS):
    """garbd under ``base_dir`` (conf/garbd.cnf, log/garbd.log, run/)."""

    server_binary = GARBD

    def __init__(self, base_dir, address, **_ignored):
        self.paths = config.node_paths(base_dir)
        self.address = address
        self._marker = self.paths.base + os.sep
        self._proc = None
        self._expected_exits = set()
        self.on_launch = None
        self._cfg = os.path.join(self.paths.conf, CONFIG_NAME)
        self._log = os.path.join(self.paths.log, 'garbd.log')
        self._out = os.path.join(self.paths.log, 'garbd.out')

    def __repr__(self):
        return '<ArbitratorNode %s at %s>' % (self.address, self.paths.base)

    # -- configuration --------------------------------------------------

    def _render(self, cluster_name, members, tls):
        others = [m for m in members if m != self.address]
        options = ['gmcast.listen_addr=tcp://%s:%d' % (
            _plain('address', self.address), GROUP_PORT)]
        if tls:
            options.append(node_tls.provider_options(self.paths))
        return ''.join('%s = %s\n' % kv for kv in (
            ('group', _plain('cluster name', cluster_name)),
            ('address', 'gcomm://' + ','.join(
                '%s:%d' % (_plain('member', m), GROUP_PORT)
                for m in others)),
            ('options', '; '.join(options)),
            ('log', self._log)))

    def _make_dirs(self):
        for path in (self.paths.conf, self.paths.log, self.paths.run,
                     self.paths.data):
            os.makedirs(path, mode=0o700, exist_ok=True)

    def write_cluster_config(self, cluster_name, node_name, members,
                             tls=False, **_datanode_options):
        """garbd.cnf; the data nodes' options (SST, memory) do not apply."""
        self._make_dirs()
        config.write_config(self._cfg,
                            self._render(cluster_name, members, tls))

    @staticmethod
    def _owner():
        """garbd runs as the agent's own user: its files stay ours."""
        return None

    def _read(self):
        try:
            with open(self._cfg, encoding='utf-8') as handle:
                return config.parse(handle.read())
        except FileNotFoundError:
            raise errors.NodeError('%s is missing: write_cluster_config() '
                                   'first' % self._cfg)

    def update_members(self, members):
        """The next start reaches the new members; garbd keeps on.

        TLS stays as it was: only a TLS cluster's garbd has certificates.
        """
        self.write_cluster_config(self._read()['group'], None, members,
                                  tls=node_tls.installed(self.paths))

    def cluster_context(self):
        options = self._read()
        address = options.get('address', '')[len('gcomm://'):]
        return {'cluster_name': options.get('group'),
                'node_address': self.address,
                'members': [m.rsplit(':', 1)[0]
                            for m in address.split(',') if m]}

    # -- process --------------------------------------------------------

    def start(self, bootstrap=False, timeout=300, **_ignored):
        """Start garbd; return once it is SYNCED in the Primary component.

        Never a bootstrap: an arbitrator has no data to start a cluster
        from, so the caller bootstraps a data node first.
        """
        if bootstrap:
            raise errors.NodeError('%s is an arbitrator: it holds no data '
                                   'and cannot bootstrap a cluster' % self)
        self._read()
        if self.pid:
            return self.status()
        self.kill_strays()
        offset = os.path.getsize(self._log) if os.path.exists(
            self._log) else 0
        cmd = [GARBD, '--cfg', self._cfg]
        LOG.info('starting %s: %s', self, ' '.join(cmd))
        # garbd keeps its view state (gvwstate.dat) in its working dir.
        os.makedirs(self.paths.data, mode=0o700, exist_ok=True)
        self._spawn(cmd, self._out, cwd=self.paths.data)

        def synced():
            if not self.pid:
                raise errors.NodeError('garbd exited: %s' % (
                    process.tail(self._log) or process.tail(self._out)))
            try:
                with open(self._log, 'rb') as handle:
                    handle.seek(offset)
                    return SYNCED.encode() in handle.read()
            except FileNotFoundError:
                return False  # garbd has not opened its log yet
        process.wait_until(synced, timeout, '%s to be SYNCED' % self,
                           self._log)
        return self.status()

    def stop(self, timeout=120):
        """SIGTERM: garbd leaves the group at once (the others keep on)."""
        pid = self.pid
        if pid:
            self._expected_exits.add(pid)
            os.kill(pid, signal.SIGTERM)
            try:
                process.wait_until(
                    lambda: not process.alive(pid, self._marker), timeout,
                    '%s to exit' % self, self._log)
            except errors.NodeTimeout:
                process.kill_group(pid)
        self._forget_process()

    def destroy(self, timeout=120):
        self.stop(timeout)
        self.kill_strays()
        shutil.rmtree(self.paths.base, ignore_errors=True)

    # -- what a data node reports -----------------------------------------

    def status(self):
        """Running or not; no wsrep values (garbd has no SQL to ask)."""
        result = dict.fromkeys(sql.WSREP_KEYS)
        result['running'] = bool(self.pid)
        result['type'] = 'arbitrator'
        return result

    def last_committed(self):
        return None

    def recover_position(self, timeout=300):
        """No data: never the most advanced member."""
        return None

    def evict(self, uuids):
        """Only data nodes evict; an arbitrator's view follows theirs."""

    def disk_used_gb(self):
        return 0.0

    @staticmethod
    def needs_replication_user(sst_method):
        return False

    def write_overrides(self, values):
        """A configuration group is for the data nodes' servers."""

    def _no_database(self, *_args, **_kwargs):
        raise errors.NodeError('%s is an arbitrator: it has no database'
                               % self)

    enable_root = set_globals = bootstrap_primary = _no_database
