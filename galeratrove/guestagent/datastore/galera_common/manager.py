"""Guest agent RPC endpoint for Galera datastores.

Each method is one of the guest calls the specs name. They are idempotent
so a resumed flow can send them again: a prepared node is not prepared
twice, a Synced node is not restarted.
"""

import json
import os
import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove import backup as backup_storage
from galeratrove.backup.storage import tempurl
from galeratrove.conf import CONF
from galeratrove.guestagent.datastore.galera_common import arbitrator
from galeratrove.guestagent.datastore.galera_common import backup \
    as backup_mod
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import grastate
from galeratrove.guestagent.datastore.galera_common import node as gnode
from galeratrove.guestagent.datastore.galera_common import upgrade

LOG = logging.getLogger(__name__)

# A call cut short by the delete of its instance is no error to log.
_POWERED_OFF = messaging.expected_exceptions(errors.NodePoweredOff)


def _storage(backup):
    """Where this request's objects are.

    Through the TempURLs it carries (Swift), or else the configured
    driver (the local directory of the local compute driver).
    """
    urls = {item['location']: item['url']
            for item in backup.get('chain') or () if item.get('url')}
    if backup.get('upload') or urls:
        return tempurl.TempURLStorage(backup.get('upload'), urls)
    return backup_storage.get_storage()


class GaleraManager:
    """What a Galera guest does when the taskmanager asks."""

    # The version its rpcapi client speaks (see its history).
    RPC_API_VERSION = '1.6'
    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, address, base_dir, memory_mb, datastore,
                 on_change=None):
        self._datastore = datastore
        self._memory_mb = memory_mb
        self._state_file = os.path.join(base_dir, 'guest_state.json')
        self._on_change = on_change or (lambda: None)
        self._lock = threading.RLock()
        self._backup_lock = threading.Lock()
        self._state = self._load()
        self._base_dir, self._address = base_dir, address
        # Told the node when prepare makes this instance an arbitrator.
        self.on_node_change = None
        if self._state.get('type') == arbitrator.TYPE:
            self.node = arbitrator.ArbitratorNode(base_dir, address)
        else:
            admin = self._state.get('admin_password')
            self.node = gnode.get_node_class(datastore)(
                base_dir, address, admin_user=CONF.guest_agent.admin_user,
                admin_password=admin)

    def _become_arbitrator(self):
        """This instance runs garbd: it holds no data (issue 13)."""
        if isinstance(self.node, arbitrator.ArbitratorNode):
            return
        node = arbitrator.ArbitratorNode(self._base_dir, self._address)
        node.on_launch = self.node.on_launch
        self.node = node
        if self.on_node_change is not None:
            self.on_node_change(node)

    # Local state (0600: it holds the cluster's secrets) ------------------

    def _load(self):
        try:
            with open(self._state_file, encoding='utf-8') as f:
                return json.load(f)
        except FileNotFoundError:
            return {}

    def _save(self, **changes):
        self._state.update(changes)
        os.makedirs(os.path.dirname(self._state_file), exist_ok=True)
        config.write_config(self._state_file, json.dumps(self._state))

    # RPC ------------------------------------------------------------------

    def ping(self, context):
        return True

    @_POWERED_OFF
    def prepare(self, context, config):
        """Initialise the data dir and create the internal admin user.

        A prepare cut short (its agent killed) may have left a server or
        a half-initialised data dir: both are redone.
        """
        with self._lock:
            if self._state.get('prepared'):
                return False
            if config.get('type') == arbitrator.TYPE:
                self._become_arbitrator()
                self.node.kill_strays()
                self._save(prepared=True, type=arbitrator.TYPE,
                           admin_password=config['admin_password'],
                           replication_user=config['replication_user'])
                self._on_change()
                return True
            self.node.kill_strays()
            self.node.initialize(timeout=CONF.cluster.prepare_timeout)
            self.node.secure(CONF.guest_agent.admin_user,
                             config['admin_password'],
                             timeout=CONF.cluster.prepare_timeout)
            self._save(prepared=True,
                       admin_password=config['admin_password'],
                       replication_user=config['replication_user'])
            self._on_change()
            return True

    @_POWERED_OFF
    def install_cluster(self, context, replication_user,
                        cluster_configuration, bootstrap=False):
        """Write the wsrep configuration and start: bootstrap or join."""
        cfg = cluster_configuration
        with self._lock:
            if not self.node.pid:
                self.node.write_cluster_config(
                    cfg['cluster_name'], cfg['node_name'], cfg['members'],
                    sst_method=cfg.get('sst_method'),
                    replication_user=replication_user['name'],
                    replication_password=replication_user['password'],
                    memory_mb=self._memory_mb,
                    overrides=cfg.get('overrides'),
                    tls=cfg.get('tls', False))
            self._save(cluster_name=cfg['cluster_name'],
                       replication_user=replication_user)
            try:
                self.node.start(bootstrap=bootstrap,
                                timeout=CONF.cluster.join_timeout)
                if bootstrap and self.node.needs_replication_user(
                        cfg.get('sst_method')):
                    self.node.create_replication_user(
                        replication_user['name'],
                        replication_user['password'])
                self._save(installed=True)
            finally:
                self._on_change()
            return self.node.status()

    @_POWERED_OFF
    def rebuild(self, context, config, replication_user,
                cluster_configuration):
        """Wipe the data dir and join again: a full SST from a member.

        For a node whose data is lost; only called while a Primary
        component holds every committed transaction.
        """
        with self._lock:
            self._save(prepared=False, installed=False)
            self.node.wipe_data()
            self.prepare(context, config)
            return self.install_cluster(context, replication_user,
                                        cluster_configuration)

    @_POWERED_OFF
    def tls_request(self, context):
        """A CSR for this node's own key (made here, kept here)."""
        with self._lock:
            return self.node.tls_request()

    @_POWERED_OFF
    def tls_install(self, context, certificate, ca_certificate):
        """Keep the certificate the cluster CA signed, and the CA's."""
        with self._lock:
            self.node.tls_install(certificate, ca_certificate)
            return True

    @_POWERED_OFF
    def bootstrap_primary(self, context):
        """Make this non-Primary survivor's component Primary again."""
        with self._lock:
            try:
                self.node.bootstrap_primary(
                    timeout=CONF.cluster.guest_call_timeout)
            finally:
                self._on_change()
            return self.node.status()

    def get_cluster_context(self, context):
        if not self._state.get('prepared'):
            raise RuntimeError('this node was never prepared')
        ctx = {}
        if self._state.get('installed'):
            ctx.update(self.node.cluster_context())
        ctx.update(admin_password=self._state['admin_password'],
                   replication_user=self._state['replication_user'],
                   cluster_name=self._state.get('cluster_name'))
        return ctx

    def write_cluster_configuration_overrides(self, context,
                                              cluster_configuration):
        """New member list for the next start; the running node keeps on."""
        with self._lock:
            self.node.update_members(cluster_configuration['members'])

    @_POWERED_OFF
    def update_overrides(self, context, values, changes=None,
                         defaults=None):
        """Write the configuration group's values; set ``changes`` live.

        ``changes`` are the dynamic values that changed ({name: value},
        None to restore the file's value); the rest wait for a restart.
        """
        with self._lock:
            self.node.write_overrides(values)
            if changes and self.node.pid:
                return self.node.set_globals(changes, defaults)
            return {}

    def cluster_complete(self, context):
        with self._lock:
            self._save(complete=True)
        self._on_change()

    @_POWERED_OFF
    def stop_db(self, context):
        """Leave the cluster gracefully so the rest stay Primary."""
        with self._lock:
            self._save(installed=False)
            self.node.stop(timeout=CONF.cluster.stop_timeout)
        self._on_change()

    @_POWERED_OFF
    def enable_root(self, context, password):
        self.node.enable_root(password)
        return True

    @_POWERED_OFF
    def create_backup(self, context, backup):
        """Back up the running node (it stays a member meanwhile).

        One at a time: a backup asked again (its operation resumed by a
        restarted taskmanager) waits for the one still running.
        """
        with self._backup_lock:
            storage = _storage(backup)
            facts = backup_mod.take(
                self.node, storage, backup['location'],
                CONF.backup.backup_timeout,
                incremental_lsn=backup.get('incremental_lsn'))
            if backup.get('upload'):
                facts['segments'] = storage.segments
            return facts

    @_POWERED_OFF
    def restore_backup(self, context, backup, config):
        """Make the backup this node's data, with this cluster's admin.

        The restored accounts are the source cluster's: the admin user
        is set again with this cluster's password. Done once per backup.
        """
        with self._lock:
            if self._state.get('restored') == backup['id']:
                return self._state['restored_position']
            self.node.stop(timeout=CONF.cluster.stop_timeout)
            # The full backup, then its incrementals in order.
            chain = backup.get('chain') or [backup]
            position = backup_mod.restore(
                self.node, _storage(backup), chain,
                CONF.backup.restore_timeout, owner=self.node._owner())
            self.node._admin = None
            self.node.secure(CONF.guest_agent.admin_user,
                             config['admin_password'],
                             timeout=CONF.cluster.prepare_timeout)
            self._save(prepared=True, restored=backup['id'],
                       restored_position=position,
                       admin_password=config['admin_password'],
                       replication_user=config['replication_user'])
            self._on_change()
            return position

    def get_status(self, context):
        status = self.node.status()
        if status['running']:
            # For the heal: which survivor's data goes furthest.
            status['wsrep_last_committed'] = self.node.last_committed()
        else:
            # For the heal: the dead incarnation the others may evict.
            status['gcomm_uuid'] = grastate.last_member_uuid(
                self.node.paths.data)
        return status

    @_POWERED_OFF
    def evict_members(self, context, uuids):
        """Drop dead members from this node's group view at once."""
        self.node.evict(uuids)
        self._on_change()

    @_POWERED_OFF
    def recover_position(self, context):
        """Stop the node and say how far its data goes (uuid:seqno)."""
        with self._lock:
            self.node.stop(timeout=CONF.cluster.stop_timeout)
            position = self.node.recover_position(
                timeout=CONF.cluster.join_timeout)
        self._on_change()
        seqno = int(position.rsplit(':', 1)[1]) if position else -1
        return {'position': position, 'seqno': seqno}

    @_POWERED_OFF
    def start_db(self, context, bootstrap=False):
        """Start a member again: rejoin, or bootstrap after an outage.

        Bootstrapping forces safe_to_bootstrap: the taskmanager chose this
        node because its data is the most advanced.
        """
        with self._lock:
            try:
                self.node.start(bootstrap=bootstrap,
                                force_safe_to_bootstrap=bootstrap,
                                timeout=CONF.cluster.join_timeout)
            finally:
                self._on_change()
            return self.node.status()

    @_POWERED_OFF
    def restart_db(self, context):
        """Stop gracefully and start again from the saved position.

        The node rejoins its component by IST and this returns once it
        is Synced; the rolling operations call it one node at a time.
        """
        with self._lock:
            try:
                self.node.stop(timeout=CONF.cluster.stop_timeout)
                self._on_change()
                self.node.start(timeout=CONF.cluster.join_timeout)
            finally:
                self._on_change()
            return self.node.status()

    @_POWERED_OFF
    def upgrade(self, context, datastore_version):
        """Restart on the new version's server; upgrade the system tables.

        The node rejoins by IST like any restart, then mariadb-upgrade
        brings its own system tables up to the server's version.
        """
        with self._lock:
            try:
                self.node.stop(timeout=CONF.cluster.stop_timeout)
                self._save(datastore_version=datastore_version)
                self._on_change()
                self.node.start(timeout=CONF.cluster.join_timeout)
                output = upgrade.upgrade_system_tables(
                    self.node, CONF.cluster.join_timeout)
                LOG.info('upgraded %s to %s%s', self.node,
                         datastore_version,
                         ': %s' % output if output else '')
            finally:
                self._on_change()
            return self.node.status()

    # Local helpers (not RPC: the RPC server only dispatches the above) ----

    def _status_report(self):
        status = self.node.status()
        status['prepared'] = bool(self._state.get('prepared'))
        status['complete'] = bool(self._state.get('complete'))
        return status
