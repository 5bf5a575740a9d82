"""A compute driver that only records: for unit tests of the code that
drives compute drivers (the taskmanager, the API's capability checks)."""

import threading
import uuid

from galeratrove.compute import base

FLAVORS = [base.Flavor(id='1', name='fake.small', ram=512, vcpus=1,
                       disk=1),
           base.Flavor(id='2', name='fake.large', ram=2048, vcpus=2,
                       disk=1)]


class FakeDriver(base.ComputeDriver):
    """Servers become ACTIVE at once with a made-up address.

    ``requests`` keeps every BootRequest, ``fail_next`` makes the next
    boot's server go into ERROR with that fault.
    """

    capabilities = frozenset(['locality', 'networks', 'availability_zones',
                              'volume_types'])

    def __init__(self):
        self._lock = threading.Lock()
        self.requests = []
        self.servers = {}
        self.deleted_clusters = []
        self.fail_next = None

    def list_flavors(self):
        return list(FLAVORS)

    def boot(self, context, request):
        with self._lock:
            self.requests.append(request)
            for server in self.servers.values():
                if server['instance_id'] == request.instance_id:
                    return server['id']
            server_id = str(uuid.uuid4())
            fault, self.fail_next = self.fail_next, None
            self.servers[server_id] = {
                'id': server_id, 'instance_id': request.instance_id,
                'status': base.ERROR if fault else base.ACTIVE,
                'fault': fault,
                'addresses': ['192.0.2.%d' % (len(self.servers) + 1)]}
            return server_id

    def get_server(self, compute_id):
        server = self.servers.get(compute_id)
        if server is None:
            return None
        return base.Server(id=compute_id, status=server['status'],
                           addresses=server['addresses'],
                           fault=server['fault'])

    def delete(self, compute_id):
        self.servers.pop(compute_id, None)

    def delete_cluster(self, cluster_id):
        self.deleted_clusters.append(cluster_id)
