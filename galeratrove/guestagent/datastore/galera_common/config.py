"""Render and write a Galera node's server configuration.

Templates are ``string.Template`` files shipped as package data under
``templates/<datastore>/galera.cnf``. The rendered text may hold the SST
password, so it is written 0600 and never logged.
"""

import collections
import importlib.resources
import os
import re
import string
import tempfile

from galeratrove.guestagent.datastore.galera_common import errors

DATASTORES = ('mariadb', 'pxc')
TEMPLATE_NAME = 'galera.cnf'

PROVIDERS = {
    'mariadb': '/usr/lib/galera/libgalera_smm.so',
    'pxc': '/usr/lib/galera4/libgalera_smm.so',
    'pxc-5.7': '/usr/lib/galera3/libgalera_smm.so',
}
DEFAULT_SST = {'mariadb': 'rsync', 'pxc': 'xtrabackup-v2'}
SST_METHODS = {
    'mariadb': ('rsync', 'mariabackup', 'mysqldump'),
    'pxc': ('xtrabackup-v2', 'rsync'),
}
# Methods whose donor logs into the server, so they need wsrep_sst_auth.
SST_AUTH_METHODS = ('mariabackup', 'mysqldump', 'xtrabackup-v2')
PXC_STRICT_MODES = ('DISABLED', 'PERMISSIVE', 'ENFORCING', 'MASTER')

_PLAIN = re.compile(r'^[A-Za-z0-9_.:/@+=,\-\[\]]+$')
_MEMBERS_LINE = re.compile(r'^(\s*wsrep_cluster_address\s*=).*$', re.M)

NodePaths = collections.namedtuple('NodePaths', [
    'base', 'data', 'run', 'log', 'tmp', 'files', 'plugins', 'conf',
    'config_file', 'admin_file', 'socket', 'pid_file', 'node_pid_file',
    'error_log'])


def node_paths(base_dir):
    """Return the fixed on-disk layout of a node under ``base_dir``."""
    base = os.path.abspath(base_dir)
    run = os.path.join(base, 'run')
    conf = os.path.join(base, 'conf')
    log = os.path.join(base, 'log')
    return NodePaths(
        base=base, data=os.path.join(base, 'data'), run=run, log=log,
        tmp=os.path.join(base, 'tmp'), files=os.path.join(base, 'files'),
        plugins=os.path.join(base, 'plugins'), conf=conf,
        config_file=os.path.join(conf, TEMPLATE_NAME),
        admin_file=os.path.join(conf, 'admin.cnf'),
        socket=os.path.join(run, 'mysqld.sock'),
        pid_file=os.path.join(run, 'mysqld.pid'),
        node_pid_file=os.path.join(run, 'node.pid'),
        error_log=os.path.join(log, 'error.log'))


def buffer_pool_mb(memory_mb):
    """InnoDB buffer pool for an instance with ``memory_mb`` of RAM."""
    return max(64, int(memory_mb) // 2)


def needs_sst_user(datastore, sst_method, pxc_version='8.0'):
    """Whether the SST method needs a replication (SST) user.

    PXC 8.0 creates its own internal SST user and dropped wsrep_sst_auth.
    """
    if datastore == 'pxc' and not str(pxc_version).startswith('5.'):
        return False
    return sst_method in SST_AUTH_METHODS


def _plain(name, value):
    """Reject values that could break out of their config line."""
    value = str(value)
    if not _PLAIN.match(value):
        raise errors.ConfigError(
            '%s=%r is empty or has characters not allowed in the '
            'server configuration' % (name, value))
    return value


def _secret(name, value):
    if not value or any(c in value for c in '"\\') or any(
            ord(c) < 32 or ord(c) == 127 for c in value):
        # Never echo the value itself: it is a password.
        raise errors.ConfigError(
            '%s is empty or contains a quote, backslash or control '
            'character' % name)
    return value


def _int(name, value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number <= 0:
        raise errors.ConfigError('%s=%r must be a positive integer' % (
            name, value))
    return number


def _load_template(datastore):
    res = importlib.resources.files('galeratrove.guestagent.datastore')
    path = res.joinpath('templates', datastore, TEMPLATE_NAME)
    return string.Template(path.read_text(encoding='utf-8'))


_COMMON = ('cluster_name', 'node_name', 'node_address', 'base_dir',
           'members', 'port', 'bind_address', 'provider', 'sst_method',
           'sst_user', 'sst_password', 'memory_mb', 'gcache_mb',
           'galera_port', 'ist_port', 'sst_port')
_PXC_ONLY = ('pxc_version', 'strict_mode', 'encrypt_traffic')


def render(datastore, cluster_name, node_name, node_address, base_dir,
           members=(), **params):
    """Render the node configuration text for ``datastore``.

    Optional params: port, bind_address, provider, sst_method, sst_user,
    sst_password, memory_mb, gcache_mb, galera_port, ist_port, sst_port;
    for pxc also pxc_version ('8.0'), strict_mode, encrypt_traffic.
    """
    if datastore not in DATASTORES:
        raise errors.ConfigError('unknown datastore %r' % (datastore,))
    allowed = _COMMON + (_PXC_ONLY if datastore == 'pxc' else ())
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise errors.ConfigError('unknown config parameters: %s' % (
            ', '.join(unknown)))
    pxc_version = str(params.get('pxc_version', '8.0'))
    is_pxc57 = datastore == 'pxc' and pxc_version.startswith('5.')
    paths = node_paths(base_dir)
    address = _plain('node_address', node_address)
    provider = params.get('provider') or PROVIDERS[
        'pxc-5.7' if is_pxc57 else datastore]
    sst_method = params.get('sst_method') or DEFAULT_SST[datastore]
    methods = SST_METHODS[datastore]
    if datastore == 'pxc' and not is_pxc57:
        methods = ('xtrabackup-v2',)
    if sst_method not in methods:
        raise errors.ConfigError('sst_method %r is not one of %s' % (
            sst_method, ', '.join(methods)))
    if isinstance(members, str):
        members = [m for m in members.split(',') if m]
    values = {
        'cluster_name': _plain('cluster_name', cluster_name),
        'node_name': _plain('node_name', node_name),
        'node_address': address,
        'bind_address': _plain('bind_address',
                               params.get('bind_address') or address),
        'members': ','.join(_plain('member', m) for m in members),
        'port': _int('port', params.get('port', 3306)),
        'provider': _plain('provider', provider),
        'sst_method': sst_method,
        'buffer_pool_mb': buffer_pool_mb(
            _int('memory_mb', params.get('memory_mb', 1024))),
        'gcache_mb': _int('gcache_mb', params.get('gcache_mb', 128)),
        'galera_port': _int('galera_port', params.get('galera_port', 4567)),
        'ist_port': _int('ist_port', params.get('ist_port', 4568)),
        'sst_port': _int('sst_port', params.get('sst_port', 4444)),
        'sst_bind': '[%s]' % address if ':' in address else address,
        'sst_auth_line': _sst_auth_line(datastore, sst_method, pxc_version,
                                        params),
    }
    for key in ('socket', 'datadir', 'pid_file', 'tmpdir',
                'secure_file_priv', 'plugin_dir'):
        attr = {'datadir': 'data', 'tmpdir': 'tmp', 'plugin_dir': 'plugins',
                'secure_file_priv': 'files'}.get(key, key)
        values[key] = _plain(key, getattr(paths, attr))
    values['log_error'] = _plain('log_error', paths.error_log)
    if datastore == 'pxc':
        mode = str(params.get('strict_mode', 'ENFORCING')).upper()
        if mode not in PXC_STRICT_MODES:
            raise errors.ConfigError('strict_mode %r is not one of %s' % (
                mode, ', '.join(PXC_STRICT_MODES)))
        values['strict_mode'] = mode
        values['pxc_version'] = _plain('pxc_version', pxc_version)
        values['encrypt_traffic'] = (
            'ON' if params.get('encrypt_traffic', False) else 'OFF')
    return _load_template(datastore).substitute(values)


def _sst_auth_line(datastore, sst_method, pxc_version, params):
    user, password = params.get('sst_user'), params.get('sst_password')
    if not needs_sst_user(datastore, sst_method, pxc_version):
        return '# wsrep_sst_auth: not needed by this SST method'
    if not user or not password:
        raise errors.ConfigError(
            'sst_method %s needs sst_user and sst_password' % sst_method)
    user = _plain('sst_user', user)
    if ':' in user:
        raise errors.ConfigError('sst_user must not contain ":"')
    return 'wsrep_sst_auth = "%s:%s"' % (
        user, _secret('sst_password', password))


def write_config(path, text, owner=None, mode=0o600):
    """Atomically replace ``path`` with ``text``, created with ``mode``.

    The temporary file is created 0600 from the start so the secret is
    never readable by others, even briefly. ``owner`` is (uid, gid).
    """
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix='.%s.' % os.path.basename(path))
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if owner is not None:
            os.chown(tmp, owner[0], owner[1])
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def replace_members(text, members):
    """Return ``text`` with only the wsrep_cluster_address line changed."""
    address = ','.join(_plain('member', m) for m in members)
    new, count = _MEMBERS_LINE.subn(
        lambda m: '%s gcomm://%s' % (m.group(1), address), text, count=1)
    if count != 1:
        raise errors.ConfigError('no wsrep_cluster_address line to update')
    return new


def parse(text):
    """Parse option lines into {name: value}; sections are flattened.

    Option names are normalised to use '_' and the last one wins, as in
    the server. Surrounding double quotes are removed.
    """
    options = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in '#;[!':
            continue
        name, sep, value = line.partition('=')
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        options[name.strip().replace('-', '_')] = value if sep else None
    return options


def cluster_context(text):
    """Cluster settings read back from a rendered configuration."""
    options = parse(text)
    address = options.get('wsrep_cluster_address') or ''
    if address.startswith('gcomm://'):
        address = address[len('gcomm://'):]
    auth = options.get('wsrep_sst_auth') or ''
    return {
        'cluster_name': options.get('wsrep_cluster_name'),
        'node_name': options.get('wsrep_node_name'),
        'node_address': options.get('wsrep_node_address'),
        'sst_method': options.get('wsrep_sst_method'),
        'replication_user': auth.partition(':')[0] or None,
        'members': [m for m in address.split(',') if m],
    }
