"""WSGI entry point for uwsgi/mod_wsgi: ``init_application()``."""

from galeratrove.api import app
from galeratrove.conf import prepare
from galeratrove.db import api as db_api


def init_application():
    prepare(['galeratrove-api'])
    db_api.configure()
    return app.setup_app()
