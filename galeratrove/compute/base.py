"""The interface the taskmanager (and the API, for flavors) uses."""

import abc
import collections

from galeratrove.common import exception

Flavor = collections.namedtuple('Flavor', 'id name ram vcpus disk')

# What a booted server looks like to the taskmanager.
Server = collections.namedtuple('Server', 'id status addresses')

ACTIVE, BUILD, ERROR, DELETED = 'ACTIVE', 'BUILD', 'ERROR', 'DELETED'


class ComputeDriver(abc.ABC):

    # Placement options the driver honours (see cluster.unsupported):
    # 'locality', 'networks', 'availability_zones', 'volume_types'.
    capabilities = frozenset()

    @abc.abstractmethod
    def list_flavors(self):
        """All flavors a tenant may use."""

    def get_flavor(self, flavor_id):
        for flavor in self.list_flavors():
            if str(flavor.id) == str(flavor_id):
                return flavor
        raise exception.FlavorNotFound(id=flavor_id)

    @abc.abstractmethod
    def boot(self, instance_id, name, flavor, volume_size, guest_config,
             availability_zone=None, nics=None, hints=None):
        """Start an instance whose guest agent uses ``guest_config``.

        Returns the compute id. The guest agent announces itself over RPC.
        """

    @abc.abstractmethod
    def get_server(self, compute_id):
        """A Server, or None when it no longer exists."""

    @abc.abstractmethod
    def delete(self, compute_id):
        """Delete an instance and its disk; idempotent."""

    def check_host(self):
        """Raise HostNotReady when no instance could run (fail fast)."""

    def close(self):
        """Release what the driver holds (threads, sessions)."""
