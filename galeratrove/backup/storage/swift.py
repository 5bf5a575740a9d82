"""Swift storage: backups as Static Large Objects in the service's account.

The guests hold no cloud credentials. For a backup the service hands the
guest a TempURL that allows PUT under the backup's segment prefix only,
for the backup's time; the guest uploads the compressed stream as
segments and reports them; the service then writes the SLO manifest with
its own credentials (Swift checks each segment's ETag and size). A
restore reads the manifest through a TempURL allowing GET of that one
object. The TempURL key is the account's (X-Account-Meta-Temp-URL-Key).
"""

import secrets
import threading
import urllib.parse

from oslo_log import log as logging
from swiftclient import exceptions as swift_exc
from swiftclient import utils as swift_utils

from galeratrove.backup.storage import base
from galeratrove.backup.storage import segments as seg
from galeratrove.common import clients
from galeratrove.conf import CONF

LOG = logging.getLogger(__name__)
KEY_HEADER = 'x-account-meta-temp-url-key'
# Extra validity of a TempURL beyond the operation's own timeout.
TTL_MARGIN = 300


def _missing(e):
    return isinstance(e, swift_exc.ClientException) and e.http_status == 404


class SwiftStorage(base.Storage):

    name = 'swift'

    def __init__(self, connection=None, container=None, segment_size=None):
        self._conn = connection
        self.container = container or CONF.backup.swift_container
        self.segment_size = segment_size or CONF.backup.swift_segment_size
        self._key = CONF.backup.swift_temp_url_key
        self._lock = threading.Lock()
        self._ready = False

    @property
    def conn(self):
        if self._conn is None:
            self._conn = clients.swift()
        return self._conn

    def _prepare(self):
        """The container and the account's TempURL key, once."""
        with self._lock:
            if self._ready:
                return
            self.conn.put_container(self.container)
            if not self._key:
                self._key = self.conn.head_account().get(KEY_HEADER)
            if not self._key:
                self._key = secrets.token_urlsafe(32)
                self.conn.post_account({KEY_HEADER: self._key})
                LOG.info('Set a TempURL key on the backup account')
            self._ready = True

    def _container_url(self):
        url, _token = self.conn.get_auth()
        return '%s/%s' % (url.rstrip('/'), urllib.parse.quote(self.container))

    def _temp_url(self, path_in_container, method, ttl, prefix=False):
        """(absolute URL without query, query) of a TempURL."""
        self._prepare()
        parsed = urllib.parse.urlsplit(self._container_url())
        path = '%s/%s' % (parsed.path, urllib.parse.quote(path_in_container))
        signed = swift_utils.generate_temp_url(
            path, int(ttl), self._key, method, prefix=prefix)
        signed_path, _, query = signed.partition('?')
        return '%s://%s%s' % (parsed.scheme, parsed.netloc, signed_path), \
            query

    # What the guest is handed ------------------------------------------

    def upload_target(self, location, ttl):
        """A PUT TempURL for the backup's segments, and their size."""
        base.check_location(location)
        _url, query = self._temp_url(seg.prefix(location), 'PUT',
                                     ttl + TTL_MARGIN, prefix=True)
        return {'kind': 'swift-tempurl',
                'container_url': self._container_url(), 'query': query,
                'segment_size': self.segment_size}

    def download_url(self, location, ttl):
        """A GET TempURL of the object (the manifest: the whole stream)."""
        url, query = self._temp_url(base.check_location(location), 'GET',
                                    ttl + TTL_MARGIN)
        return '%s?%s' % (url, query)

    def commit(self, location, facts):
        """Write the manifest of the segments the guest uploaded."""
        body = seg.manifest(self.container, location, facts.get('segments'),
                            facts['size'])
        self.conn.put_object(self.container, location, body,
                             query_string='multipart-manifest=put',
                             content_type='application/octet-stream')

    # The storage interface (the service's own access) -------------------

    def save(self, location, chunks):
        base.check_location(location)
        self._prepare()
        size = [0]

        def counted():
            for chunk in chunks:
                size[0] += len(chunk)
                yield chunk

        def put(name, data):
            return self.conn.put_object(self.container, name, data)
        uploaded = seg.upload(location, counted(), self.segment_size, put)
        self.commit(location, {'segments': uploaded, 'size': size[0]})

    def load(self, location, chunk_size=1 << 20):
        _headers, body = self.conn.get_object(
            self.container, base.check_location(location),
            resp_chunk_size=chunk_size)
        return iter(body)

    def names(self, location):
        """Every stored object of ``location``: its segments, manifest."""
        base.check_location(location)
        try:
            _headers, listing = self.conn.get_container(
                self.container, prefix=location, full_listing=True)
        except swift_exc.ClientException as e:
            if _missing(e):
                return []
            raise
        return [o['name'] for o in listing
                if o['name'] == location or
                o['name'].startswith(seg.prefix(location))]

    def delete(self, location):
        # Segments first: a manifest never outlives them half-deleted
        # unnoticed, and a failed backup's orphan segments go too.
        for name in sorted(self.names(location), reverse=True):
            try:
                self.conn.delete_object(self.container, name)
            except swift_exc.ClientException as e:
                if not _missing(e):
                    raise

    def exists(self, location):
        try:
            self.conn.head_object(self.container,
                                  base.check_location(location))
        except swift_exc.ClientException as e:
            if _missing(e):
                return False
            raise
        return True
