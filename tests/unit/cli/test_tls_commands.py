"""cluster-create --tls and cluster-ca: what they send and print."""

from tests.unit.cli import fakes
from tests.unit.cli.test_main import cli
from tests.unit.cli.test_main import session  # noqa: F401 (fixture)

PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'


def test_create_with_tls_sends_the_flag_and_shows_it(session):  # noqa
    created = dict(fakes.cluster('BUILDING'), tls=True)
    session.add('POST', '/clusters', (200, {'cluster': created}))
    code, out, err = cli('cluster-create', 'products', 'mariadb', '10',
                         '--instance', 'flavor_id=7,volume=2', '--tls')
    assert (code, err) == (0, '')
    assert session.requests[-1][3]['cluster']['tls'] is True
    assert [ln for ln in out.splitlines() if '| tls ' in ln]
    cli('cluster-create', 'p2', 'mariadb', '10', '--instance',
        'flavor_id=7,volume=2')
    assert 'tls' not in session.requests[-1][3]['cluster']


def test_cluster_ca_prints_or_saves_the_pem(session, tmp_path):  # noqa
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster()}))
    session.add('GET', '/clusters/c1/ca', (200, {'ca_certificate': PEM}))
    code, out, _err = cli('cluster-ca', 'c1')
    assert (code, out) == (0, PEM)
    target = tmp_path / 'ca.pem'
    code, out, _err = cli('cluster-ca', 'c1', '--file', target)
    assert (code, out) == (0, '')
    assert target.read_text() == PEM


def test_cluster_ca_of_a_plain_cluster_fails_clearly(session):  # noqa
    session.add('GET', '/clusters/c1', (200, {'cluster': fakes.cluster()}))
    session.add('GET', '/clusters/c1/ca', (404, fakes.fault(
        404, 'Cluster c1 was created without TLS: it has no CA.',
        'itemNotFound')))
    code, _out, err = cli('cluster-ca', 'c1')
    assert code != 0 and 'without TLS' in err
