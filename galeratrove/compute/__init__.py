"""Compute drivers: where a cluster's instances come from."""

from oslo_utils import importutils

from galeratrove.conf import CONF

_DRIVERS = {'local': 'galeratrove.compute.local.LocalDriver'}
_DRIVER = None


def get_driver():
    global _DRIVER
    if _DRIVER is None:
        _DRIVER = importutils.import_class(_DRIVERS[CONF.compute.driver])()
    return _DRIVER


def reset():
    global _DRIVER
    if _DRIVER is not None:
        _DRIVER.close()
    _DRIVER = None
