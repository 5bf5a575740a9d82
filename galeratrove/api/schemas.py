"""JSON schemas for every request body, and a validator with plain errors."""

import re
import unicodedata

import jsonschema

from galeratrove.common import exception

# Names are free text (any printable Unicode, as in Trove); only control
# characters, lone surrogates and surrounding blanks are refused. What
# reaches a server configuration is derived from ids, never from a name.
_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks('printable', raises=ValueError)
def _printable(value):
    if not isinstance(value, str):
        return True
    for char in value:
        category = unicodedata.category(char)
        if category == 'Cc':
            raise ValueError('control character U+%04X is not allowed'
                             % ord(char))
        if category == 'Cs':
            raise ValueError('it is not valid Unicode text (lone '
                             'surrogate U+%04X)' % ord(char))
    if value != value.strip():
        raise ValueError('it must not start or end with white space')
    return True


@_FORMATS.checks('password', raises=ValueError)
def _password(value):
    # The guest refuses these too: a password also lands in option files.
    if isinstance(value, str) and any(
            c in '"\\' or unicodedata.category(c) in ('Cc', 'Cs')
            for c in value):
        raise ValueError('a password must not contain a double quote, a '
                         'backslash or a control character')
    return True


_non_empty_string = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                     'format': 'printable'}
_ref = {'oneOf': [{'type': 'string', 'minLength': 1, 'maxLength': 64,
                   'pattern': r'^\S+$'},
                  {'type': 'integer', 'minimum': 0}]}
_optional_string = {'type': ['string', 'null'], 'maxLength': 255,
                    'format': 'printable'}
# Options a client may send that we may not honour: they are named here so
# that cluster.unsupported can refuse each with its reason, not dropped.
_anything = {}
_volume = {
    'type': 'object', 'required': ['size'], 'additionalProperties': False,
    'properties': {'size': {'type': 'integer', 'minimum': 1},
                   'type': _optional_string},
}
_nic = {'type': 'object', 'additionalProperties': False,
        'properties': {key: _optional_string for key in (
            'net-id', 'network_id', 'port-id', 'port_id', 'v4-fixed-ip',
            'ip_address', 'subnet_id', 'subnet-id')}}
# A volume is required of data nodes (cluster.api says so by name): an
# arbitrator takes none.
_instance = {
    'type': 'object', 'required': ['flavorRef'],
    'additionalProperties': False,
    'properties': {
        'flavorRef': _ref,
        'volume': _volume,
        'name': _non_empty_string,
        'availability_zone': _optional_string,
        'nics': {'type': ['array', 'null'], 'items': _nic},
        'type': {'oneOf': [_optional_string,
                           {'type': 'array', 'items': _non_empty_string}]},
        'region_name': _optional_string,
        'region': _optional_string,
        'modules': _anything,
        'related_to': _optional_string,
        # Trove's restore: the cluster is created from this backup.
        'restorePoint': {
            'type': 'object', 'required': ['backupRef'],
            'additionalProperties': False,
            'properties': {'backupRef': _non_empty_string}},
    },
}

CLUSTER_CREATE = {
    'type': 'object', 'required': ['cluster'], 'additionalProperties': False,
    'properties': {'cluster': {
        'type': 'object', 'required': ['name', 'datastore', 'instances'],
        'additionalProperties': False,
        'properties': {
            'name': _non_empty_string,
            'datastore': {
                'type': 'object', 'required': ['type', 'version'],
                'additionalProperties': False,
                'properties': {'type': _non_empty_string,
                               'version': _non_empty_string}},
            'instances': {'type': 'array', 'minItems': 1,
                          'items': _instance},
            'locality': {'type': ['string', 'null'],
                         'enum': ['affinity', 'anti-affinity', None]},
            'configuration': _optional_string,
            'modules': _anything,
            'extended_properties': _anything,
            'region_name': _optional_string,
            'tls': {'type': 'boolean'},
        }}},
}

CLUSTER_ACTION = {
    'type': 'object', 'minProperties': 1, 'maxProperties': 1,
    'additionalProperties': False,
    'properties': {
        'grow': {'type': 'array', 'minItems': 1, 'items': _instance},
        'shrink': {'type': 'array', 'minItems': 1, 'items': {
            'type': 'object', 'required': ['id'],
            'additionalProperties': False,
            'properties': {'id': _non_empty_string}}},
        'reset-status': {'type': ['object', 'null']},
        # Trove's cluster actions for configuration groups.
        'configuration_attach': {
            'type': 'object', 'required': ['configuration_id'],
            'additionalProperties': False,
            'properties': {'configuration_id': _non_empty_string}},
        'configuration_detach': {'type': ['object', 'null']},
        'restart': {'type': ['object', 'null'], 'maxProperties': 0},
        # troveclient's clusters.upgrade sends the version's name or id.
        'upgrade': {'type': 'object', 'required': ['datastore_version'],
                    'additionalProperties': False,
                    'properties': {'datastore_version': _non_empty_string}},
        'replace-instance': {'type': 'object', 'required': ['id'],
                             'additionalProperties': False,
                             'properties': {'id': _non_empty_string}},
    },
}

_values = {'type': 'object', 'maxProperties': 64,
           'propertyNames': {'maxLength': 64},
           'additionalProperties': {
               'type': ['string', 'integer', 'number', 'boolean'],
               'maxLength': 1024}}

CONFIGURATION_CREATE = {
    'type': 'object', 'required': ['configuration'],
    'additionalProperties': False,
    'properties': {'configuration': {
        'type': 'object', 'required': ['name', 'values'],
        'additionalProperties': False,
        'properties': {
            'name': _non_empty_string,
            'description': _optional_string,
            'values': _values,
            'datastore': {
                'type': 'object', 'additionalProperties': False,
                'properties': {'type': _optional_string,
                               'version': _optional_string,
                               'version_number': _optional_string}},
        }}},
}

CONFIGURATION_UPDATE = {
    'type': 'object', 'required': ['configuration'],
    'additionalProperties': False,
    'properties': {'configuration': {
        'type': 'object', 'required': ['values'],
        'additionalProperties': False,
        'properties': {
            'name': _non_empty_string,
            'description': _optional_string,
            'values': _values,
        }}},
}

# PUT /instances/{id}: what OSC's configuration attach and detach send.
INSTANCE_UPDATE = {
    'type': 'object', 'required': ['instance'], 'additionalProperties': False,
    'properties': {'instance': {
        'type': 'object', 'minProperties': 1, 'additionalProperties': False,
        'properties': {'configuration': {
            'type': ['string', 'null'], 'minLength': 1, 'maxLength': 64}}}},
}

_password_field = {'type': ['string', 'null'], 'minLength': 1,
                   'maxLength': 128, 'format': 'password'}

ROOT_ENABLE = {
    'type': ['object', 'null'],
    'properties': {
        # troveclient (and Trove) send {"password": ...}.
        'password': _password_field,
        'root': {'type': ['object', 'null'], 'properties': {
            'password': _password_field}}},
}


def _coerce_sizes(instances):
    for item in instances if isinstance(instances, list) else ():
        volume = item.get('volume') if isinstance(item, dict) else None
        size = volume.get('size') if isinstance(volume, dict) else None
        # ASCII digits only: '²'.isdigit() is true but int('²') fails.
        if isinstance(size, str) and re.fullmatch(r'\s*[0-9]+\s*', size):
            volume['size'] = int(size)


def coerce(body):
    """Volume sizes given as digit strings become integers, as in Trove.

    troveclient and the OpenStack client send ``"volume": {"size": "2"}``.
    Anything else is left for ``validate`` to judge.
    """
    if not isinstance(body, dict):
        return body
    cluster = body.get('cluster')
    if isinstance(cluster, dict):
        _coerce_sizes(cluster.get('instances'))
    _coerce_sizes(body.get('grow'))
    return body


def _where(error):
    path = '/'.join(str(p) for p in error.absolute_path)
    return path or 'body'


def validate(schema, body):
    """Raise BadRequest naming the first offending field."""
    validator = jsonschema.Draft7Validator(schema, format_checker=_FORMATS)
    errors = sorted(validator.iter_errors(body),
                    key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    if error.validator == 'required':
        message = error.message
    elif error.validator in ('minProperties', 'maxProperties'):
        message = 'exactly one action is allowed: %s' % ', '.join(
            sorted(schema['properties']))
    elif error.validator == 'additionalProperties':
        message = '%s: %s' % (_where(error), error.message)
    elif error.validator == 'format' and error.cause is not None:
        message = '%s: %s' % (_where(error), error.cause)
    else:
        message = '%s: %s' % (_where(error), error.message)
    raise exception.BadRequest('Invalid request body: %s.' % message)
