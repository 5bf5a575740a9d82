"""Volume drivers: where an instance's data volume comes from.

Separate from the compute driver (as in Octavia) so that a cloud's block
storage can change without touching how servers boot. Found by name in the
``galeratrove.volume.drivers`` entry point namespace.
"""

from stevedore import driver as sd_driver

from galeratrove.conf import CONF

NAMESPACE = 'galeratrove.volume.drivers'
_DRIVER = None


def load(name):
    """A new instance of the named driver."""
    return sd_driver.DriverManager(NAMESPACE, name,
                                   invoke_on_load=True).driver


def get_driver():
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = load(CONF.volume.driver)
    return _DRIVER


def reset():
    global _DRIVER
    _DRIVER = None
