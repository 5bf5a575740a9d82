"""Initial schema: datastores, clusters, instances, quotas, operations.

Revision ID: 0001
Revises:
"""

from alembic import op
import sqlalchemy as sa

revision = '0001'
down_revision = None


def _timestamps():
    return [sa.Column('created', sa.DateTime, nullable=False),
            sa.Column('updated', sa.DateTime, nullable=False)]


def upgrade():
    op.create_table(
        'datastores',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('name', sa.String(64), nullable=False, unique=True),
        sa.Column('default_version_id', sa.String(36)))
    op.create_table(
        'datastore_versions',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('datastore_id', sa.String(36),
                  sa.ForeignKey('datastores.id'), nullable=False),
        sa.Column('name', sa.String(64), nullable=False),
        sa.Column('manager', sa.String(32), nullable=False),
        sa.Column('packages', sa.String(255), nullable=False),
        sa.Column('active', sa.Boolean, nullable=False),
        sa.UniqueConstraint('datastore_id', 'name',
                            name='uq_datastore_versions_name'))
    op.create_table(
        'clusters',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('datastore_version_id', sa.String(36),
                  sa.ForeignKey('datastore_versions.id'), nullable=False),
        sa.Column('task_id', sa.Integer, nullable=False),
        sa.Column('root_enabled', sa.Boolean, nullable=False),
        sa.Column('last_member_index', sa.Integer, nullable=False),
        sa.Column('deleted', sa.Boolean, nullable=False),
        sa.Column('deleted_at', sa.DateTime),
        *_timestamps())
    op.create_index('ix_clusters_tenant_list', 'clusters',
                    ['tenant_id', 'deleted', 'created', 'id'])
    op.create_table(
        'instances',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('cluster_id', sa.String(36), sa.ForeignKey('clusters.id'),
                  nullable=False),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('member_index', sa.Integer, nullable=False),
        sa.Column('flavor_id', sa.String(64), nullable=False),
        sa.Column('volume_size', sa.Integer, nullable=False),
        sa.Column('volume_used', sa.Float),
        sa.Column('availability_zone', sa.String(255)),
        sa.Column('nics', sa.JSON),
        sa.Column('compute_id', sa.String(64)),
        sa.Column('addresses', sa.JSON),
        sa.Column('status', sa.String(32), nullable=False),
        sa.Column('fault_message', sa.Text),
        sa.Column('fault_at', sa.DateTime),
        sa.Column('guest_status', sa.JSON),
        sa.Column('heartbeat_at', sa.DateTime),
        sa.Column('deleted', sa.Boolean, nullable=False),
        sa.Column('deleted_at', sa.DateTime),
        *_timestamps())
    op.create_index('ix_instances_cluster', 'instances',
                    ['cluster_id', 'deleted'])
    op.create_index('ix_instances_tenant', 'instances',
                    ['tenant_id', 'deleted'])
    op.create_table(
        'quotas',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('resource', sa.String(32), nullable=False),
        sa.Column('hard_limit', sa.Integer, nullable=False),
        sa.UniqueConstraint('tenant_id', 'resource',
                            name='uq_quotas_resource'))
    op.create_table(
        'quota_usages',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('resource', sa.String(32), nullable=False),
        sa.Column('in_use', sa.Integer, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint('tenant_id', 'resource',
                            name='uq_quota_usages_resource'))
    op.create_table(
        'operations',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('cluster_id', sa.String(36), sa.ForeignKey('clusters.id'),
                  nullable=False),
        sa.Column('kind', sa.String(32), nullable=False),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('params', sa.JSON),
        sa.Column('error', sa.Text),
        *_timestamps())
    op.create_index('ix_operations_state', 'operations', ['state'])
    op.create_index('ix_operations_cluster', 'operations', ['cluster_id'])
    op.create_table(
        'operation_steps',
        sa.Column('id', sa.Integer, primary_key=True, autoincrement=True),
        sa.Column('operation_id', sa.String(36),
                  sa.ForeignKey('operations.id'), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('state', sa.String(16), nullable=False),
        sa.Column('detail', sa.Text),
        sa.Column('started', sa.DateTime, nullable=False),
        sa.Column('finished', sa.DateTime))
    op.create_index('ix_operation_steps_operation', 'operation_steps',
                    ['operation_id'])


def downgrade():
    for table in ('operation_steps', 'operations', 'quota_usages', 'quotas',
                  'instances', 'clusters', 'datastore_versions',
                  'datastores'):
        op.drop_table(table)
