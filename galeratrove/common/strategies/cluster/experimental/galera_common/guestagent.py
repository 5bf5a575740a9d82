"""Guest side of a Galera strategy: which manager serves the guest RPC."""

from galeratrove.guestagent.datastore.galera_common import manager


class GaleraCommonGuestAgentStrategy:

    manager_class = manager.GaleraManager

    def guest_manager(self, **kwargs):
        return self.manager_class(**kwargs)
