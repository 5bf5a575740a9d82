"""An instance's type: a data node ('member') or a Galera arbitrator.

Revision ID: 0008
Revises: 0007
"""

from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'


def upgrade():
    op.add_column('instances', sa.Column(
        'type', sa.String(16), nullable=False, server_default='member'))


def downgrade():
    op.drop_column('instances', 'type')
