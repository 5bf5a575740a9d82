"""TLS clusters: the flag and the cluster's CA (its key sealed).

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'


def upgrade():
    with op.batch_alter_table('clusters') as batch:
        batch.add_column(sa.Column('tls', sa.Boolean, nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column('ca_certificate', sa.Text))
        batch.add_column(sa.Column('ca_key', sa.Text))


def downgrade():
    with op.batch_alter_table('clusters') as batch:
        batch.drop_column('ca_key')
        batch.drop_column('ca_certificate')
        batch.drop_column('tls')
