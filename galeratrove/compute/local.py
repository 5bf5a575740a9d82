"""Local compute driver: instances are real processes on this machine.

Each instance gets its own loopback address and its own directory as its
disk; its guest agent starts the way a VM would boot it.
"""

from galeratrove.compute import base
from galeratrove.conf import CONF


def parse_flavors(entries):
    flavors = []
    for entry in entries:
        fid, name, ram, vcpus = entry.split(':')
        flavors.append(base.Flavor(id=fid, name=name, ram=int(ram),
                                   vcpus=int(vcpus), disk=0))
    return flavors


class LocalDriver(base.ComputeDriver):

    def __init__(self):
        self._flavors = parse_flavors(CONF.local_compute.flavors)

    def list_flavors(self):
        return list(self._flavors)

    def boot(self, instance_id, name, flavor, volume_size, guest_config,
             availability_zone=None, nics=None, hints=None):
        raise NotImplementedError('local boot arrives with the guest agent')

    def get_server(self, compute_id):
        return None

    def delete(self, compute_id):
        return None
