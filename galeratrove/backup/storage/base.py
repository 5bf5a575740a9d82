"""What a backup storage driver does: save, load and delete objects.

An object is named by a location relative to the driver's root
(``<tenant>/<backup id>.xbstream.zst``); its content is streamed in and
out as chunks of bytes, never held whole in memory.
"""

import abc
import re

from galeratrove.common import exception

_LOCATION = re.compile(r'^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$')


def check_location(location):
    """Refuse a location that could leave the driver's root."""
    if (not isinstance(location, str) or not _LOCATION.match(location)
            or any(part in ('.', '..') for part in location.split('/'))):
        raise exception.BadRequest('invalid backup location %r' % (location,))
    return location


class Storage(abc.ABC):

    name = None

    @abc.abstractmethod
    def save(self, location, chunks):
        """Store the iterable of byte chunks as ``location``, atomically."""

    @abc.abstractmethod
    def load(self, location, chunk_size=1 << 20):
        """An iterator over the stored object's bytes."""

    @abc.abstractmethod
    def delete(self, location):
        """Remove the object; a missing one is not an error."""

    @abc.abstractmethod
    def exists(self, location):
        """Whether the object is stored."""
