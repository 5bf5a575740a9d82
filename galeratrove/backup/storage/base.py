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


def guest_rpc_version(backup):
    """The version a backup or restore request needs.

    1.5 when it carries TempURLs (an older guest would ignore them and
    use its own storage), else 1.4.
    """
    if backup.get('upload') or any(
            item.get('url') for item in backup.get('chain') or ()):
        return '1.5'
    return '1.4'


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

    # A driver whose guests reach the store without the service's
    # credentials says how; by default the guest uses the driver itself.

    def upload_target(self, location, ttl):
        """What the guest uploads ``location`` to; None: this driver."""
        return None

    def download_url(self, location, ttl):
        """A URL the guest reads ``location`` from; None: this driver."""
        return None

    def commit(self, location, facts):
        """Make the guest's upload the object (its facts: size...)."""
