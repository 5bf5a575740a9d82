"""Read and adjust Galera's saved state (``grastate.dat``).

A node restarted without its last position would need a full SST; the
position comes from grastate.dat after a clean shutdown, or from
``--wsrep-recover`` when grastate says seqno -1 (crash or still running).
"""

import os
import re

FILE_NAME = 'grastate.dat'
VIEW_FILE = 'gvwstate.dat'
ZERO_UUID = '00000000-0000-0000-0000-000000000000'
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-'
                  r'[0-9a-f]{12}$')
_MY_UUID = re.compile(r'(?m)^my_uuid:\s*(\S+)\s*$')
_RECOVERED = re.compile(
    r'WSREP: Recovered position:?\s+([0-9a-f-]{36}):(-?\d+)')


def path(datadir):
    return os.path.join(datadir, FILE_NAME)


def read(datadir):
    """Return {'uuid', 'seqno', 'safe_to_bootstrap'} or None if absent."""
    try:
        with open(path(datadir), encoding='utf-8') as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    state = {'uuid': None, 'seqno': -1, 'safe_to_bootstrap': None}
    for line in text.splitlines():
        key, sep, value = line.partition(':')
        key, value = key.strip(), value.strip()
        if not sep:
            continue
        if key == 'uuid':
            state['uuid'] = value
        elif key in ('seqno', 'safe_to_bootstrap'):
            try:
                state[key] = int(value)
            except ValueError:
                pass
    return state


def position(state):
    """'uuid:seqno' if ``state`` knows a real position, else None."""
    if (not state or not state.get('uuid') or state['uuid'] == ZERO_UUID
            or state.get('seqno', -1) < 0):
        return None
    return '%s:%d' % (state['uuid'], state['seqno'])


def recovered_position(log_text):
    """The last position logged by ``--wsrep-recover``, or None.

    Returns None for the all-zero uuid (a node that never joined).
    """
    found = _RECOVERED.findall(log_text or '')
    if not found:
        return None
    uuid, seqno = found[-1]
    return position({'uuid': uuid, 'seqno': int(seqno)})


def set_safe_to_bootstrap(datadir):
    """Mark this node safe to bootstrap (operator decided it is latest).

    Rewritten in place so the file keeps its owner and mode.
    """
    filename = path(datadir)
    with open(filename, encoding='utf-8') as handle:
        text = handle.read()
    new, count = re.subn(r'(?m)^safe_to_bootstrap:.*$',
                         'safe_to_bootstrap: 1', text)
    if not count:
        new = text.rstrip('\n') + '\nsafe_to_bootstrap: 1\n'
    with open(filename, 'r+', encoding='utf-8') as handle:
        handle.write(new)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def last_member_uuid(datadir):
    """The group (gcomm) uuid of the last server that ran here, or None.

    Galera keeps it in gvwstate.dat while the node is in a Primary view
    and removes the file on a clean shutdown: after a crash it names the
    dead incarnation, which the survivors may be told to evict.
    """
    try:
        with open(os.path.join(datadir, VIEW_FILE), encoding='utf-8') as f:
            match = _MY_UUID.search(f.read())
    except OSError:
        return None  # none, or no data dir at all (lost, or a file)
    if match and UUID.match(match.group(1)):
        return match.group(1)
    return None
