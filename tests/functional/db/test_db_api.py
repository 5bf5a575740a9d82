"""The DB API and migrations on SQLite, MariaDB and PostgreSQL."""

from alembic import autogenerate
from alembic import migration as alembic_migration
from oslo_db import exception as db_exc
import pytest
import sqlalchemy as sa

from galeratrove.common import exception
from galeratrove.db import api as db_api
from galeratrove.db import migration
from galeratrove.db import models

LIMITS = {'instances': 10, 'volumes': 20}


def _specs(n, flavor='2', size=2):
    return [{'flavor_id': flavor, 'volume_size': size} for _ in range(n)]


def _version():
    return db_api.datastore_version_update('mariadb', '10.11', 'mariadb')


def test_migrations_match_models(database):
    with db_api.get_engine().connect() as conn:
        ctx = alembic_migration.MigrationContext.configure(conn)
        diff = autogenerate.compare_metadata(ctx, models.Base.metadata)
    assert diff == []
    assert migration.version() == migration.head()


def test_downgrade_and_upgrade_again(database):
    migration.downgrade('base')
    assert migration.version() is None
    migration.upgrade()
    assert migration.version() == migration.head()


def test_migrations_keep_the_rows_of_a_database_in_use(database):
    """On SQLite a table copy of clusters must not trip its references."""
    cluster_id, _op = db_api.cluster_create('t1', 'prod', _version().id,
                                            _specs(3), LIMITS, 2)
    migration.downgrade('0006')
    migration.upgrade()
    assert migration.version() == migration.head()
    cluster = db_api.cluster_get(cluster_id, 't1')
    assert [i.name for i in cluster.instances] == [
        'prod-1', 'prod-2', 'prod-3']
    table = models.Instance.__table__
    with db_api.get_engine().connect() as conn:
        row = dict(conn.execute(sa.select(table).limit(1)).mappings().one())
    row.update(id='orphan', name='orphan', cluster_id='no-such-cluster')
    with pytest.raises(db_exc.DBReferenceError):  # enforced again
        with db_api.get_engine().begin() as conn:
            conn.execute(table.insert().values(**row))


def test_datastore_update_is_idempotent(database):
    first = _version()
    again = db_api.datastore_version_update('mariadb', '10.11', 'mariadb',
                                            active=False)
    assert first.id == again.id
    assert db_api.datastore_version_get('mariadb', '10.11').active is False
    ds = db_api.datastore_get('mariadb')
    assert ds.default_version_id == first.id
    with pytest.raises(exception.DatastoreVersionNotFound):
        db_api.datastore_version_get('mariadb', '99')


def test_cluster_create_records_everything_at_once(database):
    dsv = _version()
    cluster_id, op_id = db_api.cluster_create('t1', 'prod', dsv.id,
                                              _specs(3), LIMITS, 2)
    cluster = db_api.cluster_get(cluster_id, 't1')
    assert [i.name for i in cluster.instances] == [
        'prod-1', 'prod-2', 'prod-3']
    assert cluster.datastore_version.datastore.name == 'mariadb'
    op = db_api.operation_get(op_id)
    assert op.state == 'PENDING' and op.kind == 'create'
    assert sorted(op.params['instances']) == sorted(
        i.id for i in cluster.instances)
    assert db_api.quota_usage('t1') == {'instances': 3, 'volumes': 6}


def test_quota_refusal_writes_nothing(database):
    dsv = _version()
    with pytest.raises(exception.QuotaExceeded) as err:
        db_api.cluster_create('t1', 'big', dsv.id, _specs(3, size=8),
                              LIMITS, 2)
    assert 'volumes' in str(err.value)
    assert db_api.cluster_list('t1', 10) == ([], False)
    assert db_api.quota_usage('t1') in ({}, {'instances': 0, 'volumes': 0})
    db_api.quota_set('t1', 'volumes', 100)
    limits = db_api.quota_limits('t1', LIMITS)
    assert limits == {'instances': 10, 'volumes': 100}
    db_api.cluster_create('t1', 'big', dsv.id, _specs(3, size=8), limits, 2)


def test_pagination_is_ordered_and_scoped(database):
    dsv = _version()
    ids = [db_api.cluster_create('t1', 'c%d' % n, dsv.id, _specs(1),
                                 {}, 1)[0] for n in range(5)]
    db_api.cluster_create('t2', 'other', dsv.id, _specs(1), {}, 1)
    page, more = db_api.cluster_list('t1', 2)
    seen = [c.id for c in page]
    assert more
    while more:
        page, more = db_api.cluster_list('t1', 2, marker=seen[-1])
        seen += [c.id for c in page]
    assert sorted(seen) == sorted(ids) and len(seen) == 5
    assert len(set(seen)) == 5
    with pytest.raises(exception.ClusterNotFound):
        db_api.cluster_get(ids[0], 't2')


def test_grow_busy_and_destroy_release_quota(database):
    dsv = _version()
    cluster_id, _ = db_api.cluster_create('t1', 'prod', dsv.id, _specs(3),
                                          LIMITS, 2)
    with pytest.raises(exception.ClusterBusy):
        db_api.cluster_grow('t1', cluster_id, _specs(1), LIMITS, 5, 1)
    db_api.cluster_update(cluster_id, task_id=1)
    op_id = db_api.cluster_grow('t1', cluster_id,
                                [{'flavor_id': '3', 'volume_size': 4,
                                  'name': 'extra'}], LIMITS, 5, 1)
    cluster = db_api.cluster_get(cluster_id)
    assert cluster.task_id == 5
    assert [i.name for i in cluster.instances][-1] == 'extra'
    assert db_api.operation_get(op_id).kind == 'grow'
    assert db_api.quota_usage('t1') == {'instances': 4, 'volumes': 10}
    victim = cluster.instances[0]
    db_api.instance_destroy(victim.id)
    assert db_api.quota_usage('t1') == {'instances': 3, 'volumes': 8}
    db_api.cluster_destroy(cluster_id)
    assert db_api.quota_usage('t1') == {'instances': 0, 'volumes': 0}
    with pytest.raises(exception.ClusterNotFound):
        db_api.cluster_get(cluster_id)


def test_new_names_continue_the_numbering(database):
    dsv = _version()
    cluster_id, _ = db_api.cluster_create('t1', 'db', dsv.id, _specs(3),
                                          LIMITS, 1)
    last = db_api.cluster_get(cluster_id).instances[-1]
    db_api.instance_destroy(last.id)
    db_api.cluster_grow('t1', cluster_id, _specs(1), LIMITS, 5, 1)
    names = [i.name for i in db_api.cluster_get(cluster_id).instances]
    assert names == ['db-1', 'db-2', 'db-4']


def test_operations_steps_and_cancellation(database):
    dsv = _version()
    cluster_id, op_id = db_api.cluster_create('t1', 'x', dsv.id, _specs(3),
                                              LIMITS, 2)
    step = db_api.step_start(op_id, 'boot 3 instances')
    db_api.step_finish(step, 'FAILED', 'no capacity')
    assert [o.id for o in db_api.operation_list_unfinished()] == [op_id]
    delete_op = db_api.cluster_begin('t1', cluster_id, 'delete', {}, 3,
                                     {1, 2, 5, 6})
    db_api.operation_cancel_unfinished(cluster_id, except_id=delete_op)
    assert db_api.operation_get(op_id).state == 'CANCELLED'
    steps = db_api.operation_get(op_id).steps
    assert [(s.name, s.state, s.detail) for s in steps] == [
        ('boot 3 instances', 'FAILED', 'no capacity')]
    assert [o.id for o in db_api.operation_list_unfinished()] == [delete_op]
    with pytest.raises(exception.ClusterBusy):
        db_api.cluster_begin('t1', cluster_id, 'delete', {}, 3, {1, 2, 5, 6})


def test_heartbeat_report_derives_status(database):
    dsv = _version()
    cluster_id, _ = db_api.cluster_create('t1', 'x', dsv.id, _specs(1),
                                          LIMITS, 1)
    inst = db_api.cluster_get(cluster_id).instances[0]
    db_api.instance_update(inst.id, status='ACTIVE')
    assert db_api.instance_report(inst.id, {'running': False}, 0.5,
                                  derive=lambda cur, st: 'SHUTDOWN')
    row = db_api.instance_get(inst.id)
    assert (row.status, row.volume_used) == ('SHUTDOWN', 0.5)
    assert row.guest_status == {'running': False}
    db_api.instance_destroy(inst.id)
    assert not db_api.instance_report(inst.id, {'running': True})


def test_list_makes_no_query_per_row(database):
    dsv = _version()
    for n in range(6):
        db_api.cluster_create('t1', 'c%d' % n, dsv.id, _specs(3), {}, 1)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db_api.get_engine()
    sa.event.listen(engine, 'before_cursor_execute', count)
    try:
        rows, _ = db_api.cluster_list('t1', 20)
        assert len(rows) == 6
        assert all(len(r.instances) == 3 and r.datastore_version.datastore
                   for r in rows)
    finally:
        sa.event.remove(engine, 'before_cursor_execute', count)
    selects = [s for s in statements if s.lstrip().upper().startswith(
        'SELECT')]
    assert len(selects) <= 4, selects
