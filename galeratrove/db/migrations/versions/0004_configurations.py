"""Configuration groups, and the group a cluster has attached.

Revision ID: 0004
Revises: 0003
"""

from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'


def upgrade():
    op.create_table(
        'configurations',
        sa.Column('id', sa.String(36), primary_key=True),
        sa.Column('tenant_id', sa.String(64), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('description', sa.String(255)),
        sa.Column('datastore_version_id', sa.String(36),
                  sa.ForeignKey('datastore_versions.id'), nullable=False),
        sa.Column('parameters', sa.JSON, nullable=False),
        sa.Column('deleted', sa.Boolean, nullable=False),
        sa.Column('deleted_at', sa.DateTime),
        sa.Column('created', sa.DateTime, nullable=False),
        sa.Column('updated', sa.DateTime, nullable=False),
    )
    op.create_index('ix_configurations_tenant', 'configurations',
                    ['tenant_id', 'deleted'])
    with op.batch_alter_table('clusters') as batch:
        batch.add_column(sa.Column('configuration_id', sa.String(36)))
        batch.create_foreign_key('fk_clusters_configuration',
                                 'configurations', ['configuration_id'],
                                 ['id'])


def downgrade():
    with op.batch_alter_table('clusters') as batch:
        batch.drop_constraint('fk_clusters_configuration',
                              type_='foreignkey')
        batch.drop_column('configuration_id')
    op.drop_index('ix_configurations_tenant', 'configurations')
    op.drop_table('configurations')
