"""The API over a real SQLite DB, with a recording taskmanager on RPC."""

import threading

import oslo_messaging as messaging
import pytest
import webtest

from galeratrove.api import app
from galeratrove.common import rpc
from galeratrove.conf import CONF
from galeratrove.db import api as db_api


class RecordingTaskManager:
    """Stands in for the taskmanager: records the casts it receives."""

    target = messaging.Target(version='1.1')

    def __init__(self):
        self.calls = []
        self._event = threading.Condition()

    def _record(self, method, **kwargs):
        with self._event:
            self.calls.append((method, kwargs))
            self._event.notify_all()

    def create_cluster(self, context, **kw):
        self._record('create_cluster', tenant=context.project_id, **kw)

    def grow_cluster(self, context, **kw):
        self._record('grow_cluster', **kw)

    def shrink_cluster(self, context, **kw):
        self._record('shrink_cluster', **kw)

    def delete_cluster(self, context, **kw):
        self._record('delete_cluster', **kw)

    def start_operation(self, context, **kw):
        self._record('start_operation', **kw)

    def wait_for(self, count, timeout=10):
        with self._event:
            assert self._event.wait_for(lambda: len(self.calls) >= count,
                                        timeout), self.calls
        return self.calls

    def called(self, method, count):
        """The arguments of the newest ``method`` cast of ``count`` casts.

        The RPC server may dispatch two quick casts in either order.
        """
        calls = [kw for name, kw in self.wait_for(count) if name == method]
        assert calls, self.calls
        return calls[-1]


@pytest.fixture
def taskmanager(sqlite_db):
    tm = RecordingTaskManager()
    server = rpc.get_server(CONF.taskmanager_queue, [tm])
    server.start()
    yield tm
    server.stop()
    server.wait()


@pytest.fixture
def api(sqlite_db, taskmanager, conf):
    conf('auth_strategy', 'noauth')
    db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    db_api.datastore_version_update('pxc', '8.0', 'pxc', active=False)
    return webtest.TestApp(app.setup_app())


def cluster_body(n=3, flavor='2', size=2, name='products', **extra):
    body = {'cluster': {
        'name': name,
        'datastore': {'type': 'mariadb', 'version': '10.11'},
        'instances': [{'flavorRef': flavor, 'volume': {'size': size}}
                      for _ in range(n)]}}
    body['cluster'].update(extra)
    return body


def fault(response, code):
    assert response.status_int == code, response.body
    assert response.content_type == 'application/json'
    (name, detail), = response.json.items()
    assert detail['code'] == code
    assert detail['message']
    return name, detail['message']
