"""Sealed RPC payloads: signed, encrypted, fresh, and never replayed.

A broker is shared by every guest, so whoever reaches it can read and
send any message. A payload sealed with a key only its two ends hold
(Fernet: AES-CBC with an HMAC-SHA256, and a timestamp) cannot be read,
forged or altered by anyone else, and says which key sealed it, for
which topic and when. Keys never appear in logs: only their ids do.
"""

import base64
import os
import threading
import time
import uuid

from cryptography import fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf import hkdf
from oslo_serialization import jsonutils

from galeratrove.common import exception
from galeratrove.conf import CONF

SERVICE = 'service'
KEY_FILE = 'rpc_service.key'


class Refused(exception.GaleraTroveError):
    message = 'Refused a sealed message: %(reason)s'


def new_key():
    """A random key for one instance (url-safe base64 text)."""
    return fernet.Fernet.generate_key().decode()


def new_nonce():
    return uuid.uuid4().hex


def seal(key, key_id, purpose, topic, body, nonce=None):
    """The token carrying ``body`` for ``topic`` under ``key``."""
    envelope = {'kid': key_id, 'purpose': purpose, 'topic': topic,
                'nonce': nonce or new_nonce(), 'ts': time.time(),
                'body': body}
    return fernet.Fernet(key).encrypt(
        jsonutils.dump_as_bytes(envelope)).decode()


def unseal(key, token, key_id, purpose, topic):
    """The envelope in ``token`` if ``key`` sealed it for this use now.

    Raises Refused for a token sealed with another key, altered, older
    than [rpc_auth] message_ttl, or meant for another sender, purpose or
    topic.
    """
    # Ids come off the broker: shown quoted and short in any log line.
    shown = repr(str(key_id)[:64])
    if not key or not isinstance(token, str):
        raise Refused(reason='no key for %s' % shown)
    ttl = CONF.rpc_auth.message_ttl
    try:
        envelope = jsonutils.loads(
            fernet.Fernet(key).decrypt(token.encode(), ttl=ttl))
    except (fernet.InvalidToken, ValueError, TypeError):
        raise Refused(reason='not sealed by %s, altered, or older than %ds'
                      % (shown, ttl))
    expected = {'kid': key_id, 'purpose': purpose, 'topic': topic}
    for field, value in expected.items():
        if envelope.get(field) != value:
            raise Refused(reason='%s is not %s' % (field, value))
    if abs(time.time() - float(envelope.get('ts', 0))) > ttl:
        raise Refused(reason='sent outside the last %ds' % ttl)
    return envelope


class NonceGuard:
    """Remembers accepted nonces for the TTL: a replay inside it fails."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen = {}

    def check(self, envelope):
        now = time.monotonic()
        ttl = CONF.rpc_auth.message_ttl
        with self._lock:
            for nonce, at in list(self._seen.items()):
                if now - at > 2 * ttl:
                    del self._seen[nonce]
            if envelope['nonce'] in self._seen:
                raise Refused(reason='a replay of %s' % envelope['nonce'])
            self._seen[envelope['nonce']] = now


# The service key ------------------------------------------------------------

_SERVICE_KEYS = {}
_LOCK = threading.Lock()


def _key_file():
    path = os.path.join(CONF.state_path, KEY_FILE)
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        pass
    os.makedirs(CONF.state_path, mode=0o755, exist_ok=True)
    tmp = '%s.%s' % (path, uuid.uuid4().hex)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(new_key())
    try:
        # A link never replaces: the first service to get here wins.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    with open(path) as f:
        return f.read().strip()


def service_key():
    """The key of control-plane RPC (configured, or generated once)."""
    source = CONF.rpc_auth.service_key or os.path.join(CONF.state_path,
                                                       KEY_FILE)
    with _LOCK:
        if source not in _SERVICE_KEYS:
            key = CONF.rpc_auth.service_key or _key_file()
            fernet.Fernet(key)  # a malformed key fails here, at once
            _SERVICE_KEYS[source] = key
        return _SERVICE_KEYS[source]


def _derived(purpose):
    """A key for one use of the service key, so uses never mix."""
    raw = base64.urlsafe_b64decode(service_key())
    derived = hkdf.HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                        info=b'galeratrove ' + purpose).derive(raw)
    return base64.urlsafe_b64encode(derived)


def encrypt_at_rest(instance_key):
    """An instance key as stored in SQL: encrypted with the service key."""
    return fernet.Fernet(_derived(b'instance keys')).encrypt(
        instance_key.encode()).decode()


def decrypt_at_rest(stored):
    return fernet.Fernet(_derived(b'instance keys')).decrypt(
        stored.encode()).decode()


def seal_at_rest(purpose, secret):
    """Any other control-plane secret as stored in SQL (a CA key)."""
    return fernet.Fernet(_derived(purpose)).encrypt(secret.encode()).decode()


def open_at_rest(purpose, stored):
    return fernet.Fernet(_derived(purpose)).decrypt(stored.encode()).decode()
