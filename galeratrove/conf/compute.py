"""[compute] and [local_compute] options: where instances come from."""

from oslo_config import cfg

compute_group = cfg.OptGroup('compute', title='Compute driver')
compute_opts = [
    cfg.StrOpt('driver', default='local',
               help="Which compute driver boots instances: an entry point "
                    "of galeratrove.compute.drivers. 'local': real "
                    "database processes on this machine, one loopback "
                    "address each. 'nova': Nova servers with a Cinder "
                    "data volume each (see [nova], [cinder], [neutron] "
                    "and set [volume] driver = cinder)."),
]

local_group = cfg.OptGroup('local_compute', title='Local compute driver')
local_opts = [
    cfg.StrOpt('cidr', default='127.10.0.0/16',
               help='Loopback network the local instances take their '
                    'addresses from; each instance gets its own.'),
    cfg.StrOpt('instances_path', default='$state_path/instances',
               help="Directory holding each local instance's disk (its "
                    "own subdirectory). When the service runs as root "
                    "each node runs as its own OS user, who must be able "
                    "to traverse it."),
    cfg.ListOpt('flavors',
                default=['1:m1.tiny:512:1', '2:m1.small:1024:1',
                         '3:m1.medium:2048:2', '4:m1.large:4096:2'],
                help='Flavors offered, as id:name:ram_mb:vcpus. RAM '
                     "sizes the node's buffer pool and gcache."),
    cfg.StrOpt('guest_mode', default='auto',
               choices=[('auto', 'thread with the in-process transport, '
                         'process otherwise'),
                        ('thread', 'in the service process'),
                        ('process', 'one galeratrove-guestagent process '
                         'per instance')],
               help='How the guest agent of a local instance runs.'),
]


def register_opts(conf):
    conf.register_group(compute_group)
    conf.register_opts(compute_opts, group=compute_group)
    conf.register_group(local_group)
    conf.register_opts(local_opts, group=local_group)


def list_opts():
    return {compute_group: compute_opts, local_group: local_opts}
