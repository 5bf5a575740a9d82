"""[backup] options: where backups are stored and how long they may take."""

from oslo_config import cfg

group = cfg.OptGroup('backup', title='Backups')

opts = [
    cfg.StrOpt('storage_driver',
               help="Where backups are stored: an entry point of "
                    "galeratrove.backup.storage. 'local': files under "
                    "local_directory (the guests must reach it, as the "
                    "local compute driver's do); 'swift': the OpenStack "
                    "object store of the [swift] section. Unset: 'swift' "
                    "when [compute] driver is nova, else 'local'."),
    cfg.StrOpt('local_directory', default='$state_path/backups',
               help='Directory of the local storage driver; files 0600.'),
    cfg.IntOpt('backup_timeout', default=3600, min=10,
               help='Seconds a guest may take to back up its node.'),
    cfg.IntOpt('restore_timeout', default=3600, min=10,
               help='Seconds a guest may take to restore a backup.'),
    cfg.StrOpt('swift_container', default='galeratrove_backups',
               help="Container of the swift driver in the service's own "
                    'account; objects are <tenant>/<backup id>.xbstream.zst '
                    '(a Static Large Object manifest) and its segments '
                    'under <that name>/segments/.'),
    cfg.IntOpt('swift_segment_size', default=256 << 20, min=1 << 20,
               help='Bytes per Swift segment a guest uploads (a manifest '
                    "holds at most the proxy's max_manifest_segments, "
                    '1000 by default: 256 MiB segments allow 250 GB).'),
    cfg.StrOpt('swift_temp_url_key', secret=True,
               help="The service account's TempURL key (X-Account-Meta-"
                    'Temp-URL-Key). Unset: the key already set on the '
                    'account, or a random one the service sets there.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
