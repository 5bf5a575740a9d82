"""Plugins found through stevedore entry points (declared in setup.cfg).

A compute or volume driver, a datastore's cluster strategies and its node
class are each one entry point: adding one is a plugin, not edits spread
over the generic code.
"""

import functools
import threading

from stevedore import driver as sd_driver

# Namespaces of the classes each datastore manager name stands for.
API_STRATEGIES = 'galeratrove.strategies.cluster.api'
TASKMANAGER_STRATEGIES = 'galeratrove.strategies.cluster.taskmanager'
GUESTAGENT_STRATEGIES = 'galeratrove.strategies.cluster.guestagent'
DATASTORE_NODES = 'galeratrove.guestagent.datastore.nodes'


@functools.lru_cache(maxsize=None)
def load_class(namespace, name):
    """The class (not an instance) registered as ``name``.

    Raises stevedore's NoMatches when nothing is registered under it.
    """
    return sd_driver.DriverManager(namespace, name).driver


class DriverSlot:
    """``get()`` the driver the option names; ``reset()`` closes it."""

    def __init__(self, namespace, option):
        self.namespace = namespace
        self._option = option
        self._driver = None
        # Operations run in threads: two first uses must share one driver.
        self._lock = threading.RLock()

    def load(self, name):
        """A new instance of the named driver."""
        return sd_driver.DriverManager(self.namespace, name,
                                       invoke_on_load=True).driver

    def get(self):
        with self._lock:
            if self._driver is None:
                self._driver = self.load(self._option())
            return self._driver

    def reset(self):
        with self._lock:
            driver, self._driver = self._driver, None
        close = getattr(driver, 'close', None)
        if close is not None:
            close()
