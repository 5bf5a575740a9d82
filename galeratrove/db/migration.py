"""Schema migrations (alembic), run by ``galeratrove-manage db sync``."""

import os

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from galeratrove.db import api as db_api

_SCRIPTS = os.path.join(os.path.dirname(__file__), 'migrations')


def _config(engine):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', _SCRIPTS)
    cfg.attributes['engine'] = engine
    return cfg


def upgrade(revision='head', engine=None):
    command.upgrade(_config(engine or db_api.get_engine()), revision)


def downgrade(revision, engine=None):
    command.downgrade(_config(engine or db_api.get_engine()), revision)


def head():
    """The newest revision of the scripts: what ``db sync`` reaches."""
    return alembic_script.ScriptDirectory.from_config(
        _config(None)).get_current_head()


def version(engine=None):
    engine = engine or db_api.get_engine()
    with engine.connect() as conn:
        return alembic_migration.MigrationContext.configure(
            conn).get_current_revision()
