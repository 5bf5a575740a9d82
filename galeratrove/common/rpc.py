"""oslo.messaging plumbing: one transport, context-carrying clients/servers.

Servers use the threading executor (no eventlet). ``galeratrove-all`` runs
on the in-process ``fake://`` transport; every other deployment names a
real broker in ``transport_url``.
"""

import oslo_messaging as messaging

from galeratrove.common import context as gt_context
from galeratrove.conf import CONF

IN_PROCESS_URL = 'fake://'

_TRANSPORT = None


class ContextSerializer(messaging.Serializer):
    """Carries our RequestContext across RPC; entities pass as JSON."""

    def serialize_entity(self, ctxt, entity):
        return entity

    def deserialize_entity(self, ctxt, entity):
        return entity

    def serialize_context(self, ctxt):
        return ctxt.to_dict()

    def deserialize_context(self, ctxt):
        return gt_context.RequestContext.from_dict(ctxt)


def get_transport():
    global _TRANSPORT
    if _TRANSPORT is None:
        _TRANSPORT = messaging.get_rpc_transport(CONF)
    return _TRANSPORT


def is_in_process():
    return get_transport().conf.transport_url.startswith('fake')


def cleanup():
    global _TRANSPORT
    if _TRANSPORT is not None:
        _TRANSPORT.cleanup()
        _TRANSPORT = None


def get_client(topic, server=None, version='1.0', timeout=None):
    target = messaging.Target(topic=topic, server=server, version=version)
    return messaging.get_rpc_client(get_transport(), target,
                                    serializer=ContextSerializer(),
                                    timeout=timeout)


def get_server(topic, endpoints, server='galeratrove'):
    target = messaging.Target(topic=topic, server=server)
    return messaging.get_rpc_server(
        get_transport(), target, endpoints, executor='threading',
        serializer=ContextSerializer(),
        access_policy=messaging.DefaultRPCAccessPolicy)


def ensure_queue(topic, server='galeratrove'):
    """Declare a topic's queue before its server exists.

    A guest agent starts after the taskmanager has sent it work; declaring
    its queue first keeps those messages until it consumes them.
    """
    listener = get_server(topic, [], server=server)
    listener.start()
    listener.stop()
    listener.wait()
