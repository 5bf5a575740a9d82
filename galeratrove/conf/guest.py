"""[guest_agent] options: who this guest agent is (from guest_info.conf).

The compute driver writes these into each instance's guest_info.conf, as
Trove's taskmanager does through the config drive.
"""

from oslo_config import cfg

group = cfg.OptGroup('guest_agent', title='Guest agent identity')

opts = [
    cfg.StrOpt('instance_id', help='Id of the instance this agent serves.'),
    cfg.StrOpt('manager', default='mariadb',
               help='Datastore manager of the instance.'),
    cfg.StrOpt('address', help="The node's own IP address."),
    cfg.StrOpt('base_dir',
               help="Directory of the node's data, configuration and "
                    "logs (the instance's volume)."),
    cfg.IntOpt('memory_mb', default=1024,
               help="The flavor's RAM; sizes the buffer pool and gcache."),
    cfg.StrOpt('admin_user', default='os_admin',
               help='Internal administrative database user.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
