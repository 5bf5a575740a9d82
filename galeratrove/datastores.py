"""Registering the datastores this deployment can run.

A version whose server binaries are missing is registered inactive, so a
create is refused up front with a clear message instead of failing later.
"""

from oslo_log import log as logging
from stevedore import extension

from galeratrove.common import plugins
from galeratrove.db import api as db_api
from galeratrove.guestagent.datastore.galera_common import node as gnode

LOG = logging.getLogger(__name__)


def installed_version(manager):
    """(version, active) for a datastore manager on this machine."""
    node_cls = gnode.get_node_class(manager)
    if node_cls.binaries_available():
        version = node_cls.server_version()
        if version:
            return version, True
    return node_cls.fallback_version, False


def installable():
    """Every datastore manager a node plugin is installed for."""
    return sorted(extension.ExtensionManager(
        plugins.DATASTORE_NODES).names())


def register_installed(managers=None):
    for manager in managers or installable():
        version, active = installed_version(manager)
        db_api.datastore_version_update(manager, version, manager,
                                        active=active, make_default=True)
        LOG.info('Datastore %s %s registered (%s)', manager, version,
                 'active' if active else 'inactive: server not installed')
