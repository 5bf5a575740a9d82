"""TLS on a node: its own key and CSR, the signed certificate, the config.

The key is made here and never leaves the node: the control plane gets a
CSR and sends back a certificate its cluster CA signed, with the CA's
certificate. Every file is 0600, owned by the user the server runs as.
Clients (``require_secure_transport``; the unix socket stays allowed for
the agent), Galera replication (``socket.ssl_*``) and SST (``[sst]``:
stunnel for rsync, socat with OpenSSL for mariabackup) all use them.
"""

import collections
import os
import re

from cryptography.hazmat.primitives import serialization

from galeratrove.common import cluster_ca
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors

BEGIN = '# BEGIN TLS (managed by galeratrove)'
END = '# END TLS'
_PROVIDER_LINE = re.compile(r'^(\s*wsrep_provider_options\s*=\s*")(.*)"\s*$',
                            re.M)

TLSPaths = collections.namedtuple('TLSPaths', 'key cert ca')


def paths(node_paths):
    """Where a node keeps its TLS files (in its conf/ directory)."""
    return TLSPaths(key=os.path.join(node_paths.conf, 'tls-key.pem'),
                    cert=os.path.join(node_paths.conf, 'tls-cert.pem'),
                    ca=os.path.join(node_paths.conf, 'tls-ca.pem'))


def request(node_paths, address, owner=None):
    """A CSR for this node's key; the key is made once and kept.

    A repeated request (a resumed flow) signs the same key again.
    """
    files = paths(node_paths)
    os.makedirs(node_paths.conf, mode=0o750, exist_ok=True)
    try:
        with open(files.key, 'rb') as f:
            key = serialization.load_pem_private_key(f.read(), None)
    except FileNotFoundError:
        key = cluster_ca.new_key()
        config.write_config(files.key, cluster_ca.key_pem(key), owner)
    return cluster_ca.new_csr(key, address)


def install(node_paths, certificate, ca_certificate, owner=None):
    """Write the signed certificate and the CA's; both must be PEM."""
    for name, pem in (('certificate', certificate),
                      ('CA certificate', ca_certificate)):
        if not isinstance(pem, str) or '-----BEGIN CERTIFICATE-----' \
                not in pem:
            raise errors.ConfigError('the %s is not PEM' % name)
    files = paths(node_paths)
    if not os.path.exists(files.key):
        raise errors.ConfigError('no TLS key on this node: request first')
    config.write_config(files.cert, certificate, owner)
    config.write_config(files.ca, ca_certificate, owner)


class NodeTLS:
    """A node's side of the CSR flow, for data nodes and garbd alike.

    The node class gives ``paths``, ``address``, ``_make_dirs()`` and
    ``_owner()`` (who its TLS files belong to).
    """

    def tls_request(self):
        """A CSR for this node's own key (made here, kept here)."""
        self._make_dirs()
        return request(self.paths, self.address, self._owner())

    def tls_install(self, certificate, ca_certificate):
        install(self.paths, certificate, ca_certificate, self._owner())


def installed(node_paths):
    return all(os.path.exists(p) for p in paths(node_paths))


def remove(node_paths):
    for path in paths(node_paths):
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def provider_options(node_paths):
    """Galera's own TLS (replication, and garbd's membership traffic)."""
    files = paths(node_paths)
    for path in files:
        config._plain('tls file', path)
    if not installed(node_paths):
        raise errors.ConfigError('TLS is on but this node has no '
                                 'certificate installed')
    return ('socket.ssl=yes; socket.ssl_key=%s; socket.ssl_cert=%s; '
            'socket.ssl_ca=%s' % (files.key, files.cert, files.ca))


def apply(text, node_paths):
    """``text`` with TLS for clients, replication and SST."""
    files = paths(node_paths)
    socket_opts = provider_options(node_paths)
    text, count = _PROVIDER_LINE.subn(
        lambda m: '%s%s; %s"' % (m.group(1), m.group(2), socket_opts),
        text, count=1)
    if count != 1:
        raise errors.ConfigError('no wsrep_provider_options line for TLS')
    block = [
        BEGIN, '[mysqld]',
        'ssl_ca = %s' % files.ca, 'ssl_cert = %s' % files.cert,
        'ssl_key = %s' % files.key,
        # TCP clients need TLS; the agent's unix socket stays allowed.
        'require_secure_transport = ON',
        '[sst]',
        # rsync: stunnel; mariabackup: socat with OpenSSL (encrypt=3).
        'encrypt = 3', 'ssl-mode = VERIFY_CA',
        'tca = %s' % files.ca, 'tcert = %s' % files.cert,
        'tkey = %s' % files.key,
        END]
    return text.rstrip('\n') + '\n\n' + '\n'.join(block) + '\n'
