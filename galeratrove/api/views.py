"""Response bodies, shaped as the specs show them (list and show alike)."""

import functools

from galeratrove.common import statuses


def _time(value):
    return value.isoformat('T', 'seconds') if value else None


def _links(base_url, tenant_id, path):
    # f-strings: a list page builds some 140 of these.
    return [{'href': f'{base_url}/v1.0/{tenant_id}/{path}', 'rel': 'self'},
            {'href': f'{base_url}/{path}', 'rel': 'bookmark'}]


def ips(instance):
    return list(instance.addresses or [])


@functools.lru_cache(maxsize=1024)
def _flavor(base_url, tenant_id, flavor_id):
    # Shared between bodies (every member of a page has one): never
    # changed once made.
    return {'id': flavor_id,
            'links': _links(base_url, tenant_id, f'flavors/{flavor_id}')}


def _datastore(cluster):
    version = cluster.datastore_version
    return {'type': version.datastore.name, 'version': version.name}


def cluster_member(base_url, instance):
    """A member as the cluster view shows it.

    Rows of ``db.reads`` are immutable tuples of every column used here,
    so their bodies are made once and shared (a list page has 60; the
    columns change only on a status or address change); ORM rows are not.
    """
    if isinstance(instance, tuple):
        try:
            return _remembered_member(base_url, instance)
        except TypeError:  # an unhashable column (instance-view rows)
            pass
    return _member(base_url, instance)


def _member(base_url, instance):
    body = {'id': instance.id, 'name': instance.name,
            'status': instance.status,
            'type': getattr(instance, 'type', None) or 'member',
            'links': _links(base_url, instance.tenant_id,
                            f'instances/{instance.id}'),
            'flavor': _flavor(base_url, instance.tenant_id,
                              instance.flavor_id),
            'volume': {'size': instance.volume_size}}
    if instance.addresses:
        body['ip'] = instance.addresses[0]
    if instance.fault_message:
        body['fault'] = {'message': instance.fault_message,
                         'created': _time(instance.fault_at)}
    return body


_remembered_member = functools.lru_cache(maxsize=16384)(_member)


def cluster(base_url, row):
    task = statuses.task(row.task_id)
    members = list(row.instances)
    return {
        'id': row.id,
        'name': row.name,
        'task': {'id': task.id, 'name': task.name,
                 'description': task.description},
        'created': _time(row.created),
        'updated': _time(row.updated),
        'links': _links(base_url, row.tenant_id, 'clusters/%s' % row.id),
        'datastore': _datastore(row),
        'instances': [cluster_member(base_url, i) for i in members],
        # Where clients connect: an arbitrator serves no SQL.
        'ip': [ip for i in members for ip in ips(i)[:1]
               if getattr(i, 'type', None) != 'arbitrator'],
        # Trove's cluster view names the attached group by its id.
        **({'configuration': row.configuration_id}
           if getattr(row, 'configuration_id', None) else {}),
        # Its CA certificate: GET clusters/{id}/ca.
        'tls': bool(getattr(row, 'tls', False)),
    }


def cluster_instance(base_url, cluster_row, instance):
    """The instance view of the spec, plus the node's Galera state."""
    body = {
        'status': instance.status,
        'id': instance.id,
        'cluster_id': cluster_row.id,
        'name': instance.name,
        'type': getattr(instance, 'type', None) or 'member',
        'created': _time(instance.created),
        'updated': _time(instance.updated),
        'links': _links(base_url, instance.tenant_id,
                        'instances/%s' % instance.id),
        'datastore': _datastore(cluster_row),
        'ip': ips(instance),
        'flavor': _flavor(base_url, instance.tenant_id, instance.flavor_id),
        'volume': {'size': instance.volume_size,
                   'used': instance.volume_used},
    }
    if instance.fault_message:
        body['fault'] = {'message': instance.fault_message,
                         'created': _time(instance.fault_at)}
    if instance.guest_status:
        body['galera'] = dict(instance.guest_status)
    return body


def datastore(base_url, tenant_id, row):
    return {
        'id': row.id, 'name': row.name,
        'default_version': row.default_version_id,
        'links': _links(base_url, tenant_id, 'datastores/%s' % row.id),
        'versions': [datastore_version(base_url, tenant_id, v)
                     for v in row.versions if v.active],
    }


def datastore_version(base_url, tenant_id, row):
    return {
        'id': row.id, 'name': row.name, 'datastore': row.datastore_id,
        # The version number OSC shows; our versions are named by it.
        'version': row.name,
        'active': row.active, 'packages': row.packages,
        'links': _links(base_url, tenant_id,
                        'datastores/versions/%s' % row.id),
    }


def flavor(base_url, tenant_id, f):
    return {'id': f.id, 'str_id': str(f.id), 'name': f.name, 'ram': f.ram,
            'vcpus': f.vcpus, 'disk': f.disk, 'ephemeral': 0,
            'links': _links(base_url, tenant_id, 'flavors/%s' % f.id)}


def configuration(row, detailed=False, instance_count=0):
    """Trove's configuration group view; ``detailed`` adds the values."""
    version = row.datastore_version
    body = {
        'id': row.id, 'name': row.name, 'description': row.description,
        'created': _time(row.created), 'updated': _time(row.updated),
        'datastore_version_id': row.datastore_version_id,
        'datastore_name': version.datastore.name,
        'datastore_version_name': version.name,
        'datastore_version_number': version.name,
    }
    if detailed:
        body['values'] = dict(row.parameters or {})
        body['instance_count'] = instance_count
    return body


def configuration_parameter(version_id, rule):
    """A rule as Trove shows it; min and max only for numbers."""
    body = {'name': rule['name'], 'type': rule['type'],
            'restart_required': bool(rule.get('restart_required')),
            'datastore_version_id': version_id}
    for key in ('min', 'max'):
        if rule.get(key) is not None:
            body[key] = rule[key]
    if rule.get('allowed'):
        body['allowed'] = list(rule['allowed'])
    return body
