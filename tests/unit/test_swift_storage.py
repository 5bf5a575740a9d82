"""The swift driver's names, segments, manifest and TempURLs."""

import hashlib
import hmac
import json
import urllib.parse

import pytest

from galeratrove import backup as backup_storage
from galeratrove.backup.storage import base
from galeratrove.backup.storage import segments as seg
from galeratrove.backup.storage import swift
from galeratrove.backup.storage import tempurl
from galeratrove.common import exception

LOCATION = 'tenant1/0b7c.xbstream.zst'


def test_segments_are_cut_at_the_size_and_never_empty():
    chunks = [b'a' * 7, b'b' * 3, b'c' * 10]      # 20 bytes
    stored = {}

    def put(name, data):
        stored[name] = b''.join(data)
        return hashlib.md5(stored[name]).hexdigest()
    uploaded = seg.upload(LOCATION, chunks, 8, put)
    assert [s['name'] for s in uploaded] == [
        LOCATION + '/segments/00000001', LOCATION + '/segments/00000002',
        LOCATION + '/segments/00000003']
    assert [s['size'] for s in uploaded] == [8, 8, 4]
    assert b''.join(stored[s['name']] for s in uploaded) == b''.join(chunks)
    # Exactly a multiple of the size: no trailing empty segment.
    assert len(seg.upload(LOCATION, [b'x' * 16], 8, put)) == 2
    assert seg.upload(LOCATION, [], 8, put) == []


def test_a_segment_stored_with_another_etag_is_refused():
    with pytest.raises(IOError, match='ETag'):
        seg.upload(LOCATION, [b'data'], 8, lambda name, data: '"0000"')


def test_the_manifest_lists_only_this_backups_segments():
    segments = [{'name': seg.segment_name(LOCATION, 1), 'etag': 'e1',
                 'size': 8},
                {'name': seg.segment_name(LOCATION, 2), 'etag': 'e2',
                 'size': 3}]
    body = json.loads(seg.manifest('c', LOCATION, segments, 11))
    assert body == [
        {'path': '/c/%s/segments/00000001' % LOCATION, 'etag': 'e1',
         'size_bytes': 8},
        {'path': '/c/%s/segments/00000002' % LOCATION, 'etag': 'e2',
         'size_bytes': 3}]
    other = [dict(segments[0], name='tenant2/x.xbstream.zst/segments/'
                  '00000001')]
    for bad, size in ((other, 8), (segments, 12), ([], 0),
                      ([dict(segments[0], size=0)], 0)):
        with pytest.raises(exception.BadRequest):
            seg.manifest('c', LOCATION, bad, size)


class FakeConnection:
    """The few swiftclient calls the driver makes, recorded."""

    def __init__(self, key=None):
        self.account = {} if key is None else {swift.KEY_HEADER: key}
        self.calls = []

    def get_auth(self):
        return 'https://swift.example:8080/v1/AUTH_svc', 'token'

    def put_container(self, name):
        self.calls.append(('put_container', name))

    def head_account(self):
        return dict(self.account)

    def post_account(self, headers):
        self.account.update(headers)

    def put_object(self, container, name, body, **kwargs):
        self.calls.append(('put_object', container, name, body, kwargs))


def _signature(key, method, expires, path):
    body = '%s\n%s\n%s' % (method, expires, path)
    return hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()


def test_the_guest_gets_a_put_tempurl_for_its_segment_prefix_only():
    conn = FakeConnection()
    store = swift.SwiftStorage(conn, container='bk', segment_size=1 << 20)
    target = store.upload_target(LOCATION, 600)
    key = conn.account[swift.KEY_HEADER]       # set once, then reused
    assert key and ('put_container', 'bk') in conn.calls
    assert target['container_url'] == (
        'https://swift.example:8080/v1/AUTH_svc/bk')
    assert target['segment_size'] == 1 << 20
    query = dict(urllib.parse.parse_qsl(target['query']))
    assert query['temp_url_prefix'] == LOCATION + '/segments/'
    expected = _signature(
        key, 'PUT', query['temp_url_expires'],
        'prefix:/v1/AUTH_svc/bk/%s/segments/' % LOCATION)
    assert query['temp_url_sig'] == expected
    url = store.download_url(LOCATION, 600)
    assert url.startswith('https://swift.example:8080/v1/AUTH_svc/bk/'
                          + LOCATION + '?')
    assert 'temp_url_prefix' not in url
    with pytest.raises(exception.BadRequest):
        store.upload_target('../other', 600)


def test_an_existing_account_key_is_used_and_the_manifest_written():
    conn = FakeConnection(key='operator-key')
    store = swift.SwiftStorage(conn, container='bk')
    store.upload_target(LOCATION, 60)
    assert conn.account == {swift.KEY_HEADER: 'operator-key'}
    segments = [{'name': seg.segment_name(LOCATION, 1), 'etag': 'e',
                 'size': 5}]
    store.commit(LOCATION, {'segments': segments, 'size': 5})
    _, container, name, body, kwargs = conn.calls[-1]
    assert (container, name) == ('bk', LOCATION)
    assert kwargs['query_string'] == 'multipart-manifest=put'
    assert json.loads(body)[0]['path'] == '/bk/' + seg.segment_name(
        LOCATION, 1)


def test_swift_is_the_default_storage_on_nova_only(conf):
    assert backup_storage.storage_driver_name() == 'local'
    conf('driver', 'nova', group='compute')
    assert backup_storage.storage_driver_name() == 'swift'
    conf('storage_driver', 'local', group='backup')
    assert backup_storage.storage_driver_name() == 'local'


def test_tempurl_requests_need_guest_rpc_1_5():
    assert base.guest_rpc_version({'location': LOCATION}) == '1.4'
    assert base.guest_rpc_version({'upload': {'query': 'q'}}) == '1.5'
    assert base.guest_rpc_version({'chain': [{'location': LOCATION}]}) == '1.4'
    assert base.guest_rpc_version({'chain': [{'url': 'u'}]}) == '1.5'


def test_a_guest_error_does_not_repeat_the_signed_url():
    # Nothing listens on port 1: the connection is refused.
    signed = 'http://127.0.0.1:1/v1/AUTH_svc/bk/%s?temp_url_sig=s3cr3t'
    store = tempurl.TempURLStorage(
        {'container_url': 'http://127.0.0.1:1/v1/AUTH_svc/bk',
         'query': 'temp_url_sig=s3cr3t', 'segment_size': 8},
        {LOCATION: signed % LOCATION})
    for call in (lambda: store.save(LOCATION, [b'data']),
                 lambda: list(store.load(LOCATION))):
        with pytest.raises(IOError) as err:
            call()
        assert 's3cr3t' not in str(err.value)
        assert 'ConnectionError' in str(err.value)
