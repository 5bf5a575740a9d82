"""Ping one taskmanager by its host name: ``python -m ... CONF HOST``.

A process of its own, so the test's process keeps its own configuration.
"""

import sys

from galeratrove.common import context
from galeratrove.common import rpc
from galeratrove.conf import CONF
from galeratrove.taskmanager import rpcapi as task_api


def main(conf_path, host):
    CONF(['--config-file', conf_path], project='galeratrove')
    # Declared first, the queue keeps the call until the server starts.
    rpc.ensure_queue(CONF.taskmanager_queue, server=host)
    api = task_api.API(context.admin_context(), server=host)
    print(api.ping(timeout=120))


if __name__ == '__main__':
    main(*sys.argv[1:])
