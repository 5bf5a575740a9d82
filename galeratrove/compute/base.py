"""The compute driver interface the taskmanager (and the API) uses.

A driver turns a BootRequest into a running server whose guest agent then
announces itself over RPC. Drivers are loaded by name from the
``galeratrove.compute.drivers`` entry points, so a deployment can plug in
its own (as Octavia's compute drivers are).
"""

import abc
import collections
import dataclasses
import typing

from galeratrove.common import exception

Flavor = collections.namedtuple('Flavor', 'id name ram vcpus disk')

# What a booted server looks like to the taskmanager. ``fault`` is the
# cloud's reason when the server went into ERROR.
Server = collections.namedtuple('Server', 'id status addresses fault',
                                defaults=(None,))

# A cloud server's statuses (Nova's vocabulary), not an instance's: those
# are in common/statuses.py.
ACTIVE, BUILD, ERROR, DELETED = 'ACTIVE', 'BUILD', 'ERROR', 'DELETED'

# Trove accepts both spellings of each nic key.
_NIC_KEYS = {'net-id': 'net_id', 'network_id': 'net_id',
             'port-id': 'port_id', 'port_id': 'port_id',
             'v4-fixed-ip': 'v4_fixed_ip', 'ip_address': 'v4_fixed_ip',
             'subnet-id': 'subnet_id', 'subnet_id': 'subnet_id'}


@dataclasses.dataclass(frozen=True)
class Nic:
    """One requested network attachment (Trove's ``nics`` item)."""
    net_id: typing.Optional[str] = None
    port_id: typing.Optional[str] = None
    v4_fixed_ip: typing.Optional[str] = None
    subnet_id: typing.Optional[str] = None

    @classmethod
    def from_request(cls, item):
        values = {}
        for key, value in (item or {}).items():
            if value not in (None, ''):
                values[_NIC_KEYS[key]] = value
        return cls(**values)


@dataclasses.dataclass(frozen=True)
class VolumeRequest:
    """The data volume: size in GB, the cloud's volume type, its id."""
    size: int
    type: typing.Optional[str] = None
    id: typing.Optional[str] = None


@dataclasses.dataclass
class BootRequest:
    """Everything a driver needs to boot one instance.

    instance_id, name, cluster_id: who the server is (ids never change,
    names are the user's free text).
    flavor: a Flavor of this driver.
    volume: a VolumeRequest; the driver creates (or reuses) the volume.
    guest_config: the guest's own settings (compute.guest_conf renders
    them); they hold its RPC key, so a driver delivers them only inside
    the server (disk, config drive, user data), never in metadata.
    image_id: the datastore version's image (None: the driver's default).
    nics: Nic list, after the driver's own management networks.
    availability_zone: the zone asked for, or None.
    locality: 'affinity' or 'anti-affinity' for the cluster's servers;
    None means the driver's default.
    server_group: an existing server group id to use instead.
    security_groups: extra security group ids or names.
    user_data, files: extra boot data (files are written on the config
    drive by drivers that have one).
    metadata: plain, non-secret server metadata.
    """
    instance_id: str
    name: str
    flavor: Flavor
    volume: VolumeRequest
    guest_config: dict
    cluster_id: typing.Optional[str] = None
    image_id: typing.Optional[str] = None
    nics: list = dataclasses.field(default_factory=list)
    availability_zone: typing.Optional[str] = None
    locality: typing.Optional[str] = None
    server_group: typing.Optional[str] = None
    security_groups: list = dataclasses.field(default_factory=list)
    user_data: typing.Optional[str] = None
    files: dict = dataclasses.field(default_factory=dict)
    metadata: dict = dataclasses.field(default_factory=dict)


class ComputeDriver(abc.ABC):

    # Placement options the driver honours (see cluster.unsupported):
    # 'locality', 'networks', 'availability_zones', 'volume_types'.
    capabilities = frozenset()

    # Longest pause between two looks at a booting server (seconds): a
    # cloud API is polled with backoff up to this.
    poll_interval = 0.5

    @abc.abstractmethod
    def list_flavors(self):
        """All flavors a tenant may use."""

    def get_flavor(self, flavor_id):
        for flavor in self.list_flavors():
            if str(flavor.id) == str(flavor_id):
                return flavor
        raise exception.FlavorNotFound(id=flavor_id)

    @abc.abstractmethod
    def boot(self, context, request):
        """Start the server a BootRequest describes; idempotent.

        Returns the compute id. Booting an instance id that already has a
        server returns that server's id.
        """

    @abc.abstractmethod
    def get_server(self, compute_id):
        """A Server, or None when it no longer exists."""

    @abc.abstractmethod
    def delete(self, compute_id):
        """Delete an instance and its disk; idempotent."""

    def delete_cluster(self, cluster_id):
        """Remove what the driver made per cluster; idempotent."""

    def check_host(self):
        """Raise HostNotReady when no instance could run (fail fast)."""

    def close(self):
        """Release what the driver holds (threads, sessions)."""
