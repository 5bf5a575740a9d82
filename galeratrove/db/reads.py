"""The API's hot reads: show, list, member views, one SQL query each.

(A page after a marker first looks the marker up: two.)

ORM loading cost more than the rest of a request: every column of every
instance (keys, NIC and Galera JSON decoded), a second SELECT for the
members, and on SQLite a new connection per request. These read only the
columns the views show, cluster and members in one query (so one
snapshot), on a pooled connection (``session.read_connection``). The rows
have the attribute names of the models, so ``api.views`` takes either.
"""

import collections
import functools
import json

import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.db import models
from galeratrove.db import session as session_api

_CLUSTERS = models.Cluster.__table__
_INSTANCES = models.Instance.__table__
_VERSIONS = models.DatastoreVersion.__table__
_DATASTORES = models.Datastore.__table__
_C, _I, _V, _D = (_CLUSTERS.c, _INSTANCES.c, _VERSIONS.c, _DATASTORES.c)

Version = collections.namedtuple('Version', 'name datastore')
Datastore = collections.namedtuple('Datastore', 'name')


@functools.lru_cache(maxsize=65536)
def _decoded(text):
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


class _Addresses(sa.types.TypeDecorator):
    """The JSON list of addresses, decoded once per distinct text.

    A list page decodes some 60 of them; they change only when a node
    moves. Tuples, so the shared values cannot be changed.
    """

    impl = sa.Text
    cache_ok = True

    def process_result_value(self, value, dialect):
        if isinstance(value, str):  # drivers that decode JSON give lists
            return _decoded(value)
        return value


# What the cluster view shows of each member, and what the instance view
# adds.
MEMBER_COLUMNS = (_I.id, _I.name, _I.status, _I.tenant_id, _I.flavor_id,
                  _I.volume_size,
                  sa.type_coerce(_I.addresses, _Addresses).label('addresses'),
                  _I.fault_message, _I.fault_at, _I.type)
INSTANCE_COLUMNS = MEMBER_COLUMNS + (_I.created, _I.updated, _I.volume_used,
                                     _I.guest_status)
_CLUSTER_COLUMNS = (_C.id, _C.name, _C.tenant_id, _C.task_id, _C.created,
                    _C.updated, _C.configuration_id, _C.tls)
_LIVE = _C.deleted == sa.false()
# Where the member's columns start in a joined row.
_MEMBER = len(_CLUSTER_COLUMNS) + 2


class ClusterRow:
    """A cluster as the views read it: columns, version, live members."""

    __slots__ = ('id', 'name', 'tenant_id', 'task_id', 'created', 'updated',
                 'configuration_id', 'tls', 'datastore_version', 'instances')

    def __init__(self, row):
        (self.id, self.name, self.tenant_id, self.task_id, self.created,
         self.updated, self.configuration_id, self.tls, datastore,
         version) = row[:_MEMBER]
        self.datastore_version = _version(datastore, version)
        self.instances = []


_versions = {}


def _version(datastore, version):
    """Shared (name, datastore) pairs: names never change for an id."""
    key = (datastore, version)
    found = _versions.get(key)
    if found is None:
        found = _versions[key] = Version(version, Datastore(datastore))
    return found


Member = collections.namedtuple('Member', [c.name for c in INSTANCE_COLUMNS])
# A member of the cluster view has no instance-view columns.
Member.__new__.__defaults__ = (None,) * (
    len(INSTANCE_COLUMNS) - len(MEMBER_COLUMNS))


def _member(row):
    return None if row[_MEMBER] is None else Member(*row[_MEMBER:])


def _joined(clusters, member_columns, member_on):
    """Clusters (the table or a page of it) with version and members."""
    cl = clusters.c
    q = sa.select(*[cl[c.name] for c in _CLUSTER_COLUMNS], _D.name, _V.name,
                  *member_columns)
    return q.select_from(
        clusters.join(_VERSIONS, _V.id == cl.datastore_version_id)
        .join(_DATASTORES, _D.id == _V.datastore_id)
        .outerjoin(_INSTANCES, sa.and_(
            _I.cluster_id == cl.id, _I.deleted == sa.false(), member_on)))


def _clusters(rows):
    """Group joined rows into ClusterRows, in the order they came."""
    found = {}
    for row in rows:
        cluster = found.get(row[0])
        if cluster is None:
            cluster = found[row[0]] = ClusterRow(row)
        if row[_MEMBER] is not None:
            cluster.instances.append(Member(*row[_MEMBER:]))
    return list(found.values())


def _show_query(member_columns):
    return _joined(_CLUSTERS, member_columns, sa.true()).where(
        _C.id == sa.bindparam('cluster_id'), _LIVE,
        _C.tenant_id == sa.bindparam('tenant_id')).order_by(_I.member_index)


# Built once: only the values change from one request to the next.
_SHOW = {False: _show_query(MEMBER_COLUMNS), True: _show_query(
    INSTANCE_COLUMNS)}
_MEMBER_VIEW = _joined(
    _CLUSTERS, INSTANCE_COLUMNS, _I.id == sa.bindparam('instance_id')).where(
    _C.id == sa.bindparam('cluster_id'), _LIVE,
    _C.tenant_id == sa.bindparam('tenant_id'))
# An instance by its own id, its cluster outer-joined: a member of a
# cluster gone meanwhile is told apart from an unknown id.
_INSTANCE_VIEW = sa.select(
    *_CLUSTER_COLUMNS, _D.name, _V.name, *INSTANCE_COLUMNS,
    _I.cluster_id).select_from(_INSTANCES.outerjoin(_CLUSTERS, sa.and_(
        _C.id == _I.cluster_id, _LIVE,
        _C.tenant_id == sa.bindparam('tenant_id')))
        .outerjoin(_VERSIONS, _V.id == _C.datastore_version_id)
        .outerjoin(_DATASTORES, _D.id == _V.datastore_id)).where(
    _I.id == sa.bindparam('instance_id'), _I.deleted == sa.false(),
    _I.tenant_id == sa.bindparam('tenant_id'))
_MARKER = sa.select(_C.created, _C.id).where(
    _C.id == sa.bindparam('marker'), _LIVE,
    _C.tenant_id == sa.bindparam('tenant_id'))


def _page_query(after_marker):
    page = sa.select(*_CLUSTER_COLUMNS, _C.datastore_version_id).where(
        _LIVE, _C.tenant_id == sa.bindparam('tenant_id'))
    if after_marker:
        # The >= gives every database an index range to start from: a
        # deep page costs what the first does.
        page = page.where(_C.created >= sa.bindparam('m_created'), sa.or_(
            _C.created > sa.bindparam('m_created'),
            _C.id > sa.bindparam('m_id')))
    page = page.order_by(_C.created, _C.id).limit(
        sa.bindparam('limit', type_=sa.Integer)).subquery()
    return _joined(page, MEMBER_COLUMNS, sa.true()).order_by(
        page.c.created, page.c.id, _I.member_index)


_PAGE = {False: _page_query(False), True: _page_query(True)}


def cluster_show(cluster_id, tenant_id, full=False):
    """A project's live cluster with its live members, or 404.

    ``full``: members with the instance view's columns too.
    """
    with session_api.read_connection() as conn:
        rows = conn.execute(_SHOW[full], {'cluster_id': cluster_id,
                                          'tenant_id': tenant_id}).all()
    if not rows:
        raise exception.ClusterNotFound(id=cluster_id)
    return _clusters(rows)[0]


def cluster_member(cluster_id, instance_id, tenant_id):
    """(cluster, member) for the instance view; 404 for either missing."""
    with session_api.read_connection() as conn:
        row = conn.execute(_MEMBER_VIEW, {
            'cluster_id': cluster_id, 'instance_id': instance_id,
            'tenant_id': tenant_id}).first()
    if row is None:
        raise exception.ClusterNotFound(id=cluster_id)
    member = _member(row)
    if member is None:
        raise exception.InstanceNotFound(id=instance_id)
    return ClusterRow(row), member


def instance_show(instance_id, tenant_id):
    """(cluster, member) for ``/instances/{id}``; 404 for either missing."""
    with session_api.read_connection() as conn:
        row = conn.execute(_INSTANCE_VIEW, {
            'instance_id': instance_id, 'tenant_id': tenant_id}).first()
    if row is None:
        raise exception.InstanceNotFound(id=instance_id)
    if row[0] is None:
        raise exception.ClusterNotFound(id=row[-1])
    return ClusterRow(row), Member(*row[_MEMBER:-1])


def cluster_page(tenant_id, limit, marker=None):
    """One page ordered by (created, id), and whether more follow."""
    values = {'tenant_id': tenant_id, 'limit': limit + 1}
    with session_api.read_connection() as conn:
        if marker:
            m = conn.execute(_MARKER, {'marker': marker,
                                       'tenant_id': tenant_id}).first()
            if m is None:
                raise exception.ClusterNotFound(id=marker)
            values.update(m_created=m.created, m_id=m.id)
        rows = _clusters(conn.execute(_PAGE[bool(marker)], values).all())
    return rows[:limit], len(rows) > limit
