"""Backups of Galera clusters: storage drivers, service API and flow.

Storage drivers are found by name in the ``galeratrove.backup.storage``
entry point namespace (setup.cfg), like the compute and volume drivers.
The guest agent stores and fetches the stream through one; the service
deletes through the same one.
"""

from galeratrove.common import plugins
from galeratrove.conf import CONF

NAMESPACE = 'galeratrove.backup.storage'


def storage_driver_name():
    """The configured driver; unset, Swift on a Nova cloud, else local."""
    if CONF.backup.storage_driver:
        return CONF.backup.storage_driver
    return 'swift' if CONF.compute.driver == 'nova' else 'local'


_SLOT = plugins.DriverSlot(NAMESPACE, storage_driver_name)

load = _SLOT.load
get_storage = _SLOT.get
reset = _SLOT.reset
