"""A per-cluster certificate authority (the ``cryptography`` package).

The control plane keeps each TLS cluster's CA key (sealed at rest, see
db/cluster_tls.py) and signs the CSRs its nodes send: node keys are made
on the node and never leave it. Only certificates (public) travel.
"""

import datetime
import ipaddress

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID

from galeratrove.common import exception

CA_DAYS = 3650
NODE_DAYS = 825


class CSRRefused(exception.GaleraTroveError):
    message = 'Refused a certificate request: %(reason)s'


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def new_key():
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()


def new_ca(cluster_id):
    """(certificate PEM, private key PEM) of a new CA for one cluster."""
    key = new_key()
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'galeratrove'),
        x509.NameAttribute(NameOID.COMMON_NAME, 'cluster %s CA' % cluster_id)])
    now = _now()
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0),
                           critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True,
                content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(
                key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem(key)


def new_csr(key, common_name):
    """A node's request for ``common_name`` (its address)."""
    return (x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name([
                x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .sign(key, hashes.SHA256())
            .public_bytes(serialization.Encoding.PEM).decode())


def _san(names):
    entries = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def sign(ca_cert_pem, ca_key_pem, csr_pem, names):
    """A node certificate for the CSR's key, valid for ``names`` only.

    The SANs come from the control plane (the node's addresses and host
    name), never from the request: a node cannot ask for another's name.
    Serves both ends (server and client) of Galera, SST and SQL TLS.
    """
    names = [n for n in names if n]
    if not names:
        raise CSRRefused(reason='no address to certify')
    try:
        csr = x509.load_pem_x509_csr(csr_pem.encode())
    except (ValueError, TypeError, AttributeError) as e:
        raise CSRRefused(reason='not a PEM CSR (%s)' % e)
    if not csr.is_signature_valid:
        raise CSRRefused(reason='its signature does not verify')
    ca_cert = x509.load_pem_x509_certificate(ca_cert_pem.encode())
    ca_key = serialization.load_pem_private_key(ca_key_pem.encode(), None)
    now = _now()
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([
                x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca_cert.subject)
            .public_key(csr.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=NODE_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([
                x509.oid.ExtendedKeyUsageOID.SERVER_AUTH,
                x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(_san(names), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()
