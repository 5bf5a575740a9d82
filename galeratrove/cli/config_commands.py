"""Configuration group commands, named as troveclient's ``configuration-*``.

Groups attach to a whole cluster (a Galera cluster runs one
configuration): ``configuration-attach <cluster> <group>`` sends Trove's
``configuration_attach`` cluster action.
"""

import json
from urllib import parse

from galeratrove.cli import client as gt_client
from galeratrove.cli.commands import _cluster_arg
from galeratrove.cli.commands import _finish
from galeratrove.cli.commands import _path
from galeratrove.cli.commands import arg
from galeratrove.cli.commands import command
from galeratrove.cli.commands import WAIT_ARGS
from galeratrove.cli.formatting import Column

GROUP_ROWS = [
    Column('id'), Column('name'), Column('description'),
    Column('datastore_name'), Column('datastore_version_name'),
    Column('values', getter=lambda g: json.dumps(g.get('values'),
                                                 sort_keys=True)),
    Column('instance_count'), Column('created'), Column('updated'),
]
GROUP_LIST = [Column('ID'), Column('Name'), Column('Description'),
              Column('Datastore Name', 'datastore_name'),
              Column('Datastore Version Name', 'datastore_version_name')]


def _group_arg():
    return arg('configuration_group', metavar='<configuration_group>',
               help='ID or name of the configuration group.')


def _values(text):
    try:
        values = json.loads(text)
    except ValueError as e:
        raise gt_client.CLIError('<values> must be a JSON object: %s' % e)
    if not isinstance(values, dict):
        raise gt_client.CLIError('<values> must be a JSON object, e.g. '
                                 '\'{"max_connections": 500}\'.')
    return values


def _group(api, group_id):
    return api.get('/configurations/%s' % parse.quote(group_id, safe=''))[
        'configuration']


def find_group(api, ref):
    """A group by id, else by unique name (then shown: lists omit values)."""
    group = api.find(
        'configuration group', lambda ref: _group(api, ref),
        lambda: api.get('/configurations')['configurations'], ref)
    return group if group['id'] == ref else _group(api, group['id'])


@command('configuration-create', 'Creates a configuration group.',
         arg('name', metavar='<name>', help='Name of the group.'),
         arg('values', metavar='<values>',
             help='JSON object of the values, e.g. '
                  '\'{"max_connections": 500}\'.'),
         arg('--datastore', metavar='<datastore>', default='mariadb',
             help='Datastore of the group (default %(default)s).'),
         arg('--datastore_version', '--datastore-version',
             metavar='<datastore_version>', required=True,
             help='Datastore version name or ID of the group.'),
         arg('--description', metavar='<description>',
             help='A description of the group.'))
def configuration_create(ctx, args):
    body = {'name': args.name, 'values': _values(args.values),
            'datastore': {'type': args.datastore,
                          'version': args.datastore_version}}
    if args.description:
        body['description'] = args.description
    group = ctx.api.post('/configurations', {'configuration': body})
    ctx.out.show(group['configuration'], GROUP_ROWS)
    return 0


@command('configuration-list', 'Lists the configuration groups.')
def configuration_list(ctx, args):
    ctx.out.list(ctx.api.get('/configurations')['configurations'],
                 GROUP_LIST)
    return 0


@command('configuration-show', 'Shows a configuration group and its '
         'values.', _group_arg())
def configuration_show(ctx, args):
    ctx.out.show(find_group(ctx.api, args.configuration_group), GROUP_ROWS)
    return 0


@command('configuration-patch', 'Sets values of a configuration group, '
         'keeping the others; attached clusters apply them.',
         _group_arg(), arg('values', metavar='<values>',
                           help='JSON object of the values to set.'))
def configuration_patch(ctx, args):
    group = find_group(ctx.api, args.configuration_group)
    ctx.api.patch('/configurations/%s' % group['id'], {
        'configuration': {'values': _values(args.values)}})
    return 0


@command('configuration-update', 'Replaces all values of a configuration '
         'group; attached clusters apply them.',
         _group_arg(), arg('values', metavar='<values>',
                           help='JSON object of all the values.'),
         arg('--name', metavar='<name>', help='A new name.'),
         arg('--description', metavar='<description>',
             help='A new description.'))
def configuration_update(ctx, args):
    group = find_group(ctx.api, args.configuration_group)
    body = {'values': _values(args.values)}
    if args.name:
        body['name'] = args.name
    if args.description:
        body['description'] = args.description
    ctx.api.put('/configurations/%s' % group['id'], {'configuration': body})
    return 0


@command('configuration-delete', 'Deletes a configuration group no '
         'cluster uses.', _group_arg())
def configuration_delete(ctx, args):
    group = find_group(ctx.api, args.configuration_group)
    ctx.api.delete('/configurations/%s' % group['id'])
    return 0


@command('configuration-instances', 'Lists the instances that use a '
         'configuration group.', _group_arg())
def configuration_instances(ctx, args):
    group = find_group(ctx.api, args.configuration_group)
    body = ctx.api.get('/configurations/%s/instances' % group['id'])
    ctx.out.list(body['instances'], [Column('ID'), Column('Name'),
                                     Column('Cluster ID', 'cluster_id')])
    return 0


@command('configuration-parameter-list', 'Lists the parameters a '
         'configuration group may set.',
         arg('datastore_version', metavar='<datastore_version>',
             help='Datastore version name or ID.'),
         arg('--datastore', metavar='<datastore>', default='mariadb',
             help='Datastore (default %(default)s).'))
def configuration_parameter_list(ctx, args):
    path = '/datastores/%s/versions/%s/parameters' % (
        parse.quote(args.datastore, safe=''),
        parse.quote(args.datastore_version, safe=''))
    ctx.out.list(ctx.api.get(path)['configuration-parameters'], [
        Column('Name'), Column('Type'), Column('Min'), Column('Max'),
        Column('Restart Required', 'restart_required')])
    return 0


@command('configuration-attach', 'Attaches a configuration group to a '
         'cluster: dynamic values are set live on every member.',
         _cluster_arg(), _group_arg(), *WAIT_ARGS)
def configuration_attach(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    group = find_group(ctx.api, args.configuration_group)
    body = ctx.api.post(_path(cluster), {'configuration_attach': {
        'configuration_id': group['id']}})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)


@command('configuration-detach', "Detaches a cluster's configuration "
         'group: its values go back to the defaults.', _cluster_arg(),
         *WAIT_ARGS)
def configuration_detach(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    body = ctx.api.post(_path(cluster), {'configuration_detach': {}})
    return _finish(ctx, args, (body or {}).get('cluster') or cluster)
