"""Backups of clusters.

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'


def upgrade():
    op.create_table(
        'backups',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('cluster_id', sa.String(36), nullable=False),
        sa.Column('instance_id', sa.String(36)),
        sa.Column('datastore_version_id', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.Text),
        sa.Column('parent_id', sa.String(36)),
        sa.Column('status', sa.String(16), nullable=False),
        sa.Column('message', sa.Text),
        sa.Column('storage_driver', sa.String(32), nullable=False),
        sa.Column('location', sa.String(512)),
        sa.Column('size_bytes', sa.BigInteger),
        sa.Column('checksum', sa.String(64)),
        sa.Column('position', sa.String(64)),
        sa.Column('to_lsn', sa.BigInteger),
        sa.Column('deleted', sa.Boolean, nullable=False),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('created', sa.DateTime, nullable=False),
        sa.Column('updated', sa.DateTime, nullable=False))
    op.create_index('ix_backups_tenant_list', 'backups',
                    ['tenant_id', 'deleted', 'created', 'id'])
    op.create_index('ix_backups_cluster', 'backups',
                    ['cluster_id', 'deleted'])


def downgrade():
    op.drop_index('ix_backups_cluster', 'backups')
    op.drop_index('ix_backups_tenant_list', 'backups')
    op.drop_table('backups')
