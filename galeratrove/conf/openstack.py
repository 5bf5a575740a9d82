"""[nova], [cinder], [neutron], [swift], [volume]: running on OpenStack.

Each client section holds keystoneauth1's own options (auth, session and
adapter: auth_url, credentials, region_name, valid_interfaces,
endpoint_override, cafile...), loaded the way every OpenStack service
loads them, plus the few settings of our drivers.
"""

import copy

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

SERVICE_TYPES = {'nova': 'compute', 'cinder': 'block-storage',
                 'neutron': 'network', 'swift': 'object-store'}
TITLES = {'nova': 'Nova compute driver', 'cinder': 'Cinder volume driver',
          'neutron': 'Neutron (security groups of the nova driver)',
          'swift': 'Swift (the swift backup storage driver)'}

nova_opts = [
    cfg.ListOpt('management_networks', default=[],
                help='Network ids every server is attached to first, '
                     'before the networks a user asks for: the guest '
                     'agent reaches the broker through them.'),
    cfg.StrOpt('default_locality', default='anti-affinity',
               choices=[('anti-affinity', 'no two members on one host'),
                        ('soft-anti-affinity', 'spread when possible'),
                        ('affinity', 'all members on one host'),
                        ('none', 'no server group')],
               help="Server group policy of a cluster whose request has no "
                    "locality. Three Galera nodes on one hypervisor are "
                    "one failure, hence anti-affinity."),
    cfg.ListOpt('tenant_cidrs', default=['0.0.0.0/0'],
                help="Where clients may reach the database port (3306) "
                     "from, in each cluster's security group. Galera's "
                     "ports 4444, 4567, 4568 are open only between the "
                     "cluster's own members."),
    cfg.BoolOpt('security_groups', default=True,
                help='Create a security group per cluster (needs '
                     'Neutron).'),
    cfg.BoolOpt('config_drive', default=True,
                help='Ask for a config drive, where the guest reads its '
                     'configuration (the user data) without a metadata '
                     'service.'),
    cfg.StrOpt('default_image_id',
               help='Image of datastore versions registered without '
                    '--image.'),
    cfg.StrOpt('keypair', help='Key pair injected into servers, for an '
                               "operator's debugging."),
    cfg.StrOpt('guest_base_dir', default='/var/lib/galeratrove/node',
               help='Where the guest image mounts the data volume: the '
                    "node's data directory."),
    cfg.StrOpt('guest_agent_command', default='galeratrove-guestagent',
               help='The guest agent command inside the image.'),
    cfg.FloatOpt('poll_interval', default=5.0, min=0.1,
                 help='Longest pause between two looks at a server or '
                      'volume being built or deleted (polls back off up '
                      'to this).'),
    cfg.IntOpt('delete_timeout', default=300, min=1,
               help='Seconds to wait for a server or volume to be gone.'),
    cfg.StrOpt('api_version', default='2.64',
               help='Compute API microversion (2.64 or later: server '
                    'groups with a single policy).'),
]

cinder_opts = [
    cfg.IntOpt('create_timeout', default=300, min=1,
               help="Seconds to wait for a new volume to be 'available'."),
    cfg.StrOpt('api_version', default='3.0',
               help='Block storage API version.'),
]

volume_group = cfg.OptGroup('volume', title='Volume driver')
volume_opts = [
    cfg.StrOpt('driver', default='noop',
               choices=[('noop', 'Instances bring their own disk (the '
                                 'local compute driver).'),
                        ('cinder', 'A Cinder volume per instance.')],
               help='Which volume driver creates data volumes.'),
]

OWN_OPTS = {'nova': nova_opts, 'cinder': cinder_opts, 'neutron': [],
            'swift': []}


def _ks_opts(section):
    """keystoneauth1's session, auth and adapter options for a section."""
    adapter = ks_loading.get_adapter_conf_options(include_deprecated=False)
    cfg.set_defaults(adapter, service_type=SERVICE_TYPES[section],
                     valid_interfaces=['internal', 'public'])
    return (ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() + adapter)


def register_opts(conf):
    conf.register_group(volume_group)
    conf.register_opts(volume_opts, group=volume_group)
    for section, own in OWN_OPTS.items():
        group = cfg.OptGroup(section, title=TITLES[section])
        conf.register_group(group)
        conf.register_opts(own + _ks_opts(section), group=group)


def list_opts():
    result = {volume_group: volume_opts}
    password = ks_loading.get_auth_plugin_conf_options('password')
    for section, own in OWN_OPTS.items():
        group = cfg.OptGroup(section, title=TITLES[section])
        result[group] = own + _ks_opts(section) + copy.deepcopy(password)
    return result
