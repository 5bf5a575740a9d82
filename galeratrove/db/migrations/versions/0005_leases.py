"""Operation owners and leases, step owners, and named leases.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'


def upgrade():
    with op.batch_alter_table('operations') as batch:
        batch.add_column(sa.Column('owner', sa.String(255)))
        batch.add_column(sa.Column('lease_expires', sa.DateTime))
    with op.batch_alter_table('operation_steps') as batch:
        batch.add_column(sa.Column('owner', sa.String(255)))
    op.create_table(
        'leases',
        sa.Column('name', sa.String(255), primary_key=True),
        sa.Column('owner', sa.String(255), nullable=False),
        sa.Column('expires', sa.DateTime, nullable=False))


def downgrade():
    op.drop_table('leases')
    with op.batch_alter_table('operation_steps') as batch:
        batch.drop_column('owner')
    with op.batch_alter_table('operations') as batch:
        batch.drop_column('lease_expires')
        batch.drop_column('owner')
