"""SQLAlchemy models: datastores, clusters, instances, configuration groups,
quotas, operations.

Rows are soft-deleted only where history matters to a user (clusters,
instances); the list queries filter on indexed columns.
"""

import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from galeratrove.common import statuses


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None, microsecond=0)


class Base(orm.DeclarativeBase):
    pass


class TimestampMixin:
    created = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated = sa.Column(sa.DateTime, nullable=False, default=utcnow,
                        onupdate=utcnow)


class Datastore(Base):
    __tablename__ = 'datastores'
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(64), nullable=False, unique=True)
    default_version_id = sa.Column(sa.String(36))
    versions = orm.relationship(
        'DatastoreVersion', back_populates='datastore',
        order_by='DatastoreVersion.name', lazy='selectin')


class DatastoreVersion(Base):
    __tablename__ = 'datastore_versions'
    __table_args__ = (
        sa.UniqueConstraint('datastore_id', 'name',
                            name='uq_datastore_versions_name'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    datastore_id = sa.Column(sa.String(36), sa.ForeignKey('datastores.id'),
                             nullable=False)
    name = sa.Column(sa.String(64), nullable=False)
    manager = sa.Column(sa.String(32), nullable=False)
    packages = sa.Column(sa.String(255), nullable=False, default='')
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    # The cloud image servers of this version boot from (nova driver).
    image_id = sa.Column(sa.String(64))
    datastore = orm.relationship('Datastore', back_populates='versions',
                                 lazy='joined')


class Cluster(TimestampMixin, Base):
    __tablename__ = 'clusters'
    __table_args__ = (
        sa.Index('ix_clusters_tenant_list', 'tenant_id', 'deleted',
                 'created', 'id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    datastore_version_id = sa.Column(
        sa.String(36), sa.ForeignKey('datastore_versions.id'),
        nullable=False)
    task_id = sa.Column(sa.Integer, nullable=False, default=1)
    root_enabled = sa.Column(sa.Boolean, nullable=False, default=False)
    # Highest member number handed out, so new names never reuse one.
    last_member_index = sa.Column(sa.Integer, nullable=False, default=0)
    # Trove's server group policy of the request (None: the default).
    locality = sa.Column(sa.String(32))
    # The configuration group attached (None: the datastore's defaults).
    configuration_id = sa.Column(sa.String(36),
                                 sa.ForeignKey('configurations.id'))
    deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    deleted_at = sa.Column(sa.DateTime)
    datastore_version = orm.relationship('DatastoreVersion', lazy='joined')
    instances = orm.relationship(
        'Instance', back_populates='cluster', lazy='selectin',
        primaryjoin='and_(Cluster.id == Instance.cluster_id, '
                    'Instance.deleted == False)',
        order_by='Instance.member_index', viewonly=True)


class Instance(TimestampMixin, Base):
    __tablename__ = 'instances'
    __table_args__ = (
        sa.Index('ix_instances_cluster', 'cluster_id', 'deleted'),
        sa.Index('ix_instances_tenant', 'tenant_id', 'deleted'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    cluster_id = sa.Column(sa.String(36), sa.ForeignKey('clusters.id'),
                           nullable=False)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    member_index = sa.Column(sa.Integer, nullable=False)
    flavor_id = sa.Column(sa.String(64), nullable=False)
    volume_size = sa.Column(sa.Integer, nullable=False)
    volume_used = sa.Column(sa.Float)
    volume_type = sa.Column(sa.String(255))
    availability_zone = sa.Column(sa.String(255))
    nics = sa.Column(sa.JSON)
    compute_id = sa.Column(sa.String(64))
    addresses = sa.Column(sa.JSON)
    # BUILD, ACTIVE, ERROR, SHUTDOWN, DELETING: what the user is shown.
    status = sa.Column(sa.String(32), nullable=False, default=statuses.BUILD)
    fault_message = sa.Column(sa.Text)
    fault_at = sa.Column(sa.DateTime)
    # The node's own report, from its last heartbeat.
    guest_status = sa.Column(sa.JSON)
    heartbeat_at = sa.Column(sa.DateTime)
    # When the guest sealed its last accepted heartbeat (microseconds):
    # an older one is a replay.
    heartbeat_sent = sa.Column(sa.BigInteger)
    # The instance's RPC key, encrypted with the service key.
    rpc_key = sa.Column(sa.Text)
    deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    deleted_at = sa.Column(sa.DateTime)
    cluster = orm.relationship('Cluster', back_populates='instances')


class Configuration(TimestampMixin, Base):
    """A project's configuration group: checked values for one version."""
    __tablename__ = 'configurations'
    __table_args__ = (
        sa.Index('ix_configurations_tenant', 'tenant_id', 'deleted'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.String(255))
    datastore_version_id = sa.Column(
        sa.String(36), sa.ForeignKey('datastore_versions.id'),
        nullable=False)
    # {parameter: value}, already validated against the version's rules.
    parameters = sa.Column(sa.JSON, nullable=False, default=dict)
    deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    deleted_at = sa.Column(sa.DateTime)
    datastore_version = orm.relationship('DatastoreVersion', lazy='joined')


class Quota(Base):
    """A per-project override of a configured default limit."""
    __tablename__ = 'quotas'
    __table_args__ = (
        sa.UniqueConstraint('tenant_id', 'resource',
                            name='uq_quotas_resource'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    resource = sa.Column(sa.String(32), nullable=False)
    hard_limit = sa.Column(sa.Integer, nullable=False)


class QuotaUsage(TimestampMixin, Base):
    __tablename__ = 'quota_usages'
    __table_args__ = (
        sa.UniqueConstraint('tenant_id', 'resource',
                            name='uq_quota_usages_resource'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    resource = sa.Column(sa.String(32), nullable=False)
    in_use = sa.Column(sa.Integer, nullable=False, default=0)


class Operation(TimestampMixin, Base):
    """One cluster operation, recorded before it starts.

    A restarted taskmanager finds the rows still PENDING or RUNNING and
    finishes or fails them.
    """
    __tablename__ = 'operations'
    __table_args__ = (
        sa.Index('ix_operations_state', 'state'),
        sa.Index('ix_operations_cluster', 'cluster_id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    cluster_id = sa.Column(sa.String(36), sa.ForeignKey('clusters.id'),
                           nullable=False)
    # create, grow, shrink, delete
    kind = sa.Column(sa.String(32), nullable=False)
    # PENDING, RUNNING, COMPLETED, FAILED, CANCELLED
    state = sa.Column(sa.String(16), nullable=False, default=statuses.PENDING)
    params = sa.Column(sa.JSON)
    error = sa.Column(sa.Text)
    steps = orm.relationship('OperationStep', lazy='selectin',
                             order_by='OperationStep.id',
                             cascade='all, delete-orphan')


class OperationStep(Base):
    __tablename__ = 'operation_steps'
    __table_args__ = (
        sa.Index('ix_operation_steps_operation', 'operation_id'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    operation_id = sa.Column(sa.String(36), sa.ForeignKey('operations.id'),
                             nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    # RUNNING, COMPLETED, FAILED
    state = sa.Column(sa.String(16), nullable=False, default=statuses.RUNNING)
    detail = sa.Column(sa.Text)
    started = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    finished = sa.Column(sa.DateTime)
