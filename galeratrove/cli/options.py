"""Parsing ``--instance`` values into the API's instance objects.

The syntax is trove's: ``flavor_id=ID,volume=GB[,volume_type=TYPE]
[,availability_zone=AZ][,nic='net-id=NET[,v4-fixed-ip=IP]'][,name=NAME]``.
``flavor=NAME_OR_ID`` may stand for ``flavor_id``. A nic's own options may
come unquoted (the shell has usually eaten the quotes): ``net-id``,
``port-id`` and ``v4-fixed-ip`` always belong to the nic before them.
"""

NIC_KEYS = ('net-id', 'port-id', 'v4-fixed-ip')
KEYS = ('flavor_id', 'flavor', 'volume', 'volume_type', 'availability_zone',
        'nic', 'type')
MEMBER_TYPES = ('member', 'arbitrator')
GROW_KEYS = KEYS + ('name',)
METAVAR = '<flavor_id=ID,volume=GB,...>'


class OptionError(ValueError):
    """A malformed option; its text is shown to the user as is."""


def split_pairs(spec):
    """``a=1,b='x=1,y=2'`` -> [('a', '1'), ('b', 'x=1,y=2')]."""
    items, current, quote = [], [], None
    for char in spec:
        if quote:
            if char == quote:
                quote = None
            else:
                current.append(char)
        elif char in '\'"':
            quote = char
        elif char == ',':
            items.append(''.join(current))
            current = []
        else:
            current.append(char)
    if quote:
        raise OptionError('Unbalanced quote in %r.' % spec)
    items.append(''.join(current))
    pairs = []
    for item in items:
        if not item.strip():
            continue
        key, sep, value = item.partition('=')
        if not sep or not key.strip():
            raise OptionError('%r is not of the form key=value.' % item)
        pairs.append((key.strip(), value.strip()))
    return pairs


def parse_nic(value):
    """``net-id=N,v4-fixed-ip=IP`` -> dict; checked by the caller."""
    nic = {}
    for key, val in split_pairs(value):
        if key not in NIC_KEYS:
            raise OptionError("Unknown nic option %r; valid are: %s."
                              % (key, ', '.join(NIC_KEYS)))
        nic[key] = val
    return nic


def _check_nic(nic):
    if bool(nic.get('net-id')) == bool(nic.get('port-id')):
        raise OptionError('A nic needs exactly one of net-id or port-id: '
                          '%s.' % ','.join('%s=%s' % kv for kv in nic.items()))


def _positive_int(name, value):
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1 or str(number) != value.strip().lstrip('+'):
        raise OptionError('%s must be a positive integer (GB), not %r.'
                          % (name, value))
    return number


def parse_instance(spec, for_grow=False):
    """One ``--instance`` value -> {flavorRef, volume, ...} for the API.

    ``flavor`` (a name to resolve) is returned under ``flavor`` when given
    instead of ``flavor_id``; the caller resolves it.
    """
    allowed = GROW_KEYS if for_grow else KEYS
    values, nics = {}, []
    for key, value in split_pairs(spec):
        if key in NIC_KEYS and nics:
            nics[-1][key] = value
            continue
        if key not in allowed:
            raise OptionError("Unknown option %r in --instance %s; valid "
                              "are: %s." % (key, spec, ', '.join(allowed)))
        if key == 'nic':
            if '=' not in value:
                raise OptionError('nic needs net-id=... or port-id=..., '
                                  'not %r.' % value)
            nics.append(parse_nic(value))
            continue
        if key in values:
            raise OptionError('%s given twice in --instance %s.'
                              % (key, spec))
        if not value:
            raise OptionError('%s needs a value in --instance %s.'
                              % (key, spec))
        values[key] = value
    for nic in nics:
        _check_nic(nic)
    if 'flavor_id' in values and 'flavor' in values:
        raise OptionError('Give flavor_id or flavor, not both: %s.' % spec)
    if 'flavor_id' not in values and 'flavor' not in values:
        raise OptionError('--instance %s needs flavor_id=ID.' % spec)
    kind = values.get('type', 'member')
    if kind not in MEMBER_TYPES:
        raise OptionError('type must be one of %s, not %r.'
                          % (', '.join(MEMBER_TYPES), kind))
    instance = {}
    if kind == 'arbitrator':
        # garbd holds no data: the API refuses a volume for it.
        instance['type'] = kind
        if 'volume' in values or 'volume_type' in values:
            raise OptionError('An arbitrator takes no volume: %s.' % spec)
    elif 'volume' not in values:
        raise OptionError('--instance %s needs volume=GB.' % spec)
    else:
        instance['volume'] = {'size': _positive_int('volume',
                                                    values['volume'])}
    if 'flavor_id' in values:
        instance['flavorRef'] = values['flavor_id']
    else:
        instance['flavor'] = values['flavor']
    if 'volume_type' in values:
        instance['volume']['type'] = values['volume_type']
    if 'availability_zone' in values:
        instance['availability_zone'] = values['availability_zone']
    if nics:
        instance['nics'] = nics
    if 'name' in values:
        instance['name'] = values['name']
    return instance
