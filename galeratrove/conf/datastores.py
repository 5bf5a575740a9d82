"""Per-datastore groups ([mariadb], [pxc]): cluster support and strategies.

The strategies named here (entry points of the galeratrove.strategies.*
namespaces in setup.cfg) are all the generic code knows of a datastore.
"""

from oslo_config import cfg


def _opts(name, sst_method, sst_methods):
    return [
        cfg.BoolOpt('cluster_support', default=True,
                    help='Whether clusters of this datastore may be '
                         'created.'),
        cfg.IntOpt('min_cluster_member_count', default=3, min=1,
                   help='Fewest instances a new cluster may have.'),
        cfg.StrOpt('api_strategy', default=name,
                   help='Strategy validating cluster requests in the API: '
                        'an entry point of galeratrove.strategies.cluster.'
                        'api (or a class path).'),
        cfg.StrOpt('taskmanager_strategy', default=name,
                   help='Strategy running cluster flows in the '
                        'taskmanager: an entry point of galeratrove.'
                        'strategies.cluster.taskmanager (or a class '
                        'path).'),
        cfg.StrOpt('guestagent_strategy', default=name,
                   help='Strategy giving the guest-side manager: an entry '
                        'point of galeratrove.strategies.cluster.guestagent '
                        '(or a class path).'),
        cfg.StrOpt('sst_method', default=sst_method, choices=sst_methods,
                   help='State snapshot transfer method for joining '
                        'nodes.'),
        cfg.StrOpt('replication_user', default='os_sst',
                   help='User for state snapshot transfers.'),
        cfg.BoolOpt('tls_default', default=False,
                    help='Whether a new cluster gets TLS everywhere (its '
                         'own CA; TLS clients, replication and SST) when '
                         'its create request does not say "tls".'),
    ]


mariadb_group = cfg.OptGroup('mariadb', title='MariaDB Galera datastore')
mariadb_opts = _opts('mariadb', 'rsync', ['rsync', 'mariabackup'])
pxc_group = cfg.OptGroup('pxc', title='Percona XtraDB Cluster datastore')
pxc_opts = _opts('pxc', 'xtrabackup-v2', ['xtrabackup-v2', 'rsync'])

GROUPS = {'mariadb': (mariadb_group, mariadb_opts),
          'pxc': (pxc_group, pxc_opts)}


def register_opts(conf):
    for group, opts in GROUPS.values():
        conf.register_group(group)
        conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts for group, opts in GROUPS.values()}
