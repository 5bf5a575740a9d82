"""Client of one instance's guest agent (its own RPC topic).

Every call waits for the guest's reply with a timeout, so a flow step ends
when the node reached the state it asked for, or fails with a clear error.
A call can be abandoned early when the operation is cancelled. Calls and
replies are sealed with the instance's own key: only that guest can read
them, and only that guest can answer.

API version history (the guest manager's RPC_API_VERSION matches):

    1.0 - ping, prepare, install_cluster, get_cluster_context,
          write_cluster_configuration_overrides, cluster_complete,
          stop_db, enable_root, recover_position, start_db, rebuild,
          bootstrap_primary, get_status. (reset_admin_password, never
          sent, is gone.)
    1.1 - restart_db, upgrade (the rolling operations).
    1.2 - update_overrides (configuration groups); install_cluster's
          cluster_configuration may carry ``overrides``.
    1.3 - evict_members; get_status of a stopped node gives gcomm_uuid.
    1.4 - create_backup, restore_backup.
    1.5 - create_backup's ``upload`` and restore_backup's chain ``url``s:
          Swift TempURLs the guest stores and reads through.
    1.6 - tls_request, tls_install (TLS clusters); install_cluster's
          cluster_configuration may carry ``tls``.
"""

import concurrent.futures

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove.backup.storage import base as storage_base
from galeratrove.common import exception
from galeratrove.common import rpc
from galeratrove.common import sealing
from galeratrove.conf import CONF
from galeratrove.db import rpc_keys

LOG = logging.getLogger(__name__)

_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=32,
                                              thread_name_prefix='guestcall')


def topic(instance_id):
    return '%s.%s' % (CONF.guest_topic_prefix, instance_id)


class API:
    """[guest_agent] rpc_version_cap: for guests of older images."""

    RPC_API_VERSION = '1.6'

    def __init__(self, context, instance_id, cancelled=None):
        self.context = context
        self.instance_id = instance_id
        self.cancelled = cancelled
        self._client = None

    def _sealed_client(self):
        if self._client is None:
            key = rpc_keys.get(self.instance_id)
            if key is None:
                raise exception.GuestError(
                    id=self.instance_id, reason='the instance has no RPC key')
            self._client = rpc.SealedClient(
                topic(self.instance_id), self.instance_id, key,
                version=self.RPC_API_VERSION,
                version_cap=CONF.guest_agent.rpc_version_cap)
        return self._client

    def can_send_version(self, version):
        return self._sealed_client().can_send_version(version)

    def _call(self, method, timeout, what=None, version='1.0', **kwargs):
        what = what or method
        future = _POOL.submit(self._sealed_client().call, self.context,
                              method, timeout=timeout, version=version,
                              **kwargs)
        try:
            while True:
                try:
                    return future.result(timeout=0.5)
                except concurrent.futures.TimeoutError:
                    if self.cancelled is not None and self.cancelled():
                        raise exception.OperationCancelled()
        except messaging.MessagingTimeout:
            raise exception.GuestTimeout(id=self.instance_id, what=what,
                                         timeout=timeout)
        except messaging.RemoteError as e:
            raise exception.GuestError(id=self.instance_id,
                                       reason=e.value or e.exc_type)
        except sealing.Refused as e:
            raise exception.GuestError(id=self.instance_id, reason=str(e))

    def ping(self, timeout):
        return self._call('ping', timeout, 'a ping')

    def prepare(self, config, timeout=None):
        """Initialise and secure the database server on the node."""
        return self._call('prepare', timeout or CONF.cluster.prepare_timeout,
                          config=config)

    def install_cluster(self, replication_user, cluster_configuration,
                        bootstrap=False, timeout=None):
        """Write the wsrep configuration, start the node, wait for Synced."""
        return self._call('install_cluster',
                          timeout or CONF.cluster.join_timeout,
                          'install_cluster',
                          replication_user=replication_user,
                          cluster_configuration=cluster_configuration,
                          bootstrap=bootstrap)

    def get_cluster_context(self):
        return self._call('get_cluster_context',
                          CONF.cluster.guest_call_timeout)

    def write_cluster_configuration_overrides(self, cluster_configuration):
        return self._call('write_cluster_configuration_overrides',
                          CONF.cluster.guest_call_timeout,
                          cluster_configuration=cluster_configuration)

    def update_overrides(self, values, changes=None, defaults=None):
        """Write a configuration group's values; set the dynamic ones."""
        return self._call('update_overrides',
                          CONF.cluster.guest_call_timeout,
                          'a configuration update', version='1.2',
                          values=values, changes=changes, defaults=defaults)

    def cluster_complete(self):
        return self._call('cluster_complete',
                          CONF.cluster.guest_call_timeout)

    def stop_db(self, timeout=None):
        """Leave the cluster: stop mysqld gracefully."""
        return self._call('stop_db', timeout or CONF.cluster.stop_timeout,
                          'a graceful stop')

    def enable_root(self, password):
        return self._call('enable_root', CONF.cluster.guest_call_timeout,
                          'enable_root', password=password)

    def recover_position(self):
        return self._call('recover_position', CONF.cluster.join_timeout,
                          'position recovery')

    def start_db(self, bootstrap=False):
        return self._call('start_db', CONF.cluster.join_timeout,
                          'a start', bootstrap=bootstrap)

    def restart_db(self, timeout=None):
        """Stop gracefully, start again, wait until Synced (IST rejoin)."""
        return self._call('restart_db', timeout or (
            CONF.cluster.stop_timeout + CONF.cluster.join_timeout),
            'a restart', version='1.1')

    def upgrade(self, datastore_version, timeout=None):
        """Restart on a new datastore version and upgrade its tables."""
        return self._call('upgrade', timeout or (
            CONF.cluster.stop_timeout + 2 * CONF.cluster.join_timeout),
            'an upgrade', version='1.1',
            datastore_version=datastore_version)

    def rebuild(self, config, replication_user, cluster_configuration):
        """Wipe the node's data and join again by a full SST."""
        return self._call('rebuild', CONF.cluster.join_timeout, 'a rebuild',
                          config=config, replication_user=replication_user,
                          cluster_configuration=cluster_configuration)

    def bootstrap_primary(self):
        """Make a non-Primary survivor Primary (pc.bootstrap)."""
        return self._call('bootstrap_primary',
                          CONF.cluster.guest_call_timeout,
                          'a Primary component bootstrap')

    def evict_members(self, uuids):
        """Drop dead members from the node's view (empty: forget them)."""
        return self._call('evict_members', CONF.cluster.guest_call_timeout,
                          'an eviction', version='1.3', uuids=uuids)

    def create_backup(self, backup, timeout):
        """Stream a backup of the running node into storage."""
        return self._call('create_backup', timeout, 'a backup',
                          version=storage_base.guest_rpc_version(backup),
                          backup=backup)

    def restore_backup(self, backup, config, timeout):
        """Replace the node's data by a backup, secured with config."""
        return self._call('restore_backup', timeout, 'a restore',
                          version=storage_base.guest_rpc_version(backup),
                          backup=backup, config=config)

    def tls_request(self):
        """The node's CSR (PEM); its key stays on the node."""
        return self._call('tls_request', CONF.cluster.guest_call_timeout,
                          version='1.6')

    def tls_install(self, certificate, ca_certificate):
        return self._call('tls_install', CONF.cluster.guest_call_timeout,
                          version='1.6', certificate=certificate,
                          ca_certificate=ca_certificate)

    def get_status(self):
        return self._call('get_status', CONF.cluster.guest_call_timeout)
