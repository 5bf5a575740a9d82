"""Sealed payloads: only the key's holders read or make them, once, fresh."""

import os
import stat
import time

import pytest

from galeratrove.common import sealing


@pytest.fixture
def key():
    return sealing.new_key()


def test_a_sealed_body_opens_with_its_key_and_hides_its_content(key):
    token = sealing.seal(key, 'i1', 'request', 'guest.i1',
                         {'args': {'password': 'hunter2'}})
    assert 'hunter2' not in token
    envelope = sealing.unseal(key, token, 'i1', 'request', 'guest.i1')
    assert envelope['body'] == {'args': {'password': 'hunter2'}}
    assert abs(envelope['ts'] - time.time()) < 5 and envelope['nonce']


@pytest.mark.parametrize('key_id,purpose,topic', [
    ('i2', 'request', 'guest.i1'),
    ('i1', 'reply', 'guest.i1'),
    ('i1', 'request', 'guest.i2'),
])
def test_a_body_sealed_for_another_use_is_refused(key, key_id, purpose,
                                                  topic):
    token = sealing.seal(key, 'i1', 'request', 'guest.i1', {})
    with pytest.raises(sealing.Refused):
        sealing.unseal(key, token, key_id, purpose, topic)


def test_another_key_or_an_altered_token_is_refused(key):
    token = sealing.seal(key, 'i1', 'request', 't', {'a': 1})
    with pytest.raises(sealing.Refused):
        sealing.unseal(sealing.new_key(), token, 'i1', 'request', 't')
    altered = token[:40] + ('A' if token[40] != 'A' else 'B') + token[41:]
    with pytest.raises(sealing.Refused):
        sealing.unseal(key, altered, 'i1', 'request', 't')
    for bad in (None, 42, '', 'not a token'):
        with pytest.raises(sealing.Refused):
            sealing.unseal(key, bad, 'i1', 'request', 't')
    with pytest.raises(sealing.Refused):
        sealing.unseal(None, token, 'i1', 'request', 't')


def test_an_old_token_is_refused(key, conf, monkeypatch):
    conf('message_ttl', 30, group='rpc_auth')
    sent = time.time() - 31
    monkeypatch.setattr(time, 'time', lambda: sent)
    token = sealing.seal(key, 'i1', 'request', 't', {})
    monkeypatch.undo()
    with pytest.raises(sealing.Refused, match='older than 30s'):
        sealing.unseal(key, token, 'i1', 'request', 't')


def test_a_replayed_nonce_is_refused(key):
    guard = sealing.NonceGuard()
    token = sealing.seal(key, 'i1', 'request', 't', {})
    envelope = sealing.unseal(key, token, 'i1', 'request', 't')
    guard.check(envelope)
    with pytest.raises(sealing.Refused, match='replay'):
        guard.check(sealing.unseal(key, token, 'i1', 'request', 't'))
    guard.check(sealing.unseal(
        key, sealing.seal(key, 'i1', 'request', 't', {}), 'i1', 'request',
        't'))


def test_the_service_key_is_generated_once_private(conf, tmp_path):
    first = sealing.service_key()
    path = os.path.join(str(tmp_path / 'state'), sealing.KEY_FILE)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    sealing._SERVICE_KEYS.clear()
    assert sealing.service_key() == first
    configured = sealing.new_key()
    conf('service_key', configured, group='rpc_auth')
    assert sealing.service_key() == configured


def test_instance_keys_are_encrypted_at_rest(key):
    stored = sealing.encrypt_at_rest(key)
    assert key not in stored
    assert sealing.decrypt_at_rest(stored) == key
