"""JSON schemas for every request body, and a validator with plain errors."""

import jsonschema

from galeratrove.common import exception

_non_empty_string = {'type': 'string', 'minLength': 1, 'maxLength': 255,
                     'pattern': r'^\S(.*\S)?$'}
_ref = {'oneOf': [{'type': 'string', 'minLength': 1, 'maxLength': 64,
                   'pattern': r'^\S+$'},
                  {'type': 'integer', 'minimum': 0}]}
_volume = {
    'type': 'object', 'required': ['size'], 'additionalProperties': True,
    'properties': {'size': {'type': 'integer', 'minimum': 1},
                   'type': {'type': ['string', 'null']}},
}
_nic = {'type': 'object', 'additionalProperties': False,
        'properties': {'net-id': {'type': 'string'},
                       'network_id': {'type': 'string'},
                       'port-id': {'type': 'string'},
                       'v4-fixed-ip': {'type': 'string'}}}
_instance = {
    'type': 'object', 'required': ['flavorRef', 'volume'],
    'additionalProperties': True,
    'properties': {
        'flavorRef': _ref,
        'volume': _volume,
        'name': _non_empty_string,
        'availability_zone': {'type': ['string', 'null'], 'maxLength': 255},
        'nics': {'type': 'array', 'items': _nic},
        'type': {'type': ['string', 'null']},
        'region_name': {'type': ['string', 'null']},
    },
}

CLUSTER_CREATE = {
    'type': 'object', 'required': ['cluster'], 'additionalProperties': False,
    'properties': {'cluster': {
        'type': 'object', 'required': ['name', 'datastore', 'instances'],
        'additionalProperties': True,
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
    },
}

ROOT_ENABLE = {
    'type': ['object', 'null'],
    'properties': {
        # troveclient (and Trove) send {"password": ...}.
        'password': {'type': ['string', 'null']},
        'root': {'type': ['object', 'null'], 'properties': {
            'password': {'type': ['string', 'null']}}}},
}


def _coerce_sizes(instances):
    for item in instances if isinstance(instances, list) else ():
        volume = item.get('volume') if isinstance(item, dict) else None
        size = volume.get('size') if isinstance(volume, dict) else None
        if isinstance(size, str) and size.strip().isdigit():
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
    validator = jsonschema.Draft7Validator(schema)
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
        message = error.message
    else:
        message = '%s: %s' % (_where(error), error.message)
    raise exception.BadRequest('Invalid request body: %s.' % message)
