"""oslo.messaging plumbing: one transport, sealed clients and servers.

Servers use the threading executor (no eventlet). ``galeratrove-all`` runs
on the in-process ``fake://`` transport; every other deployment names a
real broker in ``transport_url``.

Anyone who reaches the broker can publish to any topic and read any
queue, so nothing on the wire is trusted as such: each call or cast is one
``sealed`` message whose method, arguments and (control plane only)
context are sealed with a key (see common/sealing.py), and so is each
reply. A server opens only what a key it accepts sealed for its topic, and
refuses a replay. The context the transport itself carries is ignored.
"""

import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from galeratrove.common import context as gt_context
from galeratrove.common import sealing
from galeratrove.conf import CONF

LOG = logging.getLogger(__name__)

IN_PROCESS_URL = 'fake://'

_TRANSPORT = None
_TRANSPORT_LOCK = threading.Lock()


class BareContextSerializer(messaging.Serializer):
    """Sends no context and grants none: the sealed body says who it is."""

    def serialize_entity(self, ctxt, entity):
        return entity

    def deserialize_entity(self, ctxt, entity):
        return entity

    def serialize_context(self, ctxt):
        return {}

    def deserialize_context(self, ctxt):
        return gt_context.RequestContext(is_admin=False, overwrite=False)


def get_transport():
    """The process's one transport (two threads must not build two)."""
    global _TRANSPORT
    with _TRANSPORT_LOCK:
        if _TRANSPORT is None:
            _TRANSPORT = messaging.get_rpc_transport(CONF)
        return _TRANSPORT


def is_in_process():
    return get_transport().conf.transport_url.startswith('fake')


def cleanup():
    global _TRANSPORT
    with _TRANSPORT_LOCK:
        if _TRANSPORT is not None:
            _TRANSPORT.cleanup()
            _TRANSPORT = None


class SealedClient:
    """Calls and casts on one topic, sealed with one key.

    ``version`` is the client's RPC API version, ``version_cap`` the
    highest one the deployment lets it send (see ``can_send_version``).
    """

    def __init__(self, topic, key_id, key, server=None, timeout=None,
                 version='1.0', version_cap=None):
        self.topic = topic
        self._key_id = key_id
        self._key = key
        self._version = version
        target = messaging.Target(topic=topic, server=server,
                                  version=version)
        self._client = messaging.get_rpc_client(
            get_transport(), target, serializer=BareContextSerializer(),
            timeout=timeout, version_cap=version_cap)

    def can_send_version(self, version):
        """Whether the version cap lets a message of ``version`` out."""
        return self._client.can_send_version(version)

    def _token(self, context, method, kwargs, nonce=None):
        body = {'method': method, 'args': kwargs}
        if self._key_id == sealing.SERVICE and context is not None:
            body['context'] = context.to_dict()
        return sealing.seal(self._key, self._key_id, 'request', self.topic,
                            body, nonce=nonce)

    def call(self, context, method, timeout=None, version=None, **kwargs):
        nonce = sealing.new_nonce()
        token = self._token(context, method, kwargs, nonce)
        reply = self._client.prepare(
            timeout=timeout, version=version or self._version).call(
            {}, 'sealed', key_id=self._key_id, token=token)
        envelope = sealing.unseal(self._key, reply, self._key_id, 'reply',
                                  self.topic)
        if envelope['body'].get('reply_to') != nonce:
            raise sealing.Refused(reason='a reply to another request')
        return envelope['body'].get('result')

    def cast(self, context, method, version=None, fanout=False, **kwargs):
        """``fanout`` sends it to every server of the topic."""
        self._client.prepare(version=version or self._version,
                             fanout=fanout).cast(
            {}, 'sealed', key_id=self._key_id,
            token=self._token(context, method, kwargs))


class SealedEndpoint:
    """The one method a server exposes: open, check, dispatch, seal.

    ``keys(key_id)`` gives the key a sender may use, or None. Only the
    service key carries a context; any other sender gets an unprivileged
    context naming it (``instance_id``) and the time it sealed the message
    (``sent_at``), which is all a guest can vouch for.

    Its target version is the wrapped manager's, so oslo.messaging refuses
    a message of a version the manager does not speak.
    """

    def __init__(self, topic, endpoints, keys):
        versions = [e.target.version for e in endpoints
                    if getattr(e, 'target', None) is not None]
        self.target = messaging.Target(version=(versions or ['1.0'])[0])
        self._topic = topic
        self._endpoints = endpoints
        self._keys = keys
        self._nonces = sealing.NonceGuard()

    def _method(self, name):
        if not isinstance(name, str) or name.startswith('_'):
            return None
        for endpoint in self._endpoints:
            method = getattr(endpoint, name, None)
            if callable(method):
                return method
        return None

    def _open(self, key_id, token):
        key = self._keys(key_id) if isinstance(key_id, str) else None
        envelope = sealing.unseal(key, token, key_id, 'request', self._topic)
        self._nonces.check(envelope)
        body = envelope['body']
        method = self._method(body.get('method'))
        if method is None or not isinstance(body.get('args'), dict):
            raise sealing.Refused(
                reason='no method %r' % str(body.get('method'))[:64])
        return key, envelope, method

    # A refusal is expected traffic for a server on a shared broker: one
    # warning line (never the token), no traceback; the caller is told.
    @messaging.expected_exceptions(sealing.Refused)
    def sealed(self, context, key_id, token):
        try:
            key, envelope, method = self._open(key_id, token)
        except sealing.Refused as e:
            LOG.warning('%s (on topic %s)', e, self._topic)
            raise
        body = envelope['body']
        if key_id == sealing.SERVICE and body.get('context'):
            ctxt = gt_context.RequestContext.from_dict(body['context'])
        else:
            ctxt = gt_context.guest_context(key_id, envelope['ts'])
        result = method(ctxt, **body['args'])
        return sealing.seal(key, key_id, 'reply', self._topic,
                            {'reply_to': envelope['nonce'], 'result': result})


def service_keys(key_id):
    """Servers of the control plane accept the service key alone."""
    return sealing.service_key() if key_id == sealing.SERVICE else None


def get_client(topic, server=None, timeout=None, version='1.0',
               version_cap=None):
    """A control-plane client: sealed with the service key."""
    return SealedClient(topic, sealing.SERVICE, sealing.service_key(),
                        server=server, timeout=timeout, version=version,
                        version_cap=version_cap)


def get_server(topic, endpoints, server='galeratrove', keys=service_keys):
    target = messaging.Target(topic=topic, server=server)
    return messaging.get_rpc_server(
        get_transport(), target, [SealedEndpoint(topic, endpoints, keys)],
        executor='threading', serializer=BareContextSerializer(),
        access_policy=messaging.DefaultRPCAccessPolicy)


def ensure_queue(topic, server='galeratrove'):
    """Declare a topic's queue before its server exists.

    A guest agent starts after the taskmanager has sent it work; declaring
    its queue first keeps those messages until it consumes them.
    """
    listener = messaging.get_rpc_server(
        get_transport(), messaging.Target(topic=topic, server=server), [],
        executor='threading', serializer=BareContextSerializer())
    listener.start()
    listener.stop()
    listener.wait()
