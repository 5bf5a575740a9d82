"""In-memory stand-ins for novaclient, cinderclient and Neutron's REST API,
holding just what the drivers use, with the clouds' error types."""

import itertools
import re
import threading
import types

from cinderclient import exceptions as cinder_exc
from keystoneauth1 import exceptions as ks_exc
from novaclient import exceptions as nova_exc

_ids = itertools.count(1)


def new_id(kind):
    return '%s-%04d' % (kind, next(_ids))


class FakeServer(types.SimpleNamespace):

    def delete(self):
        self._nova.servers.remove(self.id)


class _Servers:

    def __init__(self, nova):
        self._nova = nova
        self.by_id = {}
        self.created = []

    def create(self, name, image, flavor, **kwargs):
        if self._nova.refuse_create:
            raise self._nova.refuse_create
        self.created.append(dict(kwargs, name=name, image=image,
                                 flavor=flavor))
        fault = self._nova.fault_next
        self._nova.fault_next = None
        server = FakeServer(
            _nova=self._nova, id=new_id('server'), name=name,
            status='ERROR' if fault else 'ACTIVE',
            fault={'message': fault} if fault else None,
            metadata=dict(kwargs.get('meta') or {}),
            nics=kwargs.get('nics'),
            bdms=kwargs.get('block_device_mapping_v2') or [])
        self.by_id[server.id] = server
        return server

    def get(self, server_id):
        try:
            return self.by_id[server_id]
        except KeyError:
            raise nova_exc.NotFound(404, 'No server %s' % server_id)

    def list(self, search_opts=None):
        pattern = re.compile((search_opts or {}).get('name', ''))
        return [s for s in self.by_id.values() if pattern.search(s.name)]

    def remove(self, server_id):
        server = self.by_id.pop(server_id, None)
        if server is None:
            raise nova_exc.NotFound(404)
        self._nova.on_delete(server)

    def interface_list(self, server):
        ifaces = []
        for n, nic in enumerate(server.nics if server.nics != 'none'
                                else []):
            ip = nic.get('v4-fixed-ip') or '10.0.%d.%d' % (
                n, len(self.by_id))
            ifaces.append(types.SimpleNamespace(
                net_id=nic.get('net-id'), fixed_ips=[
                    {'ip_address': 'fd00::1'}, {'ip_address': ip}]))
        return ifaces


class _ServerGroups:

    def __init__(self):
        self.by_id = {}
        self.lock = threading.Lock()

    def list(self):
        return list(self.by_id.values())

    def create(self, name, policy):
        group = types.SimpleNamespace(id=new_id('group'), name=name,
                                      policy=policy)
        self.by_id[group.id] = group
        return group

    def delete(self, group_id):
        if self.by_id.pop(group_id, None) is None:
            raise nova_exc.NotFound(404)


class _Flavors:

    FLAVORS = [types.SimpleNamespace(id='f1', name='db.small', ram=2048,
                                     vcpus=1, disk=10)]

    def list(self):
        return list(self.FLAVORS)

    def get(self, flavor_id):
        for flavor in self.FLAVORS:
            if flavor.id == flavor_id:
                return flavor
        raise nova_exc.NotFound(404)


class FakeNova:
    """novaclient's Client: servers, server_groups, flavors."""

    def __init__(self, cinder=None):
        self.servers = _Servers(self)
        self.server_groups = _ServerGroups()
        self.flavors = _Flavors()
        self.refuse_create = None
        self.fault_next = None
        self._cinder = cinder

    def on_delete(self, server):
        """delete_on_termination: Nova deletes the server's volumes."""
        for bdm in server.bdms:
            if self._cinder is not None and bdm['delete_on_termination']:
                self._cinder.volumes.by_id.pop(bdm['uuid'], None)


class _Volumes:

    def __init__(self, cinder):
        self._cinder = cinder
        self.by_id = {}

    def create(self, size, name=None, volume_type=None,
               availability_zone=None, metadata=None):
        if self._cinder.refuse_create:
            raise self._cinder.refuse_create
        vol = types.SimpleNamespace(
            id=new_id('volume'), name=name, size=size,
            volume_type=volume_type, status='creating',
            metadata=metadata, availability_zone=availability_zone)
        self.by_id[vol.id] = vol
        return vol

    def get(self, volume_id):
        try:
            vol = self.by_id[volume_id]
        except KeyError:
            raise cinder_exc.NotFound(404)
        if vol.status == 'deleting':
            del self.by_id[volume_id]
            raise cinder_exc.NotFound(404)
        # One look later, the cloud has finished what it was doing.
        vol.status = self._cinder.next_status.get(vol.status, vol.status)
        return vol

    def list(self, search_opts=None):
        name = (search_opts or {}).get('name')
        return [v for v in self.by_id.values() if v.name == name]

    def delete(self, volume_id):
        vol = self.by_id.get(volume_id)
        if vol is None:
            raise cinder_exc.NotFound(404)
        if vol.status == 'in-use':
            raise cinder_exc.BadRequest(400, 'volume is attached')
        vol.status = 'deleting'


class FakeCinder:
    """cinderclient's Client: volumes settle one look at a time."""

    def __init__(self):
        self.volumes = _Volumes(self)
        self.refuse_create = None
        self.next_status = {'creating': 'available', 'detaching':
                            'available'}

    def settle_deletes(self):
        for vol in list(self.volumes.by_id.values()):
            if vol.status == 'deleting':
                del self.volumes.by_id[vol.id]


class _Response:

    def __init__(self, body):
        self._body = body

    def json(self):
        return self._body


class FakeNeutron:
    """A keystoneauth Adapter on Neutron's security group API."""

    def __init__(self):
        self.groups = {}
        self.rules = []
        self.ports_using = {}

    def get(self, path, params=None):
        assert path == '/v2.0/security-groups'
        return _Response({'security_groups': [
            g for g in self.groups.values()
            if g['name'] == params['name']]})

    def post(self, path, json):
        if path == '/v2.0/security-groups':
            group = dict(json['security_group'], id=new_id('secgroup'))
            self.groups[group['id']] = group
            return _Response({'security_group': group})
        assert path == '/v2.0/security-group-rules'
        self.rules.append(json['security_group_rule'])
        return _Response(json)

    def delete(self, path):
        group_id = path.rsplit('/', 1)[1]
        if group_id not in self.groups:
            raise ks_exc.NotFound()
        if self.ports_using.get(group_id):
            self.ports_using[group_id] -= 1
            raise ks_exc.Conflict()
        del self.groups[group_id]
        self.rules = [r for r in self.rules
                      if r['security_group_id'] != group_id]
