"""Nova compute driver: a server per instance, a Cinder volume as its disk.

Per instance: a volume (the volume driver), a server from the datastore
version's image with the volume attached (deleted with the server), the
user's nics first and the management networks last (as Trove does: the
database address is on the user's network), the guest's configuration in
user data. Per cluster: a server group from ``locality`` and a security
group, both named after the cluster id so every step can be retried.
"""

import threading

from novaclient import exceptions as nova_exc
from oslo_log import log as logging

from galeratrove.common import clients
from galeratrove.common import exception
from galeratrove.common import user_data
from galeratrove.common import utils
from galeratrove.compute import base
from galeratrove.compute import nova_network
from galeratrove.conf import CONF
from galeratrove import volume

LOG = logging.getLogger(__name__)

PREFIX = 'galeratrove-'
CAPABILITIES = frozenset(['locality', 'networks', 'availability_zones'])


def server_name(instance_id):
    return PREFIX + instance_id


def volume_name(instance_id):
    return PREFIX + instance_id


def _quota(error):
    return (isinstance(error, nova_exc.OverLimit) or
            (isinstance(error, nova_exc.Forbidden) and
             'quota' in str(error).lower()))


def _nic(nic):
    if nic.subnet_id and not nic.net_id and not nic.port_id:
        raise exception.ComputeError(
            reason='a nic naming only a subnet needs its network: give '
                   'net-id (and v4-fixed-ip) or port-id')
    item = {'net-id': nic.net_id, 'port-id': nic.port_id,
            'v4-fixed-ip': nic.v4_fixed_ip}
    return {k: v for k, v in item.items() if v}


class NovaDriver(base.ComputeDriver):

    def __init__(self, nova=None, volumes=None, security_groups=None):
        self._nova = nova
        self._volumes = volumes
        self._security_groups = security_groups
        self._lock = threading.Lock()
        self._cluster_locks = {}

    # Clients (built on first use: the API only lists flavors) -----------

    @property
    def nova(self):
        if self._nova is None:
            self._nova = clients.nova()
        return self._nova

    @property
    def volumes(self):
        if self._volumes is None:
            self._volumes = volume.get_driver()
        return self._volumes

    @property
    def security_groups(self):
        if self._security_groups is None:
            self._security_groups = nova_network.SecurityGroups(
                clients.neutron())
        return self._security_groups

    @property
    def capabilities(self):
        return CAPABILITIES | self.volumes.capabilities

    @property
    def poll_interval(self):
        return CONF.nova.poll_interval

    # Flavors --------------------------------------------------------------

    @staticmethod
    def _flavor(f):
        return base.Flavor(id=f.id, name=f.name, ram=f.ram, vcpus=f.vcpus,
                           disk=f.disk)

    def list_flavors(self):
        return [self._flavor(f) for f in self.nova.flavors.list()]

    def get_flavor(self, flavor_id):
        try:
            return self._flavor(self.nova.flavors.get(flavor_id))
        except nova_exc.NotFound:
            raise exception.FlavorNotFound(id=flavor_id)

    # Per cluster ----------------------------------------------------------

    def _cluster_lock(self, cluster_id):
        with self._lock:
            return self._cluster_locks.setdefault(cluster_id,
                                                  threading.Lock())

    def _find_group(self, cluster_id):
        for group in self.nova.server_groups.list():
            if group.name == PREFIX + cluster_id:
                return group
        return None

    def _server_group(self, request):
        """The cluster's group, made by the first of its parallel boots."""
        policy = request.locality or CONF.nova.default_locality
        if request.server_group or policy == 'none':
            return request.server_group
        group = self._find_group(request.cluster_id)
        if group is None:
            try:
                group = self.nova.server_groups.create(
                    name=PREFIX + request.cluster_id, policy=policy)
            except nova_exc.ClientException as e:
                if _quota(e):
                    raise exception.CloudQuotaExceeded(
                        what='a server group', reason=e)
                raise exception.ComputeError(
                    reason='server group %s: %s' % (policy, e))
            LOG.info('Server group %s (%s) made for cluster %s', group.id,
                     policy, request.cluster_id)
        return group.id

    def _cluster_resources(self, request):
        """(server group id or None, security group ids)."""
        if not request.cluster_id:
            return request.server_group, list(request.security_groups)
        with self._cluster_lock(request.cluster_id):
            group_id = self._server_group(request)
            secgroups = list(request.security_groups)
            if CONF.nova.security_groups:
                secgroups.insert(0, self.security_groups.ensure(
                    request.cluster_id))
        return group_id, secgroups

    def delete_cluster(self, cluster_id):
        group = self._find_group(cluster_id)
        if group is not None:
            try:
                self.nova.server_groups.delete(group.id)
            except nova_exc.NotFound:
                pass
        if CONF.nova.security_groups:
            self.security_groups.delete(cluster_id)
        with self._lock:
            self._cluster_locks.pop(cluster_id, None)

    # Per instance ---------------------------------------------------------

    def _find_server(self, instance_id):
        servers = self.nova.servers.list(search_opts={
            'name': '^%s$' % server_name(instance_id)})
        return servers[0] if servers else None

    def _get(self, compute_id):
        try:
            return self.nova.servers.get(compute_id)
        except nova_exc.NotFound:
            return None

    def _user_data(self, request):
        if request.files:
            raise exception.ComputeError(
                reason='injected files are gone from the compute API '
                       '(microversion 2.57); pass them in user data')
        if request.user_data:
            return request.user_data
        info = dict(request.guest_config, address=None,
                    base_dir=CONF.nova.guest_base_dir)
        return user_data.render(request.instance_id, info,
                                command=CONF.nova.guest_agent_command)

    def boot(self, context, request):
        existing = self._find_server(request.instance_id)
        if existing is not None:
            return existing.id
        image = request.image_id or CONF.nova.default_image_id
        if not image:
            raise exception.ComputeError(
                reason='no image registered for this datastore version '
                       '(galeratrove-manage datastore-update --image)')
        nics = [_nic(n) for n in request.nics]
        nics += [{'net-id': net} for net in CONF.nova.management_networks]
        group_id, secgroups = self._cluster_resources(request)
        # An arbitrator (volume size 0) holds no data: no volume.
        vol = self.volumes.create(
            context, volume_name(request.instance_id), request.volume.size,
            volume_type=request.volume.type,
            availability_zone=request.availability_zone,
            metadata={'galeratrove_instance_id': request.instance_id},
        ) if request.volume.size else None
        metadata = dict(request.metadata,
                        galeratrove_instance_id=request.instance_id)
        kwargs = {
            'nics': nics or 'none', 'meta': metadata,
            'availability_zone': request.availability_zone,
            'config_drive': CONF.nova.config_drive,
            'userdata': self._user_data(request),
            'key_name': CONF.nova.keypair}
        if vol is not None:
            kwargs['block_device_mapping_v2'] = [{
                'uuid': vol.id, 'source_type': 'volume',
                'destination_type': 'volume', 'boot_index': -1,
                'delete_on_termination': True}]
        if secgroups:
            kwargs['security_groups'] = secgroups
        if group_id:
            kwargs['scheduler_hints'] = {'group': group_id}
        try:
            server = self.nova.servers.create(
                server_name(request.instance_id), image, request.flavor.id,
                **kwargs)
        except nova_exc.ClientException as e:
            if vol is not None:
                self.volumes.delete(vol.id)
            if _quota(e):
                raise exception.CloudQuotaExceeded(what='a server', reason=e)
            raise exception.ComputeError(reason='Nova refused the server: %s'
                                         % e)
        LOG.info('Server %s booting for instance %s', server.id,
                 request.instance_id)
        return server.id

    def _addresses(self, server):
        """IPv4 fixed addresses, the user's networks before management."""
        management = set(CONF.nova.management_networks)
        ifaces = self.nova.servers.interface_list(server)
        ifaces.sort(key=lambda i: i.net_id in management)
        return [ip['ip_address'] for i in ifaces for ip in i.fixed_ips
                if ':' not in ip['ip_address']]

    def get_server(self, compute_id):
        server = self._get(compute_id)
        if server is None or server.status in ('DELETED', 'SOFT_DELETED'):
            return None
        fault = None
        if server.status == base.ERROR:
            fault = (getattr(server, 'fault', None) or {}).get('message')
            fault = fault or 'Nova put the server in ERROR'
        addresses = (self._addresses(server)
                     if server.status == base.ACTIVE else [])
        return base.Server(id=server.id, status=server.status,
                           addresses=addresses, fault=fault)

    def delete(self, compute_id):
        """Server (Nova deletes its volume), then any volume left; 404 ok.

        ``compute_id`` may be an instance id: the boot never recorded its
        server, which is then found by name.
        """
        server = self._get(compute_id) or self._find_server(compute_id)
        instance_id = compute_id
        if server is not None:
            instance_id = server.metadata.get('galeratrove_instance_id',
                                              compute_id)
            try:
                server.delete()
            except nova_exc.NotFound:
                pass
            utils.wait_for(lambda: self._get(server.id) is None,
                           CONF.nova.delete_timeout, interval=0.5,
                           max_interval=CONF.nova.poll_interval,
                           what='server %s deleted' % server.id)
            LOG.info('Server %s of instance %s deleted', server.id,
                     instance_id)
        for vol in self.volumes.find(volume_name(instance_id)):
            self.volumes.delete(vol.id)
