"""[taskmanager] options: who this taskmanager is and how long it may go
silent before another one takes its operations over."""

import socket

from oslo_config import cfg

from galeratrove.conf import rpc_versions

# One [taskmanager] section: its RPC version cap lives in rpc_versions.
group = rpc_versions.taskmanager_group

opts = [
    cfg.StrOpt('host', default=socket.gethostname(),
               sample_default='<hostname>',
               help='Name of this taskmanager, unique among those sharing '
                    'one database: it owns the operations it runs (their '
                    'lease and step records name it) and is its RPC '
                    'server name, so a call can reach it alone.'),
    cfg.IntOpt('operation_lease_seconds', default=30, min=3,
               help='Seconds an operation\'s owner may go without renewing '
                    'its lease (it renews every third of this) before '
                    'another taskmanager takes the operation over and '
                    'resumes it. The owner stops working on it sooner, '
                    'after two thirds of this without a renewal. The same '
                    'lease decides which taskmanager health-checks each '
                    'cluster.'),
    cfg.IntOpt('schedule_check_interval', default=30, min=0,
               help='Seconds between the taskmanager\'s looks at the backup '
                    'schedules of the clusters it owns; a run is started '
                    'at most this late. 0 disables scheduled backups on '
                    'this taskmanager.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
