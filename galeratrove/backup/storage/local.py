"""Local directory storage: the embedded default.

Objects are files (mode 0600) in directories (0700) under
``[backup] local_directory``; a save writes a temporary file and renames
it, so a cut-short backup never leaves a half object under its name. The
guest agents of the local compute driver run on this machine and reach it.
"""

import os
import tempfile

from galeratrove.backup.storage import base
from galeratrove.conf import CONF


class LocalStorage(base.Storage):

    name = 'local'

    def __init__(self, directory=None):
        self.directory = os.path.abspath(
            directory or CONF.backup.local_directory)

    def _path(self, location):
        return os.path.join(self.directory, base.check_location(location))

    def save(self, location, chunks):
        path = self._path(location)
        parent = os.path.dirname(path)
        os.makedirs(parent, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix='.part-', dir=parent)
        try:
            with os.fdopen(fd, 'wb') as out:
                for chunk in chunks:
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.rename(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def load(self, location, chunk_size=1 << 20):
        with open(self._path(location), 'rb') as src:
            while True:
                chunk = src.read(chunk_size)
                if not chunk:
                    return
                yield chunk

    def delete(self, location):
        try:
            os.unlink(self._path(location))
        except FileNotFoundError:
            pass

    def exists(self, location):
        return os.path.isfile(self._path(location))
