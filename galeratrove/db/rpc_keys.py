"""Per-instance RPC keys in SQL, encrypted with the service key.

The taskmanager issues a key when it first boots an instance; the
taskmanager and the conductor read it back to open that guest's messages.
Only this module decrypts them, and keeps them in memory: a key never
changes once issued.
"""

import threading

from galeratrove.common import exception
from galeratrove.common import sealing
from galeratrove.db import api as db_api
from galeratrove.db import models

_CACHE = {}
_LOCK = threading.Lock()


def issue(instance_id):
    """The instance's key, generated and stored if it has none yet."""
    with db_api._writer() as session:
        inst = session.get(models.Instance, instance_id,
                           with_for_update=True)
        if inst is None:
            raise exception.InstanceNotFound(id=instance_id)
        if inst.rpc_key is None:
            inst.rpc_key = sealing.encrypt_at_rest(sealing.new_key())
        stored = inst.rpc_key
    return sealing.decrypt_at_rest(stored)


def get(instance_id):
    """The key of a live instance, or None (unknown, deleted, keyless)."""
    with _LOCK:
        if instance_id in _CACHE:
            return _CACHE[instance_id]
    with db_api._reader() as session:
        inst = session.get(models.Instance, instance_id)
        live = inst is not None and not inst.deleted
        stored = inst.rpc_key if live else None
    if stored is None:
        return None
    key = sealing.decrypt_at_rest(stored)
    with _LOCK:
        _CACHE[instance_id] = key
    return key


def forget():
    """Drop the cache (a test switches databases)."""
    with _LOCK:
        _CACHE.clear()
