"""Console entry points; each parses config, sets up logging, then runs."""

import os
import signal
import sys
import threading

from galeratrove.common import exception
from galeratrove import conf

# Every command starts with it; the WSGI entry point too.
prepare = conf.prepare


def wait_for_signal():
    """Block the main thread until SIGTERM or SIGINT."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(3600):
        pass


def serve(argv, description, make_service, needs_db=True):
    """Run the service make_service() builds until SIGTERM or SIGINT."""
    prepare(argv, description)
    if needs_db:
        from galeratrove.db import api as db_api
        db_api.configure()
    svc = make_service()
    try:
        svc.start()
    except exception.HostNotReady as e:
        sys.exit('%s: %s' % (os.path.basename(argv[0]), e))
    wait_for_signal()
    svc.stop()
