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
    # TLS everywhere (issue 13): the cluster's CA; its key sealed at rest.
    tls = sa.Column(sa.Boolean, nullable=False, default=False)
    ca_certificate = sa.Column(sa.Text)
    ca_key = sa.Column(sa.Text)
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
    # 'member' holds data; 'arbitrator' runs garbd: votes, no data, no
    # volume (volume_size 0).
    type = sa.Column(sa.String(16), nullable=False, default='member',
                     server_default='member')
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
    # The taskmanager ([taskmanager] host) running it, until its lease
    # expires: then another may claim it (see db/leases.py).
    owner = sa.Column(sa.String(255))
    lease_expires = sa.Column(sa.DateTime)
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
    # RUNNING, COMPLETED, FAILED, ABANDONED (its owner stopped renewing)
    state = sa.Column(sa.String(16), nullable=False, default=statuses.RUNNING)
    detail = sa.Column(sa.Text)
    started = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    finished = sa.Column(sa.DateTime)
    # The taskmanager that ran it.
    owner = sa.Column(sa.String(255))


class Lease(Base):
    """A named lease other than an operation's (a cluster's health)."""
    __tablename__ = 'leases'
    name = sa.Column(sa.String(255), primary_key=True)
    owner = sa.Column(sa.String(255), nullable=False)
    expires = sa.Column(sa.DateTime, nullable=False)


class Backup(TimestampMixin, Base):
    """A backup of a cluster, taken on one member.

    The cluster may be deleted later: the backup stays (restore is into
    a new cluster), so the cluster id is no foreign key.
    """
    __tablename__ = 'backups'
    __table_args__ = (
        sa.Index('ix_backups_tenant_list', 'tenant_id', 'deleted',
                 'created', 'id'),
        sa.Index('ix_backups_cluster', 'cluster_id', 'deleted'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    cluster_id = sa.Column(sa.String(36), nullable=False)
    # The member it was taken on (chosen by the service, or asked for).
    instance_id = sa.Column(sa.String(36))
    datastore_version_id = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text)
    parent_id = sa.Column(sa.String(36))
    # NEW, BUILDING, COMPLETED, FAILED
    status = sa.Column(sa.String(16), nullable=False, default='NEW')
    message = sa.Column(sa.Text)
    storage_driver = sa.Column(sa.String(32), nullable=False)
    location = sa.Column(sa.String(512))
    size_bytes = sa.Column(sa.BigInteger)
    checksum = sa.Column(sa.String(64))
    # 'uuid:seqno': the Galera position the data is consistent with.
    position = sa.Column(sa.String(64))
    # InnoDB LSN the backup reaches: where an incremental child starts.
    to_lsn = sa.Column(sa.BigInteger)
    # The schedule that took it (None: asked for through the API).
    schedule_id = sa.Column(sa.String(36))
    deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    deleted_at = sa.Column(sa.DateTime)
    datastore_version = orm.relationship(
        'DatastoreVersion', lazy='joined',
        primaryjoin='Backup.datastore_version_id == DatastoreVersion.id',
        foreign_keys='Backup.datastore_version_id')


class BackupSchedule(TimestampMixin, Base):
    """A cluster's recurring backup: a cron pattern and a retention.

    ``next_run`` is the due time the next run is for; the taskmanager
    that records that run moves it on in the same transaction, so each
    due time is run once whichever taskmanager gets there.
    """
    __tablename__ = 'backup_schedules'
    __table_args__ = (
        sa.Index('ix_backup_schedules_tenant', 'tenant_id', 'cluster_id'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    tenant_id = sa.Column(sa.String(64), nullable=False)
    cluster_id = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text)
    pattern = sa.Column(sa.String(255), nullable=False)
    incremental = sa.Column(sa.Boolean, nullable=False, default=False)
    # How many full backups (with their incrementals) are kept; None: all.
    retention = sa.Column(sa.Integer)
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    next_run = sa.Column(sa.DateTime)
    last_run = sa.Column(sa.DateTime)
    last_backup_id = sa.Column(sa.String(36))
    # Why the last due run did not start (busy cluster), or None.
    message = sa.Column(sa.Text)
