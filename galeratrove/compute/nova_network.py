"""A cluster's security group, through Neutron's API.

Clients reach 3306 from the configured tenant CIDRs; Galera's replication
(4567 tcp+udp), IST (4568) and SST (4444) ports are open only to the
cluster's own members (a rule whose remote is the group itself).
"""

from keystoneauth1 import exceptions as ks_exc
from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import utils
from galeratrove.conf import CONF

LOG = logging.getLogger(__name__)

MEMBER_PORTS = (('tcp', 4444), ('tcp', 4567), ('udp', 4567), ('tcp', 4568))
CLIENT_PORT = 3306


def group_name(cluster_id):
    return 'galeratrove-%s' % cluster_id


def rules(group_id):
    """The ingress rules of a cluster's group (egress stays open)."""
    result = [{'security_group_id': group_id, 'direction': 'ingress',
               'ethertype': 'IPv6' if ':' in cidr else 'IPv4',
               'protocol': 'tcp', 'port_range_min': CLIENT_PORT,
               'port_range_max': CLIENT_PORT, 'remote_ip_prefix': cidr}
              for cidr in CONF.nova.tenant_cidrs]
    result += [{'security_group_id': group_id, 'direction': 'ingress',
                'ethertype': 'IPv4', 'protocol': proto,
                'port_range_min': port, 'port_range_max': port,
                'remote_group_id': group_id}
               for proto, port in MEMBER_PORTS]
    return result


class SecurityGroups:
    """Get-or-create and delete of per-cluster groups (adapter: Neutron)."""

    def __init__(self, adapter):
        self._api = adapter

    def find(self, cluster_id):
        resp = self._api.get('/v2.0/security-groups',
                             params={'name': group_name(cluster_id)})
        groups = resp.json()['security_groups']
        return groups[0]['id'] if groups else None

    def ensure(self, cluster_id):
        group_id = self.find(cluster_id)
        if group_id:
            return group_id
        try:
            resp = self._api.post('/v2.0/security-groups', json={
                'security_group': {
                    'name': group_name(cluster_id),
                    'description': 'galeratrove cluster %s' % cluster_id}})
        except ks_exc.HttpError as e:
            raise _error(e, 'a security group')
        group_id = resp.json()['security_group']['id']
        for rule in rules(group_id):
            try:
                self._api.post('/v2.0/security-group-rules',
                               json={'security_group_rule': rule})
            except ks_exc.Conflict:
                pass  # the rule exists already
            except ks_exc.HttpError as e:
                raise _error(e, 'a security group rule')
        LOG.info('Security group %s made for cluster %s', group_id,
                 cluster_id)
        return group_id

    def delete(self, cluster_id):
        """Idempotent; waits while Nova still releases members' ports."""
        group_id = self.find(cluster_id)
        if not group_id:
            return

        def deleted():
            try:
                self._api.delete('/v2.0/security-groups/%s' % group_id)
            except ks_exc.NotFound:
                return True
            except ks_exc.Conflict:
                return False  # a port still uses it
            return True
        utils.wait_for(deleted, CONF.nova.delete_timeout, interval=0.5,
                       max_interval=CONF.nova.poll_interval,
                       what='security group %s deleted' % group_id)


def _error(error, what):
    if (error.http_status in (403, 409, 413) and
            'quota' in str(error).lower()):
        return exception.CloudQuotaExceeded(what=what, reason=error)
    return exception.ComputeError(reason='Neutron refused %s: %s'
                                  % (what, error))
