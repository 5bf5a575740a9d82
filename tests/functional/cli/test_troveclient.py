"""python-troveclient v1 against the embedded service (no auth).

A keystoneauth1 session with the ``noauth`` plugin and the endpoint as
``endpoint_override``: what a script or Horizon-like client does without
Keystone. Two 1-node clusters are enough for paging, grow and shrink.
"""

from keystoneauth1 import noauth
from keystoneauth1 import session as ks_session
import pymysql
import pytest
from troveclient import exceptions as trove_exc
from troveclient.v1 import client as trove_client

from tests.functional.cli import mariadb_version
from tests.functional.cli import wait_task

pytestmark = pytest.mark.timeout(300)

ONE = [{'flavorRef': '1', 'volume': {'size': 1}}]


@pytest.fixture(scope='module')
def trove(url):
    sess = ks_session.Session(auth=noauth.NoAuth())
    return trove_client.Client(session=sess, endpoint_override=url)


@pytest.fixture(scope='module')
def version(url):
    return mariadb_version(url)


@pytest.fixture(scope='module')
def clusters(trove, url, version):
    made = [trove.clusters.create(name, 'mariadb', version, instances=ONE)
            for name in ('tc-a', 'tc-b')]
    for cluster in made:
        wait_task(url, cluster.id)
    return made


def test_datastores_versions_and_flavors(trove, version):
    names = [d.name for d in trove.datastores.list()]
    assert 'mariadb' in names
    assert [v.name for v in trove.datastore_versions.list('mariadb')] == [
        version]
    assert trove.datastore_versions.get('mariadb', version).name == version
    flavors = {str(f.id): f.name for f in trove.flavors.list()}
    assert flavors['1'] == 'm1.tiny'
    assert trove.flavors.get('2').name == 'm1.small'


def test_create_returns_the_building_cluster(trove, version):
    cluster = trove.clusters.create('tc-c', 'mariadb', version,
                                    instances=ONE)
    try:
        assert cluster.task['name'] == 'BUILDING'
        assert cluster.datastore == {'type': 'mariadb', 'version': version}
        assert [i['status'] for i in cluster.instances] == ['BUILD']
        assert cluster.instances[0]['volume'] == {'size': 1}
    finally:
        trove.clusters.delete(cluster.id)


def test_list_pages_with_limit_and_marker(trove, clusters):
    first = trove.clusters.list(limit=1)
    assert len(first) == 1 and first.next == first[0].id
    seen, page = [first[0].id], first
    while page.next:
        page = trove.clusters.list(limit=1, marker=page.next)
        assert len(page) <= 1
        seen.extend(c.id for c in page)
    assert len(seen) == len(set(seen))
    assert {c.id for c in clusters} <= set(seen)
    # Without a limit the server's page size (2) applies, with a next link.
    default = trove.clusters.list()
    assert [c.id for c in default] == seen[:2]
    assert default.next == (seen[1] if len(seen) > 2 else None)


def test_get_and_instance_views(trove, clusters):
    cluster = trove.clusters.get(clusters[0].id)
    assert cluster.name == 'tc-a' and cluster.task['name'] == 'NONE'
    member = cluster.instances[0]
    assert member['status'] == 'ACTIVE' and member['ip'] == cluster.ip[0]
    # GET /instances/{id}: where troveclient (and OSC's shrink) look.
    instance = trove.instances.get(member['id'])
    assert instance.cluster_id == cluster.id
    assert instance.name == 'tc-a-1' and instance.ip == [member['ip']]
    with pytest.raises(trove_exc.NotFound) as e:
        trove.clusters.get('no-such')
    assert 'Cluster no-such could not be found' in str(e.value)


def test_grow_then_shrink(trove, url, clusters):
    cluster = clusters[0]
    # troveclient's shell sends the size as a string.
    grown = trove.clusters.grow(cluster, instances=[
        {'flavorRef': '1', 'volume': {'size': '1'}, 'name': 'tc-a-new'}])
    assert grown.task['name'] == 'GROWING_CLUSTER'
    body = wait_task(url, cluster.id)
    names = {i['name']: i for i in body['instances']}
    assert set(names) == {'tc-a-1', 'tc-a-new'}
    assert names['tc-a-new']['status'] == 'ACTIVE'

    shrunk = trove.clusters.shrink(cluster, [{'id': names['tc-a-1']['id']}])
    assert shrunk.task['name'] == 'SHRINKING_CLUSTER'
    body = wait_task(url, cluster.id)
    assert [i['name'] for i in body['instances']] == ['tc-a-new']


def test_root_with_a_chosen_password(trove, clusters):
    cluster = clusters[1]
    assert trove.root.is_cluster_root_enabled(cluster.id).rootEnabled is False
    user, password = trove.root.create_cluster_root(
        cluster.id, root_password='Chosen-pw-42')
    assert (user, password) == ('root', 'Chosen-pw-42')
    node = trove.clusters.get(cluster.id).ip[0]
    conn = pymysql.connect(host=node, user='root', password=password,
                           connect_timeout=10)
    conn.close()
    assert trove.root.is_cluster_root_enabled(cluster.id).rootEnabled is True
    user, generated = trove.root.create_cluster_root(cluster.id)
    assert user == 'root' and generated not in ('', 'Chosen-pw-42')


def test_reset_status_and_delete(trove, url, clusters):
    trove.clusters.reset_status(clusters[1])
    assert trove.clusters.get(clusters[1].id).task['name'] == 'NONE'
    for cluster in clusters:
        trove.clusters.delete(cluster.id)
    for cluster in clusters:
        wait_task(url, cluster.id, gone=True)
    with pytest.raises(trove_exc.NotFound):
        trove.clusters.get(clusters[0].id)
