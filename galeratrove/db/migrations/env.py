"""Alembic environment: runs online against the engine it is handed.

On SQLite an ALTER that SQLite cannot do is a batch copy of the table:
with foreign keys enforced, dropping the old copy of a referenced table
(clusters) fails, so they are off while the scripts run, and checked
once they are done.
"""

from alembic import context

from galeratrove.db import models

config = context.config
engine = config.attributes['engine']

with engine.connect() as connection:
    sqlite = connection.dialect.name == 'sqlite'
    if sqlite:
        # A no-op inside a transaction, so on the driver's connection
        # before anything begins one.
        connection.connection.driver_connection.execute(
            'PRAGMA foreign_keys=OFF')
    context.configure(connection=connection,
                      target_metadata=models.Base.metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql(
                'PRAGMA foreign_key_check').fetchall()
            if broken:
                raise RuntimeError('rows left without their parent: %s'
                                   % broken)
    connection.commit()
    if sqlite:
        connection.connection.driver_connection.execute(
            'PRAGMA foreign_keys=ON')
