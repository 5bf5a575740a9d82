"""``galeratrove``: the command line client of galeratrove, trove-style.

Authentication uses keystoneauth1's standard options: ``OS_AUTH_URL``,
``OS_USERNAME``, ``OS_PASSWORD``, ``OS_PROJECT_NAME`` ... (or
``--os-auth-url`` and friends), the endpoint being found in the catalog
under the ``database`` service type. For the embedded ``galeratrove-all``
(no auth): ``OS_AUTH_TYPE=none`` and
``OS_ENDPOINT=http://127.0.0.1:8779/v1.0/<project>``.
"""

import argparse
import logging
import os
import sys

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading

from galeratrove.cli import backup_commands  # noqa: F401 (registers)
from galeratrove.cli import client as gt_client
from galeratrove.cli import commands
from galeratrove.cli import config_commands  # noqa: F401 (registers them)
from galeratrove.cli import formatting
from galeratrove.cli import options
from galeratrove.cli import schedule_commands  # noqa: F401 (registers)
from galeratrove.cli import tls_commands  # noqa: F401 (registers them)

EPILOG = """\
Authentication (keystoneauth1; each option also reads its OS_* variable):
  Keystone:  OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME,
             OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME (auth type
             'password' unless OS_AUTH_TYPE says otherwise); the endpoint
             is the catalog's 'database' service.
  Embedded:  OS_AUTH_TYPE=none OS_ENDPOINT=http://127.0.0.1:8779/v1.0/<project>

Run 'galeratrove help <command>' for the options of one command.
"""


def _has_option(argv, name):
    return any(a == name or a.startswith(name + '=') for a in argv)


def default_auth_type(argv, environ=None):
    """'none' when only an endpoint is given, else Keystone's 'password'."""
    environ = os.environ if environ is None else environ
    has_auth_url = (environ.get('OS_AUTH_URL') or
                    _has_option(argv, '--os-auth-url'))
    has_endpoint = (environ.get('OS_ENDPOINT') or
                    _has_option(argv, '--os-endpoint'))
    if has_endpoint and not has_auth_url:
        return 'none'
    return 'password'


def _add_format(parser, default):
    parser.add_argument('-f', '--format', choices=formatting.FORMATS,
                        default=default,
                        help="Output format: 'table' (default) or 'json' "
                             'for scripts.')


def build_parser(argv, environ=None):
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(
        prog='galeratrove',
        description='The command line client of galeratrove (Galera '
                    'clusters as a service), trove-style.',
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        # A command's --tls is not an abbreviation of --tls-ciphers.
        allow_abbrev=False)
    parser.add_argument('-d', '--debug', action='store_true',
                        help='Log the HTTP requests (secrets masked) and '
                             'show tracebacks.')
    _add_format(parser, 'table')
    parser.add_argument(
        '--os-interface', metavar='<interface>',
        default=environ.get('OS_INTERFACE', 'public'),
        help='Catalog interface of the database endpoint (default public; '
             'env OS_INTERFACE).')
    parser.add_argument(
        '--os-region-name', metavar='<region>',
        default=environ.get('OS_REGION_NAME'),
        help='Region of the database endpoint (env OS_REGION_NAME).')
    parser.add_argument(
        '--os-database-url', metavar='<url>',
        default=environ.get('OS_DATABASE_URL'),
        help="Use this URL instead of the catalog's database endpoint "
             '(env OS_DATABASE_URL).')
    loading.register_session_argparse_arguments(parser)
    loading.register_auth_argparse_arguments(
        parser, argv, default=default_auth_type(argv, environ))

    subparsers = parser.add_subparsers(dest='command', metavar='<command>')
    for name, (fn, help_text, arguments) in sorted(
            commands.COMMANDS.items()):
        sub = subparsers.add_parser(name, help=help_text,
                                    description=help_text)
        for names, kwargs in arguments:
            sub.add_argument(*names, **kwargs)
        _add_format(sub, argparse.SUPPRESS)
        sub.set_defaults(func=fn)
    helper = subparsers.add_parser('help', help='Shows the help of a '
                                   'command, or of the galeratrove CLI.')
    helper.add_argument('topic', nargs='?', metavar='<command>')
    helper.set_defaults(func=None, subparsers=subparsers)
    return parser


class Context:
    """What a command works with; the API client is made on first use."""

    def __init__(self, args, out):
        self.args = args
        self.out = out
        self._api = None

    @property
    def api(self):
        if self._api is None:
            self._api = make_api(self.args)
        return self._api


def make_api(args):
    try:
        auth = loading.load_auth_from_argparse_arguments(args)
    except ks_exc.MissingRequiredOptions as e:
        names = ', '.join('--os-%s' % o.dest.replace('_', '-')
                          for o in e.options)
        raise gt_client.CLIError(
            'Missing authentication options: %s (or their OS_* '
            'variables). For the embedded service without Keystone set '
            'OS_AUTH_TYPE=none and OS_ENDPOINT=http://127.0.0.1:8779/v1.0/'
            '<project>.' % names)
    session = loading.load_session_from_argparse_arguments(
        args, auth=auth, app_name='galeratrove-cli')
    endpoint = gt_client.resolve_endpoint(
        session, interface=args.os_interface,
        region_name=args.os_region_name, override=args.os_database_url)
    return gt_client.Client(session, endpoint)


def _help(parser, args):
    if args.topic:
        choices = args.subparsers.choices
        if args.topic not in choices:
            raise gt_client.CLIError("No command '%s'; see 'galeratrove "
                                     "help'." % args.topic)
        choices[args.topic].print_help()
    else:
        parser.print_help()
    return 0


def run(argv, stdout=None, stderr=None, environ=None):
    """Parse and run one command; the exit code."""
    stderr = stderr or sys.stderr
    try:
        parser = build_parser(argv, environ)
    except ks_exc.NoMatchingPlugin as e:
        stderr.write('ERROR: %s\n' % e)
        return 1
    args = parser.parse_args(argv)
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, stream=stderr)
    if not args.command:
        stderr.write("galeratrove: error: a command is required; see "
                     "'galeratrove help'.\n")
        return 2
    out = formatting.Output(args.format, stdout=stdout, stderr=stderr)
    try:
        if args.func is None:
            return _help(parser, args)
        return args.func(Context(args, out), args) or 0
    except KeyboardInterrupt:
        out.error('Interrupted; a task already sent goes on in the '
                  'service.')
        return 130
    except (gt_client.CLIError, options.OptionError) as e:
        out.error(str(e))
        return 1
    except ks_exc.ClientException as e:
        out.error(str(e) or type(e).__name__)
        return 1
    except Exception as e:
        if args.debug:
            raise
        out.error('Unexpected %s: %s (run with --debug for the '
                  'traceback)' % (type(e).__name__, e))
        return 1


def main(argv=None):
    return run(sys.argv[1:] if argv is None else argv)


if __name__ == '__main__':
    sys.exit(main())
