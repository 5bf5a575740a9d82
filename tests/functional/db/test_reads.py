"""The API's read queries on SQLite, MariaDB and PostgreSQL."""

import pytest
import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.db import api as db_api
from galeratrove.db import reads


def _cluster(name, tenant='t1', members=3):
    dsv = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    cluster_id, _ = db_api.cluster_create(
        tenant, name, dsv.id,
        [{'flavor_id': '2', 'volume_size': 2}] * members, {}, 1)
    return db_api.cluster_get(cluster_id)


@pytest.fixture
def statements():
    """Every SQL statement run on any engine while the test runs."""
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)
    sa.event.listen(sa.engine.Engine, 'before_cursor_execute', count)
    yield seen
    sa.event.remove(sa.engine.Engine, 'before_cursor_execute', count)


def test_pages_are_ordered_scoped_and_one_query_each(database, statements):
    ids = [_cluster('c%d' % n).id for n in range(5)]
    _cluster('other', tenant='t2')
    gone = _cluster('gone')
    db_api.cluster_destroy(gone.id)
    del statements[:]
    page, more = reads.cluster_page('t1', 2)
    assert len(statements) == 1
    seen = [c.id for c in page]
    while more:
        page, more = reads.cluster_page('t1', 2, marker=seen[-1])
        seen += [c.id for c in page]
    assert sorted(seen) == sorted(ids)
    assert seen == [c.id for c in db_api.cluster_list('t1', 20)[0]]
    assert all(len(c.instances) == 3 for c in page)
    assert page[0].datastore_version.datastore.name == 'mariadb'
    assert page[0].datastore_version.name == '10.11'
    with pytest.raises(exception.ClusterNotFound):
        reads.cluster_page('t2', 2, marker=ids[0])
    with pytest.raises(exception.ClusterNotFound):
        reads.cluster_page('t1', 2, marker=gone.id)


def test_show_has_live_members_in_order(database, statements):
    cluster = _cluster('prod', members=4)
    members = cluster.instances
    db_api.instance_destroy(members[1].id)
    del statements[:]
    row = reads.cluster_show(cluster.id, 't1')
    assert len(statements) == 1
    assert [i.id for i in row.instances] == [
        members[0].id, members[2].id, members[3].id]
    assert (row.name, row.task_id, row.created) == (
        'prod', 1, cluster.created)
    with pytest.raises(exception.ClusterNotFound):
        reads.cluster_show(cluster.id, 't2')


def test_member_view_and_its_refusals(database):
    cluster = _cluster('prod')
    first, second = cluster.instances[:2]
    db_api.instance_report(first.id, {'wsrep_ready': 'ON'}, volume_used=0.5)
    db_api.instance_destroy(second.id)
    row, member = reads.cluster_member(cluster.id, first.id, 't1')
    assert (row.id, member.id, member.guest_status, member.volume_used) == (
        cluster.id, first.id, {'wsrep_ready': 'ON'}, 0.5)
    with pytest.raises(exception.InstanceNotFound):
        reads.cluster_member(cluster.id, second.id, 't1')
    with pytest.raises(exception.ClusterNotFound):
        reads.cluster_member(cluster.id, first.id, 't2')
    other = _cluster('other')
    with pytest.raises(exception.InstanceNotFound):
        reads.cluster_member(other.id, first.id, 't1')


def test_full_show_and_instance_view_and_their_refusals(database,
                                                        statements):
    cluster = _cluster('prod', members=4)
    first, second = cluster.instances[:2]
    db_api.instance_report(first.id, {'wsrep_ready': 'ON'}, volume_used=0.5)
    db_api.instance_destroy(second.id)
    del statements[:]
    row = reads.cluster_show(cluster.id, 't1', full=True)
    assert len(statements) == 1
    assert [i.id for i in row.instances] == [
        i.id for i in cluster.instances if i.id != second.id]
    assert (row.instances[0].guest_status, row.instances[0].volume_used) == (
        {'wsrep_ready': 'ON'}, 0.5)
    del statements[:]
    row, member = reads.instance_show(first.id, 't1')
    assert len(statements) == 1
    assert (row.id, member.id, member.guest_status, member.volume_used) == (
        cluster.id, first.id, {'wsrep_ready': 'ON'}, 0.5)
    assert row.datastore_version.name == '10.11'
    for instance_id, tenant in ((second.id, 't1'), (first.id, 't2'),
                                ('no-such-id', 't1')):
        with pytest.raises(exception.InstanceNotFound):
            reads.instance_show(instance_id, tenant)


def test_views_of_reads_rows_equal_those_of_orm_rows(database):
    """Same bodies whichever rows the views are given."""
    from galeratrove.api import views
    cluster = _cluster('prod')
    first = cluster.instances[0]
    db_api.instance_report(first.id, {'wsrep_ready': 'ON'}, volume_used=0.5)
    db_api.instance_update(first.id, addresses=['127.1.2.3', '::1'],
                           fault_message='disk full')
    orm = db_api.cluster_get(cluster.id, 't1')
    url = 'http://127.0.0.1:8779'
    assert views.cluster(url, reads.cluster_show(cluster.id, 't1')) == \
        views.cluster(url, orm)
    full = reads.cluster_show(cluster.id, 't1', full=True)
    assert [views.cluster_instance(url, full, i) for i in full.instances] \
        == [views.cluster_instance(url, orm, i) for i in orm.instances]
    row, member = reads.instance_show(first.id, 't1')
    assert views.cluster_instance(url, row, member) == \
        views.cluster_instance(url, orm, orm.instances[0])
