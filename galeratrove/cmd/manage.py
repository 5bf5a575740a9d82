"""galeratrove-manage: database schema and datastore registration."""

import sys

from oslo_config import cfg

from galeratrove.conf import CONF
from galeratrove import datastores
from galeratrove.db import api as db_api
from galeratrove.db import migration


def do_db_sync():
    migration.upgrade(CONF.command.revision)
    print('Database is at revision %s' % migration.version())


def do_db_version():
    print(migration.version())


def do_datastore_update():
    c = CONF.command
    db_api.datastore_version_update(
        c.datastore, c.version, c.manager or c.datastore,
        packages=c.packages, active=not c.inactive, make_default=c.default,
        image_id=c.image)
    print('Datastore %s version %s updated.' % (c.datastore, c.version))


def do_datastore_register_installed():
    datastores.register_installed()


def add_command_parsers(subparsers):
    p = subparsers.add_parser('db', help='Database schema')
    db = p.add_subparsers(dest='db_command')
    sync = db.add_parser('sync', help='Upgrade the schema')
    sync.add_argument('revision', nargs='?', default='head')
    sync.set_defaults(func=do_db_sync)
    db.add_parser('version', help='Current schema revision').set_defaults(
        func=do_db_version)

    p = subparsers.add_parser(
        'datastore-update',
        help='Create or update a datastore and one of its versions')
    p.add_argument('datastore')
    p.add_argument('version')
    p.add_argument('--manager', help='Strategy group; default: the name')
    p.add_argument('--packages', default='')
    p.add_argument('--inactive', action='store_true')
    p.add_argument('--image', help='Image id the nova compute driver boots '
                                   "this version's servers from ('' "
                                   'clears it)')
    p.add_argument('--default', action='store_true',
                   help="Make it the datastore's default version")
    p.set_defaults(func=do_datastore_update)

    p = subparsers.add_parser(
        'datastore-register-installed',
        help='Register mariadb/pxc with the versions installed here')
    p.set_defaults(func=do_datastore_register_installed)


def main(argv=None):
    CONF.register_cli_opt(cfg.SubCommandOpt(
        'command', title='Commands', handler=add_command_parsers))
    CONF((argv if argv is not None else sys.argv)[1:],
         project='galeratrove')
    db_api.configure()
    if not hasattr(CONF.command, 'func'):
        print('usage: galeratrove-manage db {sync,version}', file=sys.stderr)
        return 2
    CONF.command.func()
    return 0


if __name__ == '__main__':
    sys.exit(main())
