"""Backup schedules, and which schedule took a backup.

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'


def upgrade():
    op.create_table(
        'backup_schedules',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('cluster_id', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.Text),
        sa.Column('pattern', sa.String(255), nullable=False),
        sa.Column('incremental', sa.Boolean, nullable=False),
        sa.Column('retention', sa.Integer),
        sa.Column('enabled', sa.Boolean, nullable=False),
        sa.Column('next_run', sa.DateTime),
        sa.Column('last_run', sa.DateTime),
        sa.Column('last_backup_id', sa.String(36)),
        sa.Column('message', sa.Text),
        sa.Column('created', sa.DateTime, nullable=False),
        sa.Column('updated', sa.DateTime, nullable=False))
    op.create_index('ix_backup_schedules_tenant', 'backup_schedules',
                    ['tenant_id', 'cluster_id'])
    with op.batch_alter_table('backups') as batch:
        batch.add_column(sa.Column('schedule_id', sa.String(36)))


def downgrade():
    with op.batch_alter_table('backups') as batch:
        batch.drop_column('schedule_id')
    op.drop_index('ix_backup_schedules_tenant', 'backup_schedules')
    op.drop_table('backup_schedules')
