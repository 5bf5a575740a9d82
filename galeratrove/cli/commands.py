"""The CLI's commands, trove-style: what each sends and what it prints.

Each command is ``fn(ctx, args) -> exit code`` registered with its
arguments by :func:`command`; ``ctx.api`` is the REST client (made on
first use, so ``help`` needs no credentials) and ``ctx.out`` the output.
"""

import argparse
from urllib import parse

from galeratrove.cli import client as gt_client
from galeratrove.cli.formatting import Column
from galeratrove.cli import options
from galeratrove.cli import wait

COMMANDS = {}


def arg(*names, **kwargs):
    return names, kwargs


def command(name, help_text, *arguments):
    def register(fn):
        COMMANDS[name] = (fn, help_text, arguments)
        return fn
    return register


def _positive_float(value):
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError('must be positive, not %s' % value)
    return number


WAIT_ARGS = (
    arg('--wait', action='store_true',
        help="Wait until the cluster's task is done, printing each node's "
             'progress (on stderr) as it changes; exit non-zero if an '
             'instance ends in ERROR.'),
    arg('--wait-timeout', type=_positive_float, metavar='<seconds>',
        default=wait.DEFAULT_TIMEOUT,
        help='Give up waiting after this long (default %(default)s).'),
    arg('--poll-interval', type=_positive_float, metavar='<seconds>',
        default=wait.DEFAULT_INTERVAL,
        help='Seconds between two looks at the cluster (default '
             '%(default)s).'),
)
INSTANCE_HELP = ('Add an instance to the cluster. Specify multiple times '
                 'for multiple instances. Options: flavor_id=<id> (or '
                 'flavor=<name or id>), volume=<GB>, volume_type=<type>, '
                 'availability_zone=<AZ>, '
                 "nic='net-id=<uuid>[,v4-fixed-ip=<ip>]' or "
                 "nic='port-id=<uuid>'")


def _cluster_arg(help_text='ID or name of the cluster.'):
    return arg('cluster', metavar='<cluster>', help=help_text)


# Views ----------------------------------------------------------------------

def _ds(key):
    return lambda c: (c.get('datastore') or {}).get(key)


def _task(key):
    return lambda c: (c.get('task') or {}).get(key)


CLUSTER_ROWS = [
    Column('configuration'),
    Column('created'),
    Column('datastore', getter=_ds('type')),
    Column('datastore_version', getter=_ds('version')),
    Column('id'),
    Column('ip', getter=lambda c: list(c.get('ip') or [])),
    Column('name'),
    Column('task_description', getter=_task('description')),
    Column('task_name', getter=_task('name')),
    Column('tls'),
    Column('updated'),
]
CLUSTER_LIST = [
    Column('ID'), Column('Name'),
    Column('Datastore', getter=_ds('type')),
    Column('DsVersion', 'datastore_version', getter=_ds('version')),
    Column('IP', getter=lambda c: list(c.get('ip') or [])),
    Column('Task Name', getter=_task('name')),
]
INSTANCE_LIST = [
    Column('ID'), Column('Name'),
    Column('Flavor ID', getter=lambda i: (i.get('flavor') or {}).get('id')),
    Column('Size', getter=lambda i: (i.get('volume') or {}).get('size')),
    Column('Type', getter=lambda i: i.get('type') or 'member'),
    Column('Status'), Column('IP'),
]


def show_cluster(ctx, cluster):
    """The ``Property | Value`` table; the ip row only once there are IPs.

    The tls row only for a TLS cluster: other clusters keep the table
    the spec shows.
    """
    rows = [c for c in CLUSTER_ROWS
            if cluster.get(c.key) or
            c.key not in ('ip', 'configuration', 'tls') or
            (ctx.out.format == 'json' and c.key != 'tls')]
    ctx.out.show(cluster, rows)


def _finish(ctx, args, cluster, deleting=False):
    """Print the cluster, or wait for its task and print how it ended."""
    if not args.wait:
        if not deleting:
            show_cluster(ctx, cluster)
        return 0
    final = wait.wait_for_task(ctx.api, ctx.out, cluster, deleting=deleting,
                               interval=args.poll_interval,
                               timeout=args.wait_timeout)
    if final is None:
        return 0
    show_cluster(ctx, final)
    return wait.report_failures(ctx.out, final)


def _instances(ctx, specs, for_grow=False):
    if not specs:
        raise gt_client.CLIError('At least one --instance is required.')
    parsed = [options.parse_instance(s, for_grow=for_grow) for s in specs]
    for instance in parsed:
        if 'flavor' in instance:
            instance['flavorRef'] = ctx.api.find_flavor_id(
                instance.pop('flavor'))
    return parsed


def _path(cluster):
    return '/clusters/%s' % cluster['id']


# Clusters -------------------------------------------------------------------

@command('cluster-create', 'Creates a new cluster.',
         arg('name', metavar='<name>', help='Name of the cluster.'),
         arg('datastore', metavar='<datastore>',
             help='A datastore name or ID.'),
         arg('datastore_version', metavar='<datastore_version>',
             help='A datastore version name or ID.'),
         arg('--instance', metavar=options.METAVAR, action='append',
             dest='instances', default=[], help=INSTANCE_HELP + '.'),
         arg('--locality', choices=['affinity', 'anti-affinity'],
             help='Place the instances on the same host (affinity) or on '
                  'different hosts (anti-affinity).'),
         arg('--configuration', metavar='<configuration>',
             help='ID of a configuration group the cluster starts with.'),
         arg('--restore-point', '--backup', metavar='<backup>',
             dest='restore_point',
             help='ID of a backup to create the cluster from.'),
         arg('--tls', action='store_true', default=None,
             help='TLS everywhere: clients, replication and state '
                  'transfers; get the CA with cluster-ca.'),
         *WAIT_ARGS)
def cluster_create(ctx, args):
    body = {'name': args.name,
            'datastore': {'type': args.datastore,
                          'version': args.datastore_version},
            'instances': _instances(ctx, args.instances)}
    if args.restore_point:
        for instance in body['instances']:
            instance['restorePoint'] = {'backupRef': args.restore_point}
    if args.locality:
        body['locality'] = args.locality
    if args.configuration:
        body['configuration'] = args.configuration
    if args.tls:
        body['tls'] = True
    cluster = ctx.api.post('/clusters', {'cluster': body})['cluster']
    return _finish(ctx, args, cluster)


@command('cluster-list', 'Lists all the clusters.',
         arg('--limit', type=int, metavar='<limit>',
             help='Limit the number of results displayed.'),
         arg('--marker', metavar='<ID>',
             help='Begin displaying the results for IDs greater than the '
                  'specified marker. When used with --limit, set this to '
                  'the last ID displayed in the previous run.'))
def cluster_list(ctx, args):
    if args.limit is not None and args.limit < 1:
        raise gt_client.CLIError('--limit must be a positive integer.')
    clusters = ctx.api.list_clusters(limit=args.limit, marker=args.marker)
    ctx.out.list(clusters, CLUSTER_LIST)
    return 0


@command('cluster-show', 'Shows details of a cluster.', _cluster_arg())
def cluster_show(ctx, args):
    show_cluster(ctx, ctx.api.find_cluster(args.cluster))
    return 0


@command('cluster-instances', 'Lists all instances of a cluster.',
         _cluster_arg())
def cluster_instances(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    ctx.out.list(cluster.get('instances', []), INSTANCE_LIST)
    return 0


@command('cluster-grow', 'Adds more instances to a cluster.',
         _cluster_arg(),
         arg('--instance', metavar=options.METAVAR,
             action='append', dest='instances', default=[],
             help=INSTANCE_HELP + ', name=<name>.'),
         *WAIT_ARGS)
def cluster_grow(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    grow = _instances(ctx, args.instances, for_grow=True)
    body = ctx.api.post(_path(cluster), {'grow': grow})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)


@command('cluster-shrink', 'Drops instances from a cluster.',
         _cluster_arg(),
         arg('instances', metavar='<instance>', nargs='+',
             help='ID or name of an instance to drop. Specify multiple '
                  'to drop multiple instances.'),
         *WAIT_ARGS)
def cluster_shrink(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    ids = []
    for ref in args.instances:
        member = gt_client.find_member(cluster, ref)
        if member['id'] not in ids:
            ids.append(member['id'])
    body = ctx.api.post(_path(cluster), {'shrink': [{'id': i} for i in ids]})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)


@command('cluster-restart',
         'Restarts the nodes of a cluster one at a time, each only while '
         'the others are Synced.', _cluster_arg(), *WAIT_ARGS)
def cluster_restart(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = ctx.api.post(_path(cluster), {'restart': {}})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)


@command('cluster-upgrade',
         'Upgrades a cluster to a newer version of its datastore, one node '
         'at a time.', _cluster_arg(),
         arg('datastore_version', metavar='<datastore_version>',
             help='A datastore version name or ID.'),
         *WAIT_ARGS)
def cluster_upgrade(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = ctx.api.post(_path(cluster), {'upgrade': {
        'datastore_version': args.datastore_version}})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)


@command('cluster-replace-instance',
         'Replaces an instance (in ERROR, gone, or any other) by a new one '
         'that joins by a full state transfer; the old one is removed '
         'after.', _cluster_arg(),
         arg('instance', metavar='<instance>',
             help='ID or name of the instance to replace.'),
         *WAIT_ARGS)
def cluster_replace_instance(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    member = gt_client.find_member(cluster, args.instance)
    body = ctx.api.post(_path(cluster), {'replace-instance': {
        'id': member['id']}})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)


@command('cluster-delete', 'Deletes a cluster.',
         _cluster_arg('ID or name of the cluster.'), *WAIT_ARGS)
def cluster_delete(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    ctx.api.delete(_path(cluster))
    return _finish(ctx, args, cluster, deleting=True)


@command('cluster-reset-status',
         "Sets the cluster's task to NONE and cancels its running task "
         '(administrators only).', _cluster_arg())
def cluster_reset_status(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = ctx.api.post(_path(cluster), {'reset-status': {}})
    show_cluster(ctx, (body or {}).get('cluster') or cluster)
    return 0


@command('cluster-root-enable',
         'Enables root on a cluster and prints its password (shown this '
         'once only).', _cluster_arg(),
         arg('--password', metavar='<password>',
             help='Use this root password instead of a generated one.'))
def cluster_root_enable(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = {'password': args.password} if args.password else None
    user = ctx.api.post(_path(cluster) + '/root', body, secret=True)['user']
    ctx.out.show(user, [Column('name'), Column('password')])
    return 0


@command('cluster-root-show', 'Tells whether root was ever enabled on a '
         'cluster.', _cluster_arg())
def cluster_root_show(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = ctx.api.get(_path(cluster) + '/root')
    ctx.out.show(body, [Column('is_root_enabled',
                               getter=lambda b: b.get('rootEnabled'))])
    return 0


# Catalog --------------------------------------------------------------------

@command('datastore-list', 'Lists the available datastores.')
def datastore_list(ctx, args):
    datastores = ctx.api.get('/datastores')['datastores']
    ctx.out.list(datastores, [
        Column('ID'), Column('Name'),
        Column('Versions', getter=lambda d: [
            v['name'] for v in d.get('versions', [])])])
    return 0


@command('datastore-version-list', 'Lists the available versions of a '
         'datastore.', arg('datastore', metavar='<datastore>',
                           help='ID or name of the datastore.'))
def datastore_version_list(ctx, args):
    path = '/datastores/%s/versions' % parse.quote(args.datastore, safe='')
    versions = ctx.api.get(path)['versions']
    ctx.out.list(versions, [Column('ID'), Column('Name')])
    return 0


@command('flavor-list', 'Lists the available flavors.')
def flavor_list(ctx, args):
    ctx.out.list(ctx.api.list_flavors(), [
        Column('ID'), Column('Name'), Column('RAM'),
        Column('vCPUs', 'vcpus'), Column('Disk')])
    return 0
