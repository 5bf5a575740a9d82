"""Per-datastore groups ([mariadb], [pxc]): cluster support and strategies.

The strategy classes named here are all the generic code knows of a
datastore.
"""

from oslo_config import cfg

_STRATEGIES = 'galeratrove.common.strategies.cluster.experimental'


def _opts(name, manager, sst_method, sst_methods):
    return [
        cfg.BoolOpt('cluster_support', default=True,
                    help='Whether clusters of this datastore may be '
                         'created.'),
        cfg.IntOpt('min_cluster_member_count', default=3, min=1,
                   help='Fewest instances a new cluster may have.'),
        cfg.StrOpt('api_strategy',
                   default='%s.%s.api.%sAPIStrategy' % (
                       _STRATEGIES, name, manager),
                   help='Class validating cluster requests in the API.'),
        cfg.StrOpt('taskmanager_strategy',
                   default='%s.%s.taskmanager.%sTaskManagerStrategy' % (
                       _STRATEGIES, name, manager),
                   help='Class running cluster flows in the taskmanager.'),
        cfg.StrOpt('guestagent_strategy',
                   default='%s.%s.guestagent.%sGuestAgentStrategy' % (
                       _STRATEGIES, name, manager),
                   help='Class giving the guest agent client and the '
                        'guest-side manager.'),
        cfg.StrOpt('sst_method', default=sst_method, choices=sst_methods,
                   help='State snapshot transfer method for joining '
                        'nodes.'),
        cfg.StrOpt('replication_user', default='os_sst',
                   help='User for state snapshot transfers.'),
    ]


mariadb_group = cfg.OptGroup('mariadb', title='MariaDB Galera datastore')
mariadb_opts = _opts('mariadb', 'MariaDB', 'rsync', ['rsync', 'mariabackup'])
pxc_group = cfg.OptGroup('pxc', title='Percona XtraDB Cluster datastore')
pxc_opts = _opts('pxc', 'PXC', 'xtrabackup-v2', ['xtrabackup-v2', 'rsync'])

GROUPS = {'mariadb': (mariadb_group, mariadb_opts),
          'pxc': (pxc_group, pxc_opts)}


def register_opts(conf):
    for group, opts in GROUPS.values():
        conf.register_group(group)
        conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts for group, opts in GROUPS.values()}
