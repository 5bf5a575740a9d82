"""The guest's side of Swift: segments PUT and objects GET by TempURL.

The guest is handed signed URLs by the service (storage/swift.py) and
holds no credentials of its own; it streams each segment as a chunked
upload and reports what it stored, the service writes the manifest.
"""

import urllib.parse

import requests

from galeratrove.backup.storage import base
from galeratrove.backup.storage import segments as seg

TIMEOUT = (10, 300)  # connect, read


class TempURLStorage(base.Storage):

    name = 'swift-tempurl'

    def __init__(self, upload=None, downloads=None):
        self._upload = upload or {}
        self._downloads = downloads or {}
        self.segments = []
        self._http = requests.Session()

    def _request(self, method, url, what, **kwargs):
        """The response; an error that does not repeat the signed URL."""
        try:
            return self._http.request(method, url, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as e:
            raise IOError('%s failed: %s reaching the object store'
                          % (what, type(e).__name__))

    def _put(self, name, data):
        url = '%s/%s?%s' % (self._upload['container_url'],
                            urllib.parse.quote(name), self._upload['query'])
        resp = self._request('PUT', url, 'storing segment %s' % name,
                             data=data)
        if resp.status_code != 201:
            raise IOError('storing segment %s failed: HTTP %s %s'
                          % (name, resp.status_code, resp.text[:200]))
        return resp.headers.get('Etag')

    def save(self, location, chunks):
        self.segments = seg.upload(base.check_location(location), chunks,
                                   self._upload['segment_size'], self._put)

    def load(self, location, chunk_size=1 << 20):
        url = self._downloads.get(location)
        if url is None:
            raise IOError('no URL to read backup %s from' % location)
        resp = self._request('GET', url, 'reading backup %s' % location,
                             stream=True)
        if resp.status_code != 200:
            resp.close()
            raise IOError('backup object %s cannot be read: HTTP %s%s' % (
                location, resp.status_code,
                ' (it is missing from the object store)'
                if resp.status_code == 404 else ''))
        return resp.iter_content(chunk_size)

    def delete(self, location):
        """The service deletes (it alone has the credentials)."""

    def exists(self, location):
        url = self._downloads.get(location)
        return bool(url) and self._request(
            'HEAD', url, 'looking for backup %s' % location).status_code == 200
