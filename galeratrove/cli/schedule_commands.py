"""The CLI's backup schedule commands (trove's schedule-create, -list,
-delete, named for backups as the resource is): backup-schedule-create,
-list, -show, -delete.
"""

from urllib import parse

from galeratrove.cli.commands import arg
from galeratrove.cli.commands import command
from galeratrove.cli.formatting import Column

SCHEDULE_ROWS = [Column(key) for key in (
    'cluster_id', 'created', 'description', 'enabled', 'id', 'incremental',
    'last_backup_id', 'last_run', 'message', 'name', 'next_run', 'pattern',
    'retention')]
SCHEDULE_LIST = [
    Column('ID'), Column('Name'), Column('Cluster ID', 'cluster_id'),
    Column('Pattern'), Column('Incremental'), Column('Retention'),
    Column('Enabled'), Column('Next Run', 'next_run')]


def _path(schedule_id):
    return '/backup_schedules/%s' % parse.quote(schedule_id, safe='')


def find_schedule(api, ref):
    """A schedule by id, else by unique name."""
    return api.find(
        'backup schedule',
        lambda ref: api.get(_path(ref))['backup_schedule'],
        lambda: api.get('/backup_schedules')['backup_schedules'], ref)


@command('backup-schedule-create',
         'Schedules recurring backups of a cluster (a cron pattern, UTC).',
         arg('cluster', metavar='<cluster>',
             help='ID or name of the cluster.'),
         arg('pattern', metavar='<pattern>',
             help="Cron pattern of the runs, e.g. '0 3 * * *' (UTC)."),
         arg('name', metavar='<name>', help='Name of the schedule.'),
         arg('--description', metavar='<description>',
             help='An optional description.'),
         arg('--incremental', action='store_true',
             help='Take incremental backups on the newest one.'),
         arg('--retention', type=int, metavar='<count>',
             help='Full backups (with their incrementals) to keep; older '
                  'scheduled ones are deleted.'),
         arg('--disabled', action='store_true',
             help='Create it disabled.'))
def backup_schedule_create(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = {'cluster_id': cluster['id'], 'name': args.name,
            'pattern': args.pattern, 'incremental': args.incremental,
            'enabled': not args.disabled}
    if args.description:
        body['description'] = args.description
    if args.retention is not None:
        body['retention'] = args.retention
    schedule = ctx.api.post('/backup_schedules',
                            {'backup_schedule': body})['backup_schedule']
    ctx.out.show(schedule, SCHEDULE_ROWS)
    return 0


@command('backup-schedule-list',
         'Lists the backup schedules (of a cluster with --cluster).',
         arg('--cluster', metavar='<cluster>',
             help='Only the schedules of this cluster (ID or name).'))
def backup_schedule_list(ctx, args):
    params = {}
    if args.cluster:
        params['cluster_id'] = ctx.api.find_cluster(args.cluster)['id']
    ctx.out.list(ctx.api.get('/backup_schedules', params)[
        'backup_schedules'], SCHEDULE_LIST)
    return 0


@command('backup-schedule-show', 'Shows details of a backup schedule.',
         arg('schedule', metavar='<schedule>',
             help='ID or name of the schedule.'))
def backup_schedule_show(ctx, args):
    ctx.out.show(find_schedule(ctx.api, args.schedule), SCHEDULE_ROWS)
    return 0


@command('backup-schedule-delete',
         'Deletes a backup schedule (the backups it took stay).',
         arg('schedule', metavar='<schedule>',
             help='ID or name of the schedule.'))
def backup_schedule_delete(ctx, args):
    ctx.api.delete(_path(find_schedule(ctx.api, args.schedule)['id']))
    return 0
