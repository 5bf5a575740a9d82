"""The xbstream follower finds the Galera position wherever chunks split,
and the local storage keeps its objects private and inside its root."""

import os
import subprocess

import pytest

from galeratrove.backup.storage import local
from galeratrove.common import exception
from galeratrove.guestagent.datastore.galera_common import backup

POSITION = '6bd5a1f2-0c9e-11ef-9b8f-2a3c4d5e6f70:4242'


@pytest.fixture
def stream(tmp_path):
    """A real xbstream (mbstream -c) of a big file and the galera info."""
    (tmp_path / 'ibdata1').write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    (tmp_path / backup.GALERA_INFO).write_text(POSITION + '\n')
    done = subprocess.run(['mbstream', '-c', 'ibdata1', backup.GALERA_INFO],
                          cwd=tmp_path, capture_output=True, check=True)
    return done.stdout


@pytest.mark.parametrize('size', [1, 7, 4096, 1 << 20, 1 << 30])
def test_position_found_whatever_the_chunk_size(stream, size):
    reader = backup.GaleraInfoReader()
    for start in range(0, len(stream), size):
        reader.feed(stream[start:start + size])
    assert reader.position() == POSITION


def test_a_stream_without_galera_info_has_no_position(tmp_path):
    (tmp_path / 'f').write_bytes(b'x' * 100)
    data = subprocess.run(['mbstream', '-c', 'f'], cwd=tmp_path,
                          capture_output=True, check=True).stdout
    reader = backup.GaleraInfoReader()
    reader.feed(data)
    assert reader.position() is None


def test_local_storage_files_are_private_and_confined(tmp_path):
    store = local.LocalStorage(str(tmp_path / 'store'))
    store.save('t1/b.zst', iter([b'ab', b'cd']))
    path = tmp_path / 'store' / 't1' / 'b.zst'
    assert oct(path.stat().st_mode & 0o777) == '0o600'
    assert oct(path.parent.stat().st_mode & 0o777) == '0o700'
    assert b''.join(store.load('t1/b.zst', chunk_size=1)) == b'abcd'
    for bad in ('../x', '/etc/passwd', 't1/../../x', 'a//b', ''):
        with pytest.raises(exception.BadRequest):
            store.save(bad, [b''])

    def broken():
        yield b'half'
        raise IOError('stream cut')
    with pytest.raises(IOError):
        store.save('t1/c.zst', broken())
    assert sorted(os.listdir(path.parent)) == ['b.zst']
    store.delete('t1/b.zst')
    store.delete('t1/b.zst')
    assert not store.exists('t1/b.zst')
