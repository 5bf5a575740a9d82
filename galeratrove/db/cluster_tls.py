"""A TLS cluster's CA in SQL: made at create, its key sealed at rest.

Only this module opens the CA key, to sign a node's CSR; the key never
leaves the control plane and is never logged.
"""

import uuid

from galeratrove.common import cluster_ca
from galeratrove.common import sealing
from galeratrove.db import api as db_api

PURPOSE = b'cluster CA keys'


def new_ca():
    """(CA certificate, sealed key) for db_api.cluster_create."""
    cert, key = cluster_ca.new_ca(uuid.uuid4().hex)
    return cert, sealing.seal_at_rest(PURPOSE, key)


def sign(cluster_id, csr_pem, names):
    """The node certificate the cluster's CA signs for ``names``."""
    cluster = db_api.cluster_get(cluster_id)
    if not cluster.tls or not cluster.ca_key:
        raise cluster_ca.CSRRefused(reason='cluster %s has no CA'
                                    % cluster_id)
    return cluster_ca.sign(cluster.ca_certificate,
                           sealing.open_at_rest(PURPOSE, cluster.ca_key),
                           csr_pem, names)
