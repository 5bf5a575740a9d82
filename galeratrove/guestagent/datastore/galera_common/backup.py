"""Take and restore a node's backup: mariabackup, zstd, sha256, storage.

Backup: ``mariabackup --backup --galera-info --stream=xbstream`` copies
the running node (it stays a member: the backup locks are brief), zstd
compresses the stream, and each compressed chunk is hashed and handed to
the storage driver. The Galera position the copy is consistent with is
read from the stream itself (its ``xtrabackup_galera_info``) as it passes.

Restore: the stored object is hashed while it is unpacked (zstd, then
mbstream) into a directory beside the data dir; a checksum mismatch fails
before the data dir is touched. Then ``--prepare``, the prepared files
become the data dir, and grastate.dat gets the backup's position so the
node bootstraps a cluster from it.
"""

import hashlib
import os
import shutil
import struct
import subprocess
import threading

from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import process

CHUNK = 1 << 20
GALERA_INFO = 'xtrabackup_galera_info'
CHECKPOINTS = 'xtrabackup_checkpoints'
_MAGIC = b'XBSTCK01'


class GaleraInfoReader:
    """Follows an xbstream as it passes; keeps its small metadata files.

    A chunk is: magic, flags (1), type (1), path length (4), path; then,
    unless it is an end-of-file chunk ('E'), payload length (8), offset
    (8), checksum (4) and the payload. Only headers are parsed; payloads
    are kept only for ``xtrabackup_galera_info`` (the position) and
    ``xtrabackup_checkpoints`` (the LSN an incremental continues from).
    """

    KEEP = (GALERA_INFO, CHECKPOINTS)

    def __init__(self):
        self._buf = b''
        self._skip = 0
        self._path = None
        self.files = {}

    @property
    def galera_info(self):
        return self.files.get(GALERA_INFO, b'')

    @galera_info.setter
    def galera_info(self, value):
        self.files[GALERA_INFO] = value

    def feed(self, data):
        while data:
            if self._skip:
                take = data[:self._skip]
                if self._path in self.KEEP:
                    self.files[self._path] = (
                        self.files.get(self._path, b'') + take)
                self._skip -= len(take)
                data = data[len(take):]
                continue
            self._buf += data
            data = self._header()
            if data is None:
                return

    def _header(self):
        """Parse one header from the buffer; the bytes after it, or None."""
        buf = self._buf
        if len(buf) < 14:
            return None
        if buf[:8] != _MAGIC:
            raise errors.NodeError('mariabackup stream is not xbstream')
        kind = buf[9:10]
        path_len = struct.unpack('<I', buf[10:14])[0]
        end = 14 + path_len
        if kind == b'E':
            if len(buf) < end:
                return None
            self._buf = b''
            return buf[end:]
        if len(buf) < end + 20:
            return None
        self._path = buf[14:end].decode('utf-8', 'replace')
        self._skip = struct.unpack('<Q', buf[end:end + 8])[0]
        self._buf = b''
        return buf[end + 20:]

    def position(self):
        """'uuid:seqno' from the captured file, or None."""
        text = self.galera_info.decode('utf-8', 'replace').strip()
        uuid, sep, seqno = text.partition(':')
        if not sep or len(uuid) != 36:
            return None
        try:
            return '%s:%d' % (uuid, int(seqno.split()[0].split(',')[0]))
        except (ValueError, IndexError):
            return None

    def to_lsn(self):
        """The LSN the backup reaches (xtrabackup_checkpoints), or None."""
        text = self.files.get(CHECKPOINTS, b'').decode('ascii', 'replace')
        for line in text.splitlines():
            key, _, value = line.partition('=')
            if key.strip() == 'to_lsn':
                try:
                    return int(value.strip())
                except ValueError:
                    return None
        return None


def _backup_cmd(node, target, incremental_lsn=None):
    p = node.paths
    # The admin login comes from admin.cnf (0600): no password in argv.
    cmd = ['mariabackup', '--defaults-file=' + p.admin_file,
           '--backup', '--galera-info', '--stream=xbstream',
           '--socket=' + p.socket, '--datadir=' + p.data,
           '--target-dir=' + target]
    if incremental_lsn is not None:
        cmd.append('--incremental-lsn=%d' % int(incremental_lsn))
    return cmd


def _feed(source, reader, sink, failures):
    try:
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            reader.feed(chunk)
            sink.write(chunk)
    except Exception as e:  # reported by take(), after the processes end
        failures.append(e)
    finally:
        try:
            sink.close()
        except OSError:
            pass


def take(node, storage, location, timeout, incremental_lsn=None):
    """Back the running node up into ``location``; its facts as a dict.

    With ``incremental_lsn`` (the parent's ``to_lsn``) only the pages
    changed since are copied: an incremental backup.
    """
    if not node.pid:
        raise errors.NodeError('%s is not running: nothing to back up' % node)
    work = os.path.join(node.paths.base, 'backup-work')
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work, mode=0o700)
    log_path = os.path.join(node.paths.log, 'mariabackup.log')
    reader = GaleraInfoReader()
    digest = hashlib.sha256()
    size = [0]
    failures = []
    with open(log_path, 'wb') as log:
        backup = subprocess.Popen(_backup_cmd(node, work, incremental_lsn),
                                  stdout=subprocess.PIPE, stderr=log,
                                  stdin=subprocess.DEVNULL)
        zstd = subprocess.Popen(['zstd', '-q', '-c', '-3'],
                                stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=log)
    feeder = threading.Thread(target=_feed, daemon=True,
                              args=(backup.stdout, reader, zstd.stdin,
                                    failures))
    feeder.start()

    def compressed():
        while True:
            chunk = zstd.stdout.read(CHUNK)
            if not chunk:
                return
            digest.update(chunk)
            size[0] += len(chunk)
            yield chunk
    try:
        storage.save(location, compressed())
        rc_backup = backup.wait(timeout)
        rc_zstd = zstd.wait(timeout)
        feeder.join(timeout)
        if rc_backup or rc_zstd or failures:
            raise errors.NodeError(
                'backup of %s failed (mariabackup exited %s, zstd %s%s)' % (
                    node, rc_backup, rc_zstd,
                    ', %s' % failures[0] if failures else ''),
                process.tail(log_path))
        position = reader.position()
        if not position:
            raise errors.NodeError('the backup of %s has no Galera '
                                   'position (%s missing)'
                                   % (node, GALERA_INFO))
    except BaseException:
        for proc in (backup, zstd):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        storage.delete(location)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {'location': location, 'size': size[0],
            'checksum': digest.hexdigest(), 'position': position,
            'to_lsn': reader.to_lsn()}


def _unpack(storage, location, target, log):
    digest = hashlib.sha256()
    zstd = subprocess.Popen(['zstd', '-d', '-q', '-c'],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=log)
    mbstream = subprocess.Popen(['mbstream', '-x', '-C', target],
                                stdin=zstd.stdout, stdout=log, stderr=log)
    zstd.stdout.close()
    try:
        for chunk in storage.load(location):
            digest.update(chunk)
            zstd.stdin.write(chunk)
    except BrokenPipeError:
        pass
    finally:
        zstd.stdin.close()
        zstd.wait()
        mbstream.wait()
    return zstd.returncode, mbstream.returncode, digest.hexdigest()


def read_galera_info(directory):
    reader = GaleraInfoReader()
    with open(os.path.join(directory, GALERA_INFO), 'rb') as f:
        reader.galera_info = f.read()
    return reader.position()


def _unpack_checked(storage, item, target, log_path):
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target, mode=0o700)
    with open(log_path, 'ab') as log:
        rc_zstd, rc_mb, digest = _unpack(storage, item['location'], target,
                                         log)
    if digest != item['checksum']:
        shutil.rmtree(target, ignore_errors=True)
        raise errors.NodeError('backup %s is corrupt: its checksum is %s, '
                               'not %s' % (item['location'], digest,
                                           item['checksum']))
    if rc_zstd or rc_mb:
        raise errors.NodeError('unpacking backup %s failed (zstd %s, '
                               'mbstream %s)' % (item['location'], rc_zstd,
                                                 rc_mb),
                               process.tail(log_path))


def restore(node, storage, chain, timeout, owner=None):
    """Replace the stopped node's data dir by a backup; its position.

    ``chain`` is the full backup then its incrementals in order, each
    {'location', 'checksum'}. ``owner`` (uid, gid) gets every restored
    file (the node's own user).
    """
    if node.pid:
        raise errors.NodeError('%s is running: stop it before a restore'
                               % node)
    p = node.paths
    target = os.path.join(p.base, 'restore-work')
    log_path = os.path.join(p.log, 'mariabackup-restore.log')
    open(log_path, 'wb').close()
    _unpack_checked(storage, chain[0], target, log_path)
    position = read_galera_info(target)
    node._run(['mariabackup', '--prepare', '--target-dir=' + target],
              timeout, 'preparing the backup', None)
    for i, item in enumerate(chain[1:]):
        inc = os.path.join(p.base, 'restore-inc')
        _unpack_checked(storage, item, inc, log_path)
        position = read_galera_info(inc)
        node._run(['mariabackup', '--prepare', '--target-dir=' + target,
                   '--incremental-dir=' + inc], timeout,
                  'applying incremental backup %d' % (i + 1), None)
        shutil.rmtree(inc, ignore_errors=True)
    node.wipe_data()
    os.rename(target, p.data)
    os.chmod(p.data, 0o750)
    with open(os.path.join(p.data, 'grastate.dat'), 'w') as f:
        uuid, seqno = position.rsplit(':', 1)
        f.write('# GALERA saved state\nversion: 2.1\nuuid:    %s\n'
                'seqno:   %s\nsafe_to_bootstrap: 1\n' % (uuid, seqno))
    node._mark_initialized()
    if owner:
        for top, dirs, files in os.walk(p.data):
            os.lchown(top, *owner)
            for name in files:
                os.lchown(os.path.join(top, name), *owner)
    return position
