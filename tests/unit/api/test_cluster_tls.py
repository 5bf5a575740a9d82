"""TLS at create: the flag's validation, the view, the CA sub-resource."""

from cryptography import x509
import pytest

from galeratrove.common import sealing
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.db import cluster_tls
from tests.unit.api.conftest import cluster_body
from tests.unit.api.conftest import fault

URL = '/v1.0/t1/clusters'


def create(api, tenant='t1', **kw):
    return api.post_json('/v1.0/%s/clusters' % tenant, cluster_body(**kw),
                         expect_errors=True)


@pytest.mark.parametrize('value', ['yes', 1, None, [], {}])
def test_tls_must_be_a_boolean(api, value):
    name, message = fault(create(api, tls=value), 400)
    assert name == 'badRequest' and 'tls' in message
    assert api.get(URL).json['clusters'] == []


def test_without_tls_the_view_says_false_and_there_is_no_ca(api):
    c = create(api).json['cluster']
    assert c['tls'] is False
    assert db_api.cluster_get(c['id']).ca_key is None
    fault(api.get('%s/%s/ca' % (URL, c['id']), expect_errors=True), 404)


def test_tls_cluster_gets_a_ca_whose_key_stays_sealed(api):
    resp = create(api, tls=True)
    c = resp.json['cluster']
    assert c['tls'] is True
    assert 'PRIVATE' not in resp.text
    shown = api.get('%s/%s' % (URL, c['id']))
    assert shown.json['cluster']['tls'] is True
    assert 'PRIVATE' not in shown.text
    pem = api.get('%s/%s/ca' % (URL, c['id'])).json['ca_certificate']
    cert = x509.load_pem_x509_certificate(pem.encode())
    assert cert.extensions.get_extension_for_class(
        x509.BasicConstraints).value.ca is True
    raw = api.get('%s/%s/ca' % (URL, c['id']),
                  headers={'Accept': 'application/x-pem-file'})
    assert raw.content_type == 'application/x-pem-file'
    assert raw.text == pem
    row = db_api.cluster_get(c['id'])
    assert 'PRIVATE' not in row.ca_key
    assert 'PRIVATE KEY' in sealing.open_at_rest(cluster_tls.PURPOSE,
                                                 row.ca_key)


def test_another_tenant_gets_404_for_the_ca(api):
    c = create(api, tls=True).json['cluster']
    fault(api.get('/v1.0/t2/clusters/%s/ca' % c['id'], expect_errors=True),
          404)


def test_the_datastore_default_applies_when_the_request_is_silent(api):
    CONF.set_override('tls_default', True, group='mariadb')
    try:
        assert create(api).json['cluster']['tls'] is True
        assert create(api, tls=False).json['cluster']['tls'] is False
    finally:
        CONF.clear_override('tls_default', group='mariadb')


def test_an_arbitrator_is_part_of_a_tls_cluster(api):
    """garbd gets a certificate like a data node.

    The taskmanager issues one to every new instance of a TLS cluster.
    """
    body = cluster_body(n=2, tls=True)
    body['cluster']['instances'].append({'flavorRef': '2',
                                         'type': 'arbitrator'})
    c = api.post_json(URL, body).json['cluster']
    assert c['tls'] is True
    types = sorted(i.type for i in db_api.cluster_get(c['id']).instances)
    assert types == ['arbitrator', 'member', 'member']
