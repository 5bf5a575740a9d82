"""Version caps of the RPC clients, for rolling upgrades.

While older services still run, a newer client is capped to the version
they speak (as Ironic and Nova pin theirs); unset, a client sends its own.
"""

from oslo_config import cfg

_HELP = ('Highest RPC API version this deployment sends to the %s (e.g. '
         '"1.0"), while older ones still run during an upgrade. Unset: '
         "the client's own version.")

taskmanager_group = cfg.OptGroup('taskmanager', title='Taskmanager RPC')
conductor_group = cfg.OptGroup('conductor', title='Conductor RPC')
guest_group = cfg.OptGroup('guest_agent', title='Guest agent identity')

GROUPS = {
    taskmanager_group: [cfg.StrOpt('rpc_version_cap',
                                   help=_HELP % 'taskmanager')],
    conductor_group: [cfg.StrOpt('rpc_version_cap',
                                 help=_HELP % 'conductor')],
    guest_group: [cfg.StrOpt('rpc_version_cap',
                             help=_HELP % 'guest agents')],
}


def register_opts(conf):
    for group, opts in GROUPS.items():
        conf.register_group(group)
        conf.register_opts(opts, group=group)


def list_opts():
    return dict(GROUPS)
