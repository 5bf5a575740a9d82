"""An instance's effective configuration, as Trove's API shows it.

``GET /instances/{id}/configuration`` (OSC's ``database configuration
default``) answers with the values a member runs with: the server
configuration its guest renders for its flavor (the same template and
function), with its cluster's configuration group over it, as the
group's block in the node's file does. Settings the service owns
(paths, addresses, identity, replication credentials) are left out:
they are not the tenant's to tune, and some are secret.
"""

from galeratrove.common import exception
from galeratrove import compute
from galeratrove.conf import CONF
from galeratrove.configuration import rules
from galeratrove.db import configurations as db_conf
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import overrides

# Stand-ins for what differs per node and never shows: the rendered
# text's owned settings are dropped.
_NODE = {'cluster_name': 'c', 'node_name': 'n', 'node_address': '127.0.0.1',
         'base_dir': '/n', 'sst_user': 'u', 'sst_password': 'p'}


def _section(text, name):
    """The option lines of one [section] of a config text."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.strip().startswith('['):
            inside = line.strip() == '[%s]' % name
        elif inside:
            lines.append(line)
    return '\n'.join(lines)


def _value(text):
    """'512M' -> bytes, '16' -> 16: values as the server reports them."""
    value = overrides.live_value(text)
    return int(value) if isinstance(value, str) and value.isdigit() \
        else value


def _rules(dsv):
    try:
        return rules.for_version(dsv)
    except exception.NotFound:
        return {}


def defaults(dsv, memory_mb):
    """{name: value} the rendered configuration sets for a flavor."""
    manager = dsv.manager
    text = config.render(manager, memory_mb=memory_mb,
                         sst_method=CONF[manager].sst_method, **_NODE)
    values = {name: _value(value) for name, value in config.parse(
        _section(text, 'mysqld')).items()
        if value is not None and not rules.is_owned(name)}
    provider = overrides.provider_pairs(config.parse(
        _section(text, 'galera')).get(overrides.PROVIDER_OPTIONS))
    params = _rules(dsv)
    values.update((k, _value(v)) for k, v in provider if k in params)
    values.update((k, r['default']) for k, r in params.items()
                  if r.get('provider_option') and 'default' in r and
                  k not in values)
    return values


def instance_configuration(instance, cluster):
    """{name: value} the member runs with: defaults, then its group."""
    flavor = compute.get_driver().get_flavor(instance.flavor_id)
    values = defaults(cluster.datastore_version, flavor.ram)
    values.update(overrides.complete(
        db_conf.parameters_of(cluster.configuration_id)))
    return values
