"""galeratrove-conductor."""

import sys

from galeratrove import cmd
from galeratrove.db import api as db_api
from galeratrove import service


def main():
    cmd.prepare(sys.argv, 'galeratrove conductor')
    db_api.configure()
    svc = service.conductor()
    svc.start()
    cmd.wait_for_signal()
    svc.stop()


if __name__ == '__main__':
    main()
