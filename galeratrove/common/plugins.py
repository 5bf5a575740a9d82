"""One configured driver of a stevedore namespace, made on first use."""

from stevedore import driver as sd_driver


class DriverSlot:
    """``get()`` the driver the option names; ``reset()`` closes it."""

    def __init__(self, namespace, option):
        self.namespace = namespace
        self._option = option
        self._driver = None

    def load(self, name):
        """A new instance of the named driver."""
        return sd_driver.DriverManager(self.namespace, name,
                                       invoke_on_load=True).driver

    def get(self):
        if self._driver is None:
            self._driver = self.load(self._option())
        return self._driver

    def reset(self):
        driver, self._driver = self._driver, None
        close = getattr(driver, 'close', None)
        if close is not None:
            close()
