"""Alembic environment: runs online against the engine it is handed."""

from alembic import context

from galeratrove.db import models

config = context.config
engine = config.attributes['engine']

with engine.connect() as connection:
    context.configure(connection=connection,
                      target_metadata=models.Base.metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
