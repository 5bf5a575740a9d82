"""Per-instance RPC keys and the heartbeat replay guard.

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'


def upgrade():
    with op.batch_alter_table('instances') as batch:
        batch.add_column(sa.Column('heartbeat_sent', sa.BigInteger))
        batch.add_column(sa.Column('rpc_key', sa.Text))


def downgrade():
    with op.batch_alter_table('instances') as batch:
        batch.drop_column('rpc_key')
        batch.drop_column('heartbeat_sent')
