"""Volume drivers: where an instance's data volume comes from.

Separate from the compute driver (as in Octavia) so that a cloud's block
storage can change without touching how servers boot. Found by name in the
``galeratrove.volume.drivers`` entry point namespace.
"""

from galeratrove.common import plugins
from galeratrove.conf import CONF

NAMESPACE = 'galeratrove.volume.drivers'
_SLOT = plugins.DriverSlot(NAMESPACE, lambda: CONF.volume.driver)

load = _SLOT.load
get_driver = _SLOT.get
reset = _SLOT.reset
