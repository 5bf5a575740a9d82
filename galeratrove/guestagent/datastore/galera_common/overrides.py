"""A configuration group in a node's config file, and live on the node.

The group's values go in one marked block at the end of galera.cnf: the
server takes the last value of an option, so the block overrides the
rendered defaults above it, and removing it restores them. Parts of
wsrep_provider_options (``gcache.size``) are merged into a full copy of
the rendered provider options in the block. Names and values were
checked by the API against the version's rules; they are checked again
here so that nothing can break out of its line or statement.
"""

import re

from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors

BEGIN = '# BEGIN configuration group (managed by galeratrove)'
END = '# END configuration group'
PROVIDER_OPTIONS = 'wsrep_provider_options'
_BLOCK = re.compile(r'\n?^%s$.*?^%s$\n?' % (
    re.escape(BEGIN), re.escape(END)), re.M | re.S)
_NAME = re.compile(r'^[a-z][a-z0-9_]{0,63}$')
_PROVIDER_NAME = re.compile(r'^[a-z]+\.[a-z_]{1,48}$')
_VALUE = re.compile(r'^[A-Za-z0-9_.,:+\-]{0,1024}$')
_SIZE = re.compile(r'^([0-9]+)([KMGkmg]?)$')
# Default collation of the charsets a group may choose.
DEFAULT_COLLATION = {'utf8mb4': 'utf8mb4_general_ci',
                     'utf8mb3': 'utf8mb3_general_ci',
                     'latin1': 'latin1_swedish_ci',
                     'ascii': 'ascii_general_ci', 'binary': 'binary'}


def is_provider_option(name):
    return '.' in name


def _check(name, value):
    pattern = _PROVIDER_NAME if is_provider_option(name) else _NAME
    if not isinstance(name, str) or not pattern.match(name):
        raise errors.ConfigError('%r is not a parameter name' % (name,))
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value
    if not isinstance(value, str) or not _VALUE.match(value):
        raise errors.ConfigError('%s=%r has characters not allowed in the '
                                 'server configuration' % (name, value))
    return value


def complete(values):
    """Checked values, with the collation a chosen charset needs."""
    values = {name: _check(name, value) for name, value in
              (values or {}).items()}
    charset = values.get('character_set_server')
    if charset and 'collation_server' not in values:
        values['collation_server'] = DEFAULT_COLLATION.get(charset)
    return values


def text_value(value):
    if isinstance(value, bool):
        return 'ON' if value else 'OFF'
    if isinstance(value, float):
        return ('%.6f' % value).rstrip('0').rstrip('.')
    return str(value)


def strip(text):
    """The config text without the group's block."""
    return _BLOCK.sub('\n', text).rstrip('\n') + '\n'


def base_options(text):
    """{option: value} the rendered config sets, without the group."""
    return config.parse(strip(text))


def provider_pairs(value):
    pairs = []
    for part in (value or '').split(';'):
        key, sep, val = part.strip().partition('=')
        if sep:
            pairs.append((key.strip(), val.strip()))
    return pairs


def apply(text, values):
    """``text`` with its block replaced by one for ``values`` ({}: none)."""
    text = strip(text)
    values = complete(values)
    if not values:
        return text
    lines = ['', BEGIN, '[mysqld]']
    provider = {}
    for name, value in sorted(values.items()):
        if is_provider_option(name):
            provider[name] = text_value(value)
        elif isinstance(value, str):
            lines.append('%s = "%s"' % (name, value))
        else:
            lines.append('%s = %s' % (name, text_value(value)))
    if provider:
        pairs = [(k, provider.pop(k, v)) for k, v in provider_pairs(
            config.parse(text).get(PROVIDER_OPTIONS))]
        pairs += sorted(provider.items())
        lines.append('%s = "%s"' % (PROVIDER_OPTIONS, '; '.join(
            '%s=%s' % pair for pair in pairs)))
    lines.append(END)
    return text + '\n'.join(lines) + '\n'


def live_value(value):
    """A value from the config file as SET GLOBAL takes it."""
    match = _SIZE.match(value or '')
    if match:
        factor = {'': 1, 'k': 2 ** 10, 'm': 2 ** 20, 'g': 2 ** 30}
        return int(match.group(1)) * factor[match.group(2).lower()]
    return value


def statements(text, changes, defaults=None):
    """(sql, args) that set ``changes`` live; a None value restores.

    Restoring sets what the config file (without the group) sets, else
    the server's compiled default; a provider option its ``defaults``.
    """
    changes = dict(changes)
    if 'character_set_server' in changes and \
            'collation_server' not in changes:
        charset = changes['character_set_server']
        changes['collation_server'] = DEFAULT_COLLATION.get(charset)
    base = base_options(text)
    base_provider = dict(provider_pairs(base.get(PROVIDER_OPTIONS)))
    result = []
    for name, value in sorted(changes.items()):
        _check(name, value)
        if is_provider_option(name):
            if value is None:
                value = base_provider.get(name, (defaults or {}).get(name))
                if value is None:
                    continue
            result.append(('SET GLOBAL wsrep_provider_options = %s',
                           ('%s=%s' % (name, text_value(value)),)))
        elif value is None and base.get(name) is None:
            result.append(('SET GLOBAL %s = DEFAULT' % name, None))
        else:
            if value is None:
                value = live_value(base[name])
            elif isinstance(value, bool):
                value = 'ON' if value else 'OFF'
            result.append(('SET GLOBAL %s = %%s' % name, (value,)))
    return result


class NodeOverrides:
    """Mixin for GaleraNode (paths, _owner, execute, query)."""

    def write_overrides(self, values):
        """Replace the configuration group's block in the config file."""
        with open(self.paths.config_file, encoding='utf-8') as handle:
            text = handle.read()
        config.write_config(self.paths.config_file, apply(text, values),
                            self._owner())

    def set_globals(self, changes, defaults=None):
        """Apply dynamic values live (None: back to the file's value).

        Returns what the server reports for them afterwards.
        """
        with open(self.paths.config_file, encoding='utf-8') as handle:
            text = handle.read()
        for statement, args in statements(text, changes, defaults):
            self.execute(statement, args)
        names = sorted(n for n in changes if not is_provider_option(n))
        if not names:
            return {}
        rows = self.query('SHOW GLOBAL VARIABLES WHERE Variable_name IN '
                          '(%s)' % ', '.join(['%s'] * len(names)), names)
        return {r['Variable_name']: r['Value'] for r in rows}
