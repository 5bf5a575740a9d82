"""RPC API versions: clients and servers agree; a cap holds messages back."""

import oslo_messaging as messaging
import pytest

from galeratrove.common import context as gt_context
from galeratrove.common import rpc
from galeratrove.conductor import manager as conductor_manager
from galeratrove.conductor import rpcapi as conductor_rpcapi
from galeratrove.guestagent.datastore.galera_common import (
    manager as guest_manager)
from galeratrove.guestagent import rpcapi as guest_rpcapi
from galeratrove.taskmanager import manager as tm_manager
from galeratrove.taskmanager import rpcapi as task_rpcapi


@pytest.mark.parametrize('client,server', [
    (task_rpcapi.API, tm_manager.Manager),
    (conductor_rpcapi.API, conductor_manager.Manager),
    (guest_rpcapi.API, guest_manager.GaleraManager),
])
def test_each_server_speaks_its_clients_version(client, server):
    assert client.RPC_API_VERSION == server.RPC_API_VERSION
    assert server.target.version == server.RPC_API_VERSION


class Versioned:
    """An endpoint of version 1.1."""

    target = messaging.Target(version='1.1')

    def echo(self, context, value):
        return value


@pytest.fixture
def server(conf):
    tm = rpc.get_server('versioned', [Versioned()])
    tm.start()
    yield
    tm.stop()
    tm.wait()


def test_the_sealed_endpoint_takes_the_managers_version():
    endpoint = rpc.SealedEndpoint('t', [Versioned()], lambda kid: None)
    assert endpoint.target.version == '1.1'


def test_a_server_answers_versions_it_speaks(server):
    client = rpc.get_client('versioned', timeout=10, version='1.1')
    ctx = gt_context.RequestContext(is_admin=True)
    assert client.call(ctx, 'echo', value='a') == 'a'
    assert client.call(ctx, 'echo', version='1.0', value='b') == 'b'


def test_a_server_refuses_a_newer_version(server):
    client = rpc.get_client('versioned', timeout=10, version='1.2')
    with pytest.raises(messaging.UnsupportedVersion):
        client.call(gt_context.RequestContext(), 'echo', value='a')


def test_the_cap_holds_newer_messages_back(server):
    client = rpc.get_client('versioned', timeout=10, version='1.1',
                            version_cap='1.0')
    assert client.can_send_version('1.0')
    assert not client.can_send_version('1.1')
    with pytest.raises(messaging.RPCVersionCapError):
        client.call(gt_context.RequestContext(), 'echo', value='a')
    assert client.call(gt_context.RequestContext(), 'echo', version='1.0',
                       value='c') == 'c'


def test_the_cap_options_reach_the_clients(conf):
    conf('rpc_version_cap', '0.9', group='taskmanager')
    api = task_rpcapi.API(gt_context.RequestContext())
    assert not api.can_send_version('1.0')
    conf('rpc_version_cap', '0.9', group='conductor')
    assert not conductor_rpcapi.API('i1', 'k').can_send_version('1.0')
