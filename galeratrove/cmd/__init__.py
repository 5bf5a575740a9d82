"""Console entry points; each parses config, sets up logging, then runs."""

import signal
import threading

from oslo_log import log as logging

from galeratrove.conf import CONF


def prepare(argv, description=None):
    CONF(argv[1:], project='galeratrove', description=description)
    logging.setup(CONF, 'galeratrove')


def wait_for_signal():
    """Block the main thread until SIGTERM or SIGINT."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(3600):
        pass
