"""What the nova driver needs: a version's image, a cluster's locality, an
instance's volume type.

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'


def upgrade():
    with op.batch_alter_table('datastore_versions') as batch:
        batch.add_column(sa.Column('image_id', sa.String(64)))
    with op.batch_alter_table('clusters') as batch:
        batch.add_column(sa.Column('locality', sa.String(32)))
    with op.batch_alter_table('instances') as batch:
        batch.add_column(sa.Column('volume_type', sa.String(255)))


def downgrade():
    with op.batch_alter_table('instances') as batch:
        batch.drop_column('volume_type')
    with op.batch_alter_table('clusters') as batch:
        batch.drop_column('locality')
    with op.batch_alter_table('datastore_versions') as batch:
        batch.drop_column('image_id')
