"""Sealed RPC on the in-process transport: who may call whom, and as whom."""

import threading
import time

import oslo_messaging as messaging
import pytest

from galeratrove.common import context as gt_context
from galeratrove.common import rpc
from galeratrove.common import sealing
from galeratrove.conductor import manager as conductor_manager
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import rpc_keys
from galeratrove import service


class Echo:
    """An endpoint that shows what the server made of the caller."""

    def whoami(self, context, value=None):
        return {'is_admin': context.is_admin,
                'project': context.project_id,
                'instance': getattr(context, 'instance_id', None),
                'value': value}

    def _private(self, context):
        return 'never'


def refused(call, *args, **kwargs):
    """The in-process transport re-raises the server's own exception."""
    with pytest.raises((sealing.Refused, messaging.RemoteError)) as e:
        call(*args, **kwargs)
    assert 'Refused' in repr(e.value)


@pytest.fixture
def guest_server():
    key = sealing.new_key()
    server = rpc.get_server('guest.i1', [Echo()], server='i1',
                            keys=lambda kid: key if kid == 'i1' else None)
    server.start()
    yield key
    server.stop()
    server.wait()


def test_a_call_with_the_instance_key_is_answered(guest_server):
    client = rpc.SealedClient('guest.i1', 'i1', guest_server, timeout=10)
    admin = gt_context.RequestContext(is_admin=True, project_id='p1')
    # Whatever the caller's context, the guest is given none of it.
    assert client.call(admin, 'whoami', value='x') == {
        'is_admin': False, 'project': None, 'instance': 'i1', 'value': 'x'}


@pytest.mark.parametrize('key_id,use_own_key', [
    ('i1', False),    # another instance's key, claiming to be i1
    ('i2', True),     # the right key under another id
    ('service', False),
])
def test_a_call_with_any_other_key_is_refused(guest_server, key_id,
                                              use_own_key):
    key = guest_server if use_own_key else sealing.new_key()
    client = rpc.SealedClient('guest.i1', key_id, key, timeout=10)
    refused(client.call, None, 'whoami')


def test_private_or_unknown_methods_are_refused(guest_server):
    client = rpc.SealedClient('guest.i1', 'i1', guest_server, timeout=10)
    for method in ('_private', 'nothing', '__init__'):
        refused(client.call, None, method)


def test_a_replayed_request_is_refused(guest_server):
    endpoint = rpc.SealedEndpoint('guest.i1', [Echo()],
                                  lambda kid: guest_server)
    token = sealing.seal(guest_server, 'i1', 'request', 'guest.i1',
                         {'method': 'whoami', 'args': {}})
    reply = endpoint.sealed(None, 'i1', token)
    assert 'instance' not in reply   # the reply is sealed too
    opened = sealing.unseal(guest_server, reply, 'i1', 'reply', 'guest.i1')
    assert opened['body']['result']['instance'] == 'i1'
    with pytest.raises(messaging.ExpectedException) as e:
        endpoint.sealed(None, 'i1', token)
    assert 'replay' in str(e.value.exc_info[1])


def test_only_the_service_key_carries_a_context(conf):
    tm = rpc.get_server('tm', [Echo()])
    tm.start()
    try:
        ctx = gt_context.RequestContext(project_id='p1', is_admin=True)
        assert rpc.get_client('tm', timeout=10).call(ctx, 'whoami') == {
            'is_admin': True, 'project': 'p1', 'instance': None,
            'value': None}
        forged = rpc.SealedClient('tm', 'service', sealing.new_key(),
                                  timeout=10)
        refused(forged.call, ctx, 'whoami')
    finally:
        tm.stop()
        tm.wait()


@pytest.fixture
def instance(sqlite_db):
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    cluster_id, _ = db_api.cluster_create(
        't1', 'c', dsv.id, [{'flavor_id': '2', 'volume_size': 1}] * 2, {}, 1)
    a, b = db_api.cluster_get(cluster_id).instances
    for inst in (a, b):
        db_api.instance_update(inst.id, status='ACTIVE')
    return a, b


def test_instance_keys_are_issued_once_and_stored_encrypted(instance):
    a, b = instance
    key = rpc_keys.issue(a.id)
    assert rpc_keys.issue(a.id) == key and rpc_keys.get(a.id) == key
    assert key not in db_api.instance_get(a.id).rpc_key
    assert rpc_keys.get(b.id) is None
    assert rpc_keys.get('no-such-instance') is None


def _beat(instance_id, sent, status, checks=None):
    ctx = gt_context.guest_context(instance_id, sent)
    conductor_manager.Manager(checks).heartbeat(ctx, instance_id, status)


def test_the_conductor_takes_a_heartbeat_only_from_its_instance(instance):
    a, b = instance
    down = {'running': False}
    _beat(a.id, time.time(), down)                      # a speaks for b
    conductor_manager.Manager().heartbeat(
        gt_context.guest_context(a.id, time.time()), b.id, down)
    conductor_manager.Manager().heartbeat(              # a transport context
        gt_context.RequestContext(is_admin=True), b.id, down)
    assert db_api.instance_get(b.id).status == 'ACTIVE'
    assert db_api.instance_get(a.id).status == 'SHUTDOWN'


def test_a_heartbeat_not_newer_than_the_last_is_a_replay(instance):
    a, _ = instance
    up = {'running': True, 'wsrep_ready': 'ON',
          'wsrep_cluster_status': 'Primary', 'nested': {'x': 1}}
    sent = time.time()
    _beat(a.id, sent, up)
    assert db_api.instance_get(a.id).guest_status == {
        'running': True, 'wsrep_ready': 'ON',
        'wsrep_cluster_status': 'Primary'}
    _beat(a.id, sent + 1, {'running': False})
    _beat(a.id, sent, up)                                # replayed
    assert db_api.instance_get(a.id).status == 'SHUTDOWN'


def test_a_server_stopping_has_a_taskmanager_check_its_cluster(instance):
    a, b = instance
    checked = []
    up = {'running': True, 'wsrep_ready': 'ON',
          'wsrep_cluster_status': 'Primary'}
    _beat(a.id, time.time(), up, checked.append)   # still ACTIVE
    assert checked == []
    _beat(a.id, time.time(), {'running': False}, checked.append)
    assert checked == [a.cluster_id]
    _beat(a.id, time.time(), {'running': False}, checked.append)
    assert checked == [a.cluster_id]               # already SHUTDOWN


def test_the_check_is_cast_to_any_taskmanager(instance):
    """The taskmanager's client the service gives the conductor."""
    a, _ = instance
    called = threading.Event()

    class Checks:
        target = messaging.Target(version='1.2')

        def check_cluster(self, context, cluster_id):
            called.cluster_id = cluster_id
            called.set()
    tm = rpc.get_server(CONF.taskmanager_queue, [Checks()])
    tm.start()
    try:
        conductor = service.conductor()
        _beat(a.id, time.time(), {'running': False},
              conductor.manager._check_cluster)
        assert called.wait(10)
        assert called.cluster_id == a.cluster_id
    finally:
        tm.stop()
        tm.wait()
