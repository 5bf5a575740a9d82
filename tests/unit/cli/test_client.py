"""The CLI's REST client: endpoints, errors, paging and name lookups."""

from keystoneauth1 import exceptions as ks_exc
import pytest

from galeratrove.cli import client as gt_client
from tests.unit.cli import fakes


@pytest.mark.parametrize('url, project, expected', [
    ('http://h:8779/v1.0/abc', None, 'http://h:8779/v1.0/abc'),
    ('http://h:8779/v1.0/abc/', 'x', 'http://h:8779/v1.0/abc'),
    ('http://h:8779/v1.0', 'p1', 'http://h:8779/v1.0/p1'),
    ('http://h:8779/v1.0/', 'p1', 'http://h:8779/v1.0/p1'),
    ('http://h:8779', 'p1', 'http://h:8779/v1.0/p1'),
    ('https://h/database/v1.0', 'p1', 'https://h/database/v1.0/p1'),
])
def test_with_project(url, project, expected):
    assert gt_client.with_project(url, project) == expected


def test_endpoint_without_project_is_an_error():
    with pytest.raises(gt_client.CLIError,
                       match=r'does not name a project: use '
                             r'http://h:8779/v1\.0/<project id>'):
        gt_client.with_project('http://h:8779', None)


def test_resolve_endpoint_from_catalog_or_override():
    session = fakes.Session(endpoint='http://cat:8779/v1.0',
                            project_id='p9')
    assert gt_client.resolve_endpoint(
        session, interface='internal', region_name='R2') == \
        'http://cat:8779/v1.0/p9'
    assert session.endpoint_kwargs == {'service_type': 'database',
                                       'interface': 'internal',
                                       'region_name': 'R2'}
    assert gt_client.resolve_endpoint(
        session, override='http://o:1/v1.0') == 'http://o:1/v1.0/p9'


def test_no_catalog_entry_is_explained():
    session = fakes.Session(endpoint=None)
    with pytest.raises(gt_client.CLIError, match="No 'database' endpoint"):
        gt_client.resolve_endpoint(session)

    class Missing(fakes.Session):
        def get_endpoint(self, **kwargs):
            raise ks_exc.EndpointNotFound()
    with pytest.raises(gt_client.CLIError, match='OS_AUTH_TYPE=none'):
        gt_client.resolve_endpoint(Missing())


def api(routes=None):
    session = fakes.Session(routes)
    return gt_client.Client(session, fakes.ENDPOINT), session


def test_api_errors_carry_the_fault_message():
    client, _ = api({('GET', '/clusters/x'): [fakes.fault(
        404, 'Cluster x could not be found.', 'itemNotFound')]})
    with pytest.raises(gt_client.APIError) as e:
        client.get('/clusters/x')
    assert str(e.value) == 'Cluster x could not be found. (HTTP 404)'
    assert e.value.code == 404


@pytest.mark.parametrize('body, reason, message', [
    ('Service Unavailable', 'SU', 'Service Unavailable'),
    ('<html><body>oops</body></html>', 'Bad Gateway', 'Bad Gateway'),
    ({'error': 'x'}, 'Teapot', '{"error": "x"}'),
])
def test_non_trove_errors(body, reason, message):
    assert gt_client.api_message(
        fakes.Response(502, body, reason=reason)) == message


def test_requests_are_json_and_secrets_are_not_logged():
    client, session = api({('POST', '/clusters/c1/root'): [
        (200, {'user': {'name': 'root', 'password': 'pw'}})],
        ('DELETE', '/clusters/c1'): [(202, None)]})
    assert client.post('/clusters/c1/root', {'password': 'pw'},
                       secret=True)['user']['password'] == 'pw'
    method, path, _query, body, kwargs = session.requests[-1]
    assert kwargs['log'] is False and body == {'password': 'pw'}
    assert kwargs['raise_exc'] is False
    assert client.delete('/clusters/c1') is None
    assert session.requests[-1][4]['log'] is True


def test_a_body_that_is_not_json_is_an_error():
    client, _ = api({('GET', '/flavors'): [(200, 'not json')]})
    with pytest.raises(gt_client.CLIError, match='not JSON'):
        client.get('/flavors')


def _pages(names, page=2):
    """A /clusters route paging ``names`` like the server does."""
    clusters = [fakes.cluster(cid='id-' + n, name=n) for n in names]

    def answer(query, _body):
        ids = [c['id'] for c in clusters]
        start = ids.index(query['marker']) + 1 if 'marker' in query else 0
        limit = min(int(query.get('limit', page)), page)
        rows = clusters[start:start + limit]
        body = {'clusters': rows}
        if start + limit < len(clusters):
            body['links'] = [{'rel': 'next', 'href': (
                'http://x/v1.0/proj/clusters?limit=%d&marker=%s'
                % (limit, rows[-1]['id']))}]
        return 200, body
    return answer


def test_list_follows_next_links():
    client, session = api({('GET', '/clusters'): [_pages('abcde')]})
    assert [c['name'] for c in client.list_clusters()] == list('abcde')
    assert [q for _m, _p, q, _b, _k in session.requests] == [
        {}, {'marker': 'id-b'}, {'marker': 'id-d'}]


def test_list_with_limit_and_marker():
    client, session = api({('GET', '/clusters'): [_pages('abcde')]})
    assert [c['name'] for c in client.list_clusters(limit=3)] == list('abc')
    assert [q for _m, _p, q, _b, _k in session.requests] == [
        {'limit': '3'}, {'limit': '1', 'marker': 'id-b'}]
    assert [c['name'] for c in client.list_clusters(
        limit=1, marker='id-c')] == ['d']


def test_find_cluster_by_id_then_unique_name():
    client, _ = api({
        ('GET', '/clusters/id-a'): [(200, {'cluster': fakes.cluster(
            cid='id-a', name='a')})],
        ('GET', '/clusters'): [_pages(['a', 'b', 'twin', 'twin'])]})
    assert client.find_cluster('id-a')['name'] == 'a'
    assert client.find_cluster('b')['id'] == 'id-b'
    with pytest.raises(gt_client.CLIError) as e:
        client.find_cluster('twin')
    assert str(e.value) == ("More than one cluster is named 'twin' "
                            "(id-twin, id-twin); use its ID.")
    with pytest.raises(gt_client.APIError) as e:
        client.find_cluster('nope')
    assert str(e.value) == 'No route GET /clusters/nope. (HTTP 404)'


def test_find_cluster_does_not_hide_other_errors():
    client, _ = api({('GET', '/clusters/x'): [fakes.fault(
        403, 'Policy does not allow it.', 'forbidden')]})
    with pytest.raises(gt_client.APIError, match='HTTP 403'):
        client.find_cluster('x')


def test_find_flavor_by_id_or_name():
    client, _ = api({('GET', '/flavors'): [(200, {'flavors': [
        {'id': '1', 'name': 'm1.tiny'}, {'id': 2, 'name': 'm1.small'},
        {'id': '3', 'name': 'dup'}, {'id': '4', 'name': 'dup'}]})]})
    assert client.find_flavor_id('1') == '1'
    assert client.find_flavor_id('m1.small') == '2'
    with pytest.raises(gt_client.CLIError, match='More than one flavor'):
        client.find_flavor_id('dup')
    with pytest.raises(gt_client.CLIError, match="'m9' exists"):
        client.find_flavor_id('m9')


def test_find_member():
    cluster = fakes.cluster(members=[
        fakes.member('p-1'), fakes.member('p-2'),
        fakes.member('dup', iid='d1'), fakes.member('dup', iid='d2')])
    assert gt_client.find_member(cluster, 'id-p-2')['name'] == 'p-2'
    assert gt_client.find_member(cluster, 'p-1')['id'] == 'id-p-1'
    with pytest.raises(gt_client.CLIError, match='More than one instance'):
        gt_client.find_member(cluster, 'dup')
    with pytest.raises(gt_client.CLIError,
                       match="Cluster products has no instance with a name "
                             "or ID of 'p-9'"):
        gt_client.find_member(cluster, 'p-9')
