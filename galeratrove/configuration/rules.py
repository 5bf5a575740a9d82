"""Validation rules per datastore version, kept as Trove keeps them.

One JSON file per datastore version under ``rules/``, named
``<manager>-<version>.json``, shaped as Trove's validation-rules.json:
``{"configuration-parameters": [{"name", "type", "min", "max",
"restart_required"}, ...]}``. Extra keys of ours: ``allowed`` (the
values a string may take), ``list`` (a comma list of allowed words),
``pattern``, ``provider_option`` (a part of wsrep_provider_options) and
``default`` (a provider option's value when unset).
"""

import functools
import importlib.resources
import json

from galeratrove.common import exception

TYPES = ('integer', 'float', 'string', 'boolean')

# Settings the service owns: identity, paths, networking, replication and
# TLS. A group that names one is refused, whatever the rules file says.
OWNED = frozenset((
    'wsrep_on', 'wsrep_provider', 'wsrep_provider_options',
    'wsrep_cluster_name', 'wsrep_cluster_address', 'wsrep_node_address',
    'wsrep_node_name', 'wsrep_node_incoming_address', 'wsrep_sst_method',
    'wsrep_sst_auth', 'wsrep_sst_receive_address', 'wsrep_sst_donor',
    'wsrep_notify_cmd', 'wsrep_data_home_dir', 'server_id', 'datadir',
    'basedir', 'bind_address', 'port', 'socket', 'pid_file', 'log_error',
    'tmpdir', 'secure_file_priv', 'plugin_dir', 'plugin_load',
    'plugin_load_add', 'init_file', 'init_connect', 'user', 'skip_networking',
    'skip_grant_tables', 'binlog_format', 'default_storage_engine',
    'innodb_autoinc_lock_mode', 'log_bin', 'general_log_file',
    'slow_query_log_file', 'skip_name_resolve', 'character_sets_dir',
    'lc_messages_dir', 'innodb_data_home_dir', 'innodb_log_group_home_dir',
))
# Owned prefixes: TLS options and the provider's own addresses/identity.
OWNED_PREFIXES = ('ssl', 'tls', 'have_ssl', 'gmcast.', 'ist.', 'pc.',
                  'evs.', 'socket.', 'base_', 'gcache.dir', 'gcache.name',
                  'repl.', 'wsrep_provider_', 'wsrep_sst_')


def normalize(name):
    """Server option names: case-insensitive, '-' and '_' alike."""
    return name.strip().lower().replace('-', '_') if isinstance(
        name, str) else name


def is_owned(name):
    name = normalize(name)
    return name in OWNED or name.startswith(OWNED_PREFIXES)


def _path(manager, version):
    res = importlib.resources.files('galeratrove.configuration')
    return res.joinpath('rules', '%s-%s.json' % (manager, version))


@functools.lru_cache(maxsize=None)
def _load(manager, version):
    path = _path(manager, version)
    if not path.is_file():
        return None
    rules = json.loads(path.read_text(encoding='utf-8'))
    params = {}
    for rule in rules['configuration-parameters']:
        if rule['type'] not in TYPES:
            raise ValueError('%s: unknown type %s' % (rule['name'],
                                                      rule['type']))
        params[rule['name']] = dict(rule)
    return params


def for_version(dsv):
    """{name: rule} of a datastore version; 404 if it has no rules."""
    params = _load(dsv.manager, dsv.name)
    if params is None:
        raise exception.NotFound(
            'Datastore version %s %s has no configuration parameters.'
            % (dsv.datastore.name, dsv.name))
    return params


def get(dsv, name):
    rule = for_version(dsv).get(name)
    if rule is None:
        raise exception.NotFound(
            'No configuration parameter %s for datastore version %s %s.'
            % (name, dsv.datastore.name, dsv.name))
    return rule
