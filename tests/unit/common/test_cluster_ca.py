"""The per-cluster CA: what it signs, for which names, and what it refuses."""

import ipaddress

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import serialization
from cryptography import x509
import pytest

from galeratrove.common import cluster_ca


def _ca():
    cert, key = cluster_ca.new_ca('c1')
    return cert, key


def test_ca_is_a_ca_and_self_signed():
    cert_pem, key_pem = _ca()
    cert = x509.load_pem_x509_certificate(cert_pem.encode())
    assert cert.extensions.get_extension_for_class(
        x509.BasicConstraints).value.ca is True
    cert.verify_directly_issued_by(cert)
    assert 'PRIVATE KEY' in key_pem and 'PRIVATE KEY' not in cert_pem


def test_node_certificate_names_the_given_addresses_only():
    ca_pem, ca_key = _ca()
    node_key = cluster_ca.new_key()
    csr = cluster_ca.new_csr(node_key, 'evil.example.com')
    pem = cluster_ca.sign(ca_pem, ca_key, csr, ['10.0.0.5', 'db-1.local'])
    cert = x509.load_pem_x509_certificate(pem.encode())
    ca = x509.load_pem_x509_certificate(ca_pem.encode())
    cert.verify_directly_issued_by(ca)
    san = cert.extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address('10.0.0.5')]
    assert san.get_values_for_type(x509.DNSName) == ['db-1.local']
    assert 'evil' not in cert.subject.rfc4514_string()
    # The certificate is for the node's own key, which the CA never saw.
    assert cert.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo) == \
        node_key.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo)
    assert cert.extensions.get_extension_for_class(
        x509.BasicConstraints).value.ca is False


def test_another_clusters_ca_does_not_verify_it():
    ca_pem, ca_key = _ca()
    other_pem, _ = _ca()
    pem = cluster_ca.sign(ca_pem, ca_key, cluster_ca.new_csr(
        cluster_ca.new_key(), 'x'), ['10.0.0.5'])
    cert = x509.load_pem_x509_certificate(pem.encode())
    with pytest.raises(Exception):
        cert.verify_directly_issued_by(
            x509.load_pem_x509_certificate(other_pem.encode()))


@pytest.mark.parametrize('csr, names', [
    ('not a csr', ['10.0.0.5']),
    (None, []),
])
def test_refuses_garbage_and_nameless_requests(csr, names):
    ca_pem, ca_key = _ca()
    if csr is None:
        csr = cluster_ca.new_csr(cluster_ca.new_key(), 'x')
    with pytest.raises(cluster_ca.CSRRefused):
        cluster_ca.sign(ca_pem, ca_key, csr, names)


def test_node_keys_are_ec():
    assert isinstance(cluster_ca.new_key(), ec.EllipticCurvePrivateKey)
