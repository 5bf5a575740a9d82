"""The CLI's backup commands, trove-style (backup-create, -list, -show,
-delete); ``cluster-create --restore-point`` is in commands.py.
"""

from urllib import parse

from galeratrove.cli import client as gt_client
from galeratrove.cli.commands import arg
from galeratrove.cli.commands import command
from galeratrove.cli.formatting import Column

BACKUP_ROWS = [Column(key) for key in (
    'checksum', 'cluster_id', 'created', 'description', 'fail_reason',
    'galera_position', 'id', 'instance_id', 'locationRef', 'name',
    'size', 'size_bytes', 'status', 'storage_driver', 'updated')]
BACKUP_LIST = [
    Column('ID'), Column('Name'), Column('Cluster ID', 'cluster_id'),
    Column('Instance ID', 'instance_id'), Column('Status'),
    Column('Size', 'size_bytes'), Column('Updated')]


def _path(backup_id):
    return '/backups/%s' % parse.quote(backup_id, safe='')


def _list(api, path, limit=None, marker=None):
    params = {k: v for k, v in (('limit', limit), ('marker', marker)) if v}
    return api.get(path, params)['backups']


def find_backup(api, ref):
    """A backup by id, else by unique name."""
    return api.find('backup', lambda ref: api.get(_path(ref))['backup'],
                    lambda: _list(api, '/backups'), ref)


@command('backup-create', 'Creates a backup of a cluster (of one of its '
         'members: the service picks a Synced one unless --instance).',
         arg('cluster', metavar='<cluster>',
             help='ID or name of the cluster.'),
         arg('name', metavar='<name>', help='Name of the backup.'),
         arg('--instance', metavar='<instance>',
             help='ID or name of the member to back up.'),
         arg('--description', metavar='<description>',
             help='An optional description for the backup.'))
def backup_create(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = {'name': args.name, 'cluster': cluster['id']}
    if args.instance:
        body['instance'] = gt_client.find_member(cluster, args.instance)['id']
    if args.description:
        body['description'] = args.description
    backup = ctx.api.post('/backups', {'backup': body})['backup']
    ctx.out.show(backup, BACKUP_ROWS)
    return 0


@command('backup-list', 'Lists the backups (of a cluster with --cluster).',
         arg('--cluster', metavar='<cluster>',
             help='Only the backups of this cluster (ID or name).'),
         arg('--limit', type=int, metavar='<limit>',
             help='Limit the number of results displayed.'),
         arg('--marker', metavar='<ID>',
             help='Begin after the backup with this ID.'))
def backup_list(ctx, args):
    if args.limit is not None and args.limit < 1:
        raise gt_client.CLIError('--limit must be a positive integer.')
    path = '/backups'
    if args.cluster:
        path = '/clusters/%s/backups' % ctx.api.find_cluster(
            args.cluster)['id']
    ctx.out.list(_list(ctx.api, path, args.limit, args.marker), BACKUP_LIST)
    return 0


@command('backup-show', 'Shows details of a backup.',
         arg('backup', metavar='<backup>', help='ID or name of the backup.'))
def backup_show(ctx, args):
    ctx.out.show(find_backup(ctx.api, args.backup), BACKUP_ROWS)
    return 0


@command('backup-delete', 'Deletes a backup and its stored object.',
         arg('backup', metavar='<backup>', help='ID or name of the backup.'))
def backup_delete(ctx, args):
    ctx.api.delete(_path(find_backup(ctx.api, args.backup)['id']))
    return 0
