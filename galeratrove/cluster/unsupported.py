"""Request options this deployment cannot honour, refused with a reason.

A client that sends placement or tuning options must not believe they were
applied: each option below is either honoured (its feature exists, or the
compute driver lists the capability it needs) or refused with a 400 that
names it. One table, so it shrinks as features land.
"""

from galeratrove.common import exception

# option -> (compute capability that honours it, or None; why refused).
CLUSTER_OPTIONS = {
    'locality': ('locality', 'server group placement needs the nova '
                             'compute driver'),
    'modules': (None, 'modules are not supported'),
    'extended_properties': (None, 'extended properties are not supported '
                                  'by Galera clusters'),
    'region_name': (None, 'this deployment has a single region'),
}
INSTANCE_OPTIONS = {
    'nics': ('networks', 'choosing networks, subnets or fixed IPs needs '
                         'the nova compute driver'),
    'availability_zone': ('availability_zones', 'availability zones need '
                                                'the nova compute driver'),
    'region_name': (None, 'this deployment has a single region'),
    'region': (None, 'this deployment has a single region'),
    'modules': (None, 'modules are not supported'),
    'related_to': (None, 'Galera instances are all equal members'),
}
VOLUME_OPTIONS = {
    'type': ('volume_types', 'volume types need the cinder volume driver'),
}
# A data node (no type, or Trove's "member") or a Galera arbitrator
# (garbd: votes in the quorum, holds no data).
MEMBER_TYPES = (None, 'member', 'arbitrator')


def _given(value):
    return value not in (None, '', [], {})


def _refuse(where, option, reason):
    raise exception.BadRequest(
        'The option %s%s cannot be honoured: %s.' % (where, option, reason))


def _check(table, values, capabilities, where):
    for option, (capability, reason) in table.items():
        if _given(values.get(option)) and capability not in capabilities:
            _refuse(where, option, reason)


def check_instances(instances, capabilities):
    """Refuse instance options the deployment would otherwise ignore."""
    for index, item in enumerate(instances):
        where = 'instances[%d].' % index
        _check(INSTANCE_OPTIONS, item, capabilities, where)
        _check(VOLUME_OPTIONS, item.get('volume') or {}, capabilities,
               where + 'volume.')
        kinds = item.get('type')
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(kind not in MEMBER_TYPES for kind in kinds):
            _refuse(where, 'type', 'a Galera cluster has instances of '
                                   'type "member" or "arbitrator"')


def check_cluster(request, capabilities):
    """The create request's cluster-level and instance options."""
    _check(CLUSTER_OPTIONS, request, capabilities, '')
    check_instances(request['instances'], capabilities)
