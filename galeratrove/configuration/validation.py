"""A configuration group's values checked against its version's rules.

Every refusal is a 400 that names the parameter. Values come back in
one normal form (integers as int, booleans as bool, floats as float,
strings as given, list strings upper-cased) so the guest renders them
without judging them again.
"""

import math
import re

from galeratrove.common import exception
from galeratrove.configuration import rules as rules_api

MAX_VALUES = 64
_INT = re.compile(r'^\s*-?[0-9]+\s*$')
_TRUE = ('1', 'on', 'true', 'yes')
_FALSE = ('0', 'off', 'false', 'no')
# Charsets whose collation must then match.
_COLLATION_PREFIX = {'utf8mb4': 'utf8mb4_', 'utf8mb3': 'utf8mb3_',
                     'latin1': 'latin1_', 'ascii': 'ascii_',
                     'binary': 'binary'}


def _bad(name, why):
    raise exception.BadRequest(
        'Invalid value for configuration parameter %s: %s.' % (name, why))


def _integer(name, value):
    if isinstance(value, bool):
        _bad(name, 'expected an integer, got a boolean')
    if isinstance(value, str) and _INT.match(value):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        _bad(name, 'expected an integer')
    return value


def _float(name, value):
    if isinstance(value, bool):
        _bad(name, 'expected a number, got a boolean')
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            _bad(name, 'expected a number')
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        _bad(name, 'expected a number')
    return float(value)


def _boolean(name, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    _bad(name, 'expected true or false')


def _string(name, value, rule):
    if not isinstance(value, str):
        _bad(name, 'expected a string')
    value = value.strip()
    if len(value) > 1024:
        _bad(name, 'longer than 1024 characters')
    allowed = rule.get('allowed')
    if rule.get('list'):
        words = [w.strip().upper() for w in value.split(',') if w.strip()]
        unknown = [w for w in words if w not in allowed]
        if unknown:
            _bad(name, 'unknown mode %s' % ', '.join(unknown))
        return ','.join(words)
    if allowed is not None:
        by_lower = {a.lower(): a for a in allowed}
        if value.lower() not in by_lower:
            _bad(name, 'must be one of %s' % ', '.join(allowed))
        return by_lower[value.lower()]
    if rule.get('pattern') and not re.match(rule['pattern'], value):
        _bad(name, 'not a valid value')
    return value


def value(name, rule, raw):
    """One value in normal form, within the rule's bounds."""
    kind = rule['type']
    if kind == 'integer':
        result = _integer(name, raw)
    elif kind == 'float':
        result = _float(name, raw)
    elif kind == 'boolean':
        return _boolean(name, raw)
    else:
        return _string(name, raw, rule)
    if rule.get('min') is not None and result < rule['min']:
        _bad(name, '%s is below the minimum %s' % (raw, rule['min']))
    if rule.get('max') is not None and result > rule['max']:
        _bad(name, '%s is above the maximum %s' % (raw, rule['max']))
    return result


def values(dsv, raw_values):
    """The checked values of a group for datastore version ``dsv``."""
    if not isinstance(raw_values, dict):
        raise exception.BadRequest('values must be an object of parameter '
                                   'names and values.')
    if len(raw_values) > MAX_VALUES:
        raise exception.BadRequest('A configuration group has at most %d '
                                   'values.' % MAX_VALUES)
    params = rules_api.for_version(dsv)
    checked = {}
    for raw_name, raw in sorted(raw_values.items()):
        name = rules_api.normalize(raw_name)
        if rules_api.is_owned(name):
            raise exception.BadRequest(
                'The configuration parameter %s cannot be set: the service '
                'manages it.' % raw_name)
        rule = params.get(name)
        if rule is None:
            raise exception.BadRequest(
                'The configuration parameter %s is not supported by '
                'datastore version %s %s.'
                % (raw_name, dsv.datastore.name, dsv.name))
        if name in checked:
            raise exception.BadRequest('The configuration parameter %s is '
                                       'given twice.' % raw_name)
        checked[name] = value(name, rule, raw)
    _check_collation(checked)
    return checked


def _check_collation(checked):
    charset = checked.get('character_set_server')
    collation = checked.get('collation_server')
    if charset and collation and not collation.startswith(
            _COLLATION_PREFIX[charset]):
        _bad('collation_server', '%s is not a collation of %s'
             % (collation, charset))
    if collation and not charset and not collation.startswith('utf8mb4_'):
        # The servers run utf8mb4 unless the group changes the charset.
        _bad('collation_server', '%s needs character_set_server set to '
             'its character set' % collation)


def restart_required(dsv, names):
    """Which of ``names`` only take effect after a restart."""
    params = rules_api.for_version(dsv)
    return sorted(n for n in names if params.get(n, {}).get(
        'restart_required'))
