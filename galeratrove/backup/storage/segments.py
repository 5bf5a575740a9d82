"""A byte stream cut into Swift segments, and the SLO manifest of them.

Shared by the control plane (which writes the manifest) and the guest
(which uploads the segments through a TempURL): one place decides the
names, sizes and checks, so the two sides agree.
"""

import hashlib
import json

from galeratrove.common import exception


def prefix(location):
    """Where the segments of the object ``location`` are stored."""
    return location + '/segments/'


def segment_name(location, index):
    return '%s%08d' % (prefix(location), index)


class Segmenter:
    """Cuts an iterator of byte chunks into segments of ``size`` bytes.

    Each segment is itself an iterator (so it can be streamed as a
    chunked upload, never held whole); its md5 and length are known once
    it has been consumed. No empty segment is produced.
    """

    def __init__(self, chunks, size):
        self._chunks = iter(chunks)
        self._size = size
        self._buf = b''

    def _fill(self):
        while not self._buf:
            try:
                self._buf = bytes(next(self._chunks))
            except StopIteration:
                return False
        return True

    def __iter__(self):
        while self._fill():
            yield _Segment(self)


class _Segment:

    def __init__(self, source):
        self._source = source
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.size = 0

    def __iter__(self):
        src = self._source
        left = src._size
        while left and src._fill():
            piece, src._buf = src._buf[:left], src._buf[left:]
            left -= len(piece)
            self.md5.update(piece)
            self.size += len(piece)
            yield piece

    @property
    def etag(self):
        return self.md5.hexdigest()


def upload(location, chunks, size, put):
    """The list of {name, etag, size} of the segments uploaded.

    ``put(name, iterator)`` stores one and returns the ETag the store
    answered; a segment the store acknowledged with another ETag is refused.
    """
    uploaded = []
    for index, segment in enumerate(Segmenter(chunks, size), 1):
        name = segment_name(location, index)
        answered = (put(name, iter(segment)) or '').strip('"')
        if answered != segment.etag:
            raise IOError('segment %s was stored with ETag %s, not %s'
                          % (name, answered, segment.etag))
        uploaded.append({'name': name, 'etag': segment.etag,
                         'size': segment.size})
    return uploaded


def manifest(container, location, segments, total_size):
    """The SLO manifest body; refuses a list that is not this object's."""
    if not segments:
        raise exception.BadRequest('a backup without segments')
    for index, seg in enumerate(segments, 1):
        if seg.get('name') != segment_name(location, index):
            raise exception.BadRequest('segment %r is not segment %d of %s'
                                       % (seg.get('name'), index, location))
        if (not isinstance(seg.get('size'), int) or seg['size'] < 1 or
                not isinstance(seg.get('etag'), str)):
            raise exception.BadRequest('segment %s has no size or ETag'
                                       % seg['name'])
    if sum(seg['size'] for seg in segments) != total_size:
        raise exception.BadRequest(
            'the segments of %s hold %d bytes, the stream had %d' % (
                location, sum(seg['size'] for seg in segments), total_size))
    return json.dumps([{'path': '/%s/%s' % (container, seg['name']),
                        'etag': seg['etag'], 'size_bytes': seg['size']}
                       for seg in segments])
