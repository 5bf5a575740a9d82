"""Compute drivers: where a cluster's instances come from.

Drivers are found by name in the ``galeratrove.compute.drivers`` entry
point namespace (setup.cfg), so another package can provide one.
"""

from galeratrove.common import plugins
from galeratrove.conf import CONF

NAMESPACE = 'galeratrove.compute.drivers'
_SLOT = plugins.DriverSlot(NAMESPACE, lambda: CONF.compute.driver)

load = _SLOT.load
get_driver = _SLOT.get
reset = _SLOT.reset
