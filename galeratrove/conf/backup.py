"""[backup] options: where backups are stored and how long they may take."""

from oslo_config import cfg

group = cfg.OptGroup('backup', title='Backups')

opts = [
    cfg.StrOpt('storage_driver', default='local',
               help="Where backups are stored: an entry point of "
                    "galeratrove.backup.storage. 'local': files under "
                    "local_directory (the guests must reach it, as the "
                    "local compute driver's do)."),
    cfg.StrOpt('local_directory', default='$state_path/backups',
               help='Directory of the local storage driver; files 0600.'),
    cfg.IntOpt('backup_timeout', default=3600, min=10,
               help='Seconds a guest may take to back up its node.'),
    cfg.IntOpt('restore_timeout', default=3600, min=10,
               help='Seconds a guest may take to restore a backup.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
