"""Compute drivers: where a cluster's instances come from.

Drivers are found by name in the ``galeratrove.compute.drivers`` entry
point namespace (setup.cfg), so another package can provide one.
"""

from stevedore import driver as sd_driver

from galeratrove.conf import CONF

NAMESPACE = 'galeratrove.compute.drivers'
_DRIVER = None


def load(name):
    """A new instance of the named driver."""
    return sd_driver.DriverManager(NAMESPACE, name,
                                   invoke_on_load=True).driver


def get_driver():
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = load(CONF.compute.driver)
    return _DRIVER


def reset():
    global _DRIVER
    if _DRIVER is not None:
        _DRIVER.close()
    _DRIVER = None
