"""Free-text names give working clusters; force delete always ends.

A user's cluster name is shown as given and never reaches the server
configuration; an administrator's force delete (troveclient's reset and
delete) ends with the cluster gone and nothing left running or on disk,
even when the delete before it never ran.
"""

import os

import sqlalchemy as sa

from galeratrove.common import statuses
from galeratrove.db import api as db_api
from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters.conftest import wsrep
from tests.functional import helpers

HOSTILE = '-shop ñ 🚀 "q" it\'s ;#=[x] \\ end'


def test_a_hostile_name_gives_a_working_cluster(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, HOSTILE).id)
    assert cluster.name == HOSTILE
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    assert [i['name'] for i in cluster.instances] == [
        '%s-%d' % (HOSTILE, n) for n in (1, 2, 3)]
    password = tc.root.create_cluster_root(cluster.id)[1]
    first, last = cluster.instances[0], cluster.instances[-1]
    with connect(first['ip'], password) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE names')
        cur.execute('CREATE TABLE names.t (id INT PRIMARY KEY)')
        cur.execute('INSERT INTO names.t VALUES (1)')
    with connect(last['ip'], password) as conn, conn.cursor() as cur:
        cur.execute('SET SESSION wsrep_sync_wait = 1')
        cur.execute('SELECT id FROM names.t')
        assert cur.fetchall() == ((1,),)
        cur.execute('SELECT @@wsrep_node_name')
        assert cur.fetchone() == (last['id'],)
        assert int(wsrep(conn)['wsrep_cluster_size']) == 3
    assert tc.clusters.find(name=HOSTILE).id == cluster.id
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)


def _lose_the_delete(server, cluster):
    """A delete recorded (task DELETING) that no taskmanager ever runs."""
    db_api.configure('sqlite:///%s' % os.path.join(server.state,
                                                   'galeratrove.sqlite'))
    try:
        db_api.cluster_begin('demo', cluster.id, 'delete', {},
                             statuses.DELETING.id, {statuses.NONE.id})
    finally:
        db_api.get_engine().dispose()


def test_force_delete_ends_a_delete_that_never_finishes(server):
    tc = server.client()
    cluster = wait_task(tc, create(tc, 'stuck').id)
    ids = [i['id'] for i in cluster.instances]
    _lose_the_delete(server, cluster)
    assert tc.clusters.get(cluster.id).task['name'] == 'DELETING'
    tc.clusters.get(cluster.id).force_delete()
    wait_gone(tc, cluster.id)
    assert not any(os.path.exists(server.instance_dir(i)) for i in ids)
    assert server.node_pids() == []


def _current_step(server):
    engine = sa.create_engine('sqlite:///%s' % os.path.join(
        server.state, 'galeratrove.sqlite'))
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.text(
                "SELECT name FROM operation_steps WHERE state = 'RUNNING' "
                "ORDER BY id DESC")).first()
        return row[0] if row else None
    finally:
        engine.dispose()


def test_a_delete_during_prepare_is_an_expected_path(server):
    """Stopping a build is no error: nothing logged at ERROR."""
    tc = server.client()
    before = len(server.svc.log())
    cluster = create(tc, 'overtaken')
    helpers.wait_until(
        lambda: _current_step(server) == 'prepare the database servers',
        120, 'the prepare step')
    tc.clusters.delete(cluster.id)
    wait_gone(tc, cluster.id)
    log = server.svc.log()[before:]
    assert 'cancelled: the cluster is being deleted' in log
    assert ' ERROR ' not in log and 'Traceback' not in log, log
    assert server.node_pids() == []
