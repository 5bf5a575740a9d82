"""[cluster] options: the time each step of a cluster operation may take.

Every wait in a flow is on a condition (an RPC reply or a status reported by
the guest), bounded by one of these.
"""

from oslo_config import cfg

group = cfg.OptGroup('cluster', title='Cluster operation timeouts')

opts = [
    cfg.IntOpt('boot_timeout', default=300, min=1,
               help='Seconds for a booted instance to answer its guest '
                    'agent.'),
    cfg.IntOpt('prepare_timeout', default=300, min=1,
               help='Seconds for a guest to prepare its database server.'),
    cfg.IntOpt('join_timeout', default=600, min=1,
               help='Seconds for one node to start and reach Synced '
                    '(includes the state transfer, which grows with the '
                    'data).'),
    cfg.IntOpt('stop_timeout', default=120, min=1,
               help='Seconds for a node to stop gracefully.'),
    cfg.IntOpt('guest_call_timeout', default=60, min=1,
               help='Seconds for short guest calls (configuration '
                    'rewrites, root, context).'),
    cfg.IntOpt('heartbeat_interval', default=10, min=1,
               help='Seconds between guest heartbeats.'),
    cfg.IntOpt('health_check_interval', default=10, min=0,
               help='Seconds between the taskmanager\'s health checks of '
                    'idle clusters; a node that stopped is started again, '
                    'and a cluster with no primary component left is '
                    'restarted from its most advanced node. 0 disables '
                    'automatic recovery.'),
    cfg.IntOpt('heal_settle_timeout', default=30, min=1,
               help='Seconds a heal waits for Galera to evict dead members '
                    'from a Primary view that will lose its quorum, before '
                    'it decides how to recover.'),
    cfg.IntOpt('heal_restart_attempts', default=2, min=1,
               help='Failed starts of a stopped member before the heal '
                    'rebuilds it by a full state transfer from a Synced '
                    'member (its data dir is wiped), or marks it ERROR with '
                    'a fault when that fails too.'),
    cfg.IntOpt('heartbeat_stale_after', default=60, min=1,
               help='A guest not heard from for this long is shown as '
                    'SHUTDOWN/unknown.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
