"""galeratrove-all in a subprocess, for the panel's browser tests.

A ``tests.functional.helpers.Server``: its own state directory under
/tmp, a free port and a loopback /24 of its own, so it cannot meet
another run's nodes. close() also keeps the logs in
test-output/dashboard-logs/<name>.
"""

import os
import pathlib
import shutil

from tests.functional import helpers

REPO = pathlib.Path(__file__).resolve().parents[3]


class Server(helpers.Server):
    """galeratrove-all whose logs outlive it in test-output/."""

    def __init__(self, name='noauth', auth_strategy='noauth',
                 sections=None):
        super().__init__('dashboard', auth_strategy, sections,
                         log_file=True)
        self.name = name

    def save_logs(self, nodes):
        """Keep the server's (and the nodes') logs in test-output/."""
        out = REPO / 'test-output' / 'dashboard-logs' / self.name
        if nodes:
            shutil.rmtree(out, ignore_errors=True)
            instances = pathlib.Path(self.state, 'instances')
            for log in instances.glob('*/node/log/*'):
                target = out / log.parent.parent.parent.name
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy(log, target / log.name)
        out.mkdir(parents=True, exist_ok=True)
        if os.path.exists(self.log_file):
            shutil.copy(self.log_file, out / 'galeratrove-all.log')

    def close(self, *args, **kwargs):
        """The nodes' logs first, while the nodes are still there."""
        try:
            self.save_logs(nodes=True)
        finally:
            super().close(*args, **kwargs)

    def keep_logs(self):
        self.save_logs(nodes=False)
