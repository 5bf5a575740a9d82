"""A tenant's root reaches neither another tenant's files nor ours.

Tenant A (two nodes, the second joined by SST) and tenant B (one node)
run side by side; A's root tries every statement that reads or writes
server files, sets server variables or loads code, aimed at B's node, at
the service's database and configuration and at /etc/passwd. Each node's
OS user is tried the same way from a shell. A's own data stays usable.
"""

import os
import pwd
import stat
import subprocess

import pymysql
import pytest

from tests.functional.clusters.conftest import connect
from tests.functional.clusters.conftest import create
from tests.functional.clusters.conftest import Server
from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task

TENANT_A, TENANT_B = 'tenant-a', 'tenant-b'
STATE = {}


@pytest.fixture(scope='module')
def server():
    srv = Server('iso')
    with open(srv.conf, 'a') as f:
        f.write('[mariadb]\nmin_cluster_member_count = 1\n')
    with srv:
        try:
            yield srv
        finally:
            srv.delete_clusters(TENANT_B)
            srv.delete_clusters(TENANT_A)


def node_dir(server, instance):
    return os.path.join(server.instance_dir(instance['id']), 'node')


def os_user(server, instance):
    """The OS user the node's server runs as (owner of its data)."""
    data = os.path.join(node_dir(server, instance), 'data')
    return pwd.getpwuid(os.stat(data).st_uid).pw_name


def as_user(user, command):
    return subprocess.run(['su', '-s', '/bin/sh', user, '-c', command],
                          capture_output=True, text=True, timeout=30)


def refused(cur, sql):
    """True if the statement fails or yields nothing (LOAD_FILE: NULL)."""
    try:
        cur.execute(sql)
    except pymysql.MySQLError:
        return True
    rows = cur.fetchall()
    return not rows or all(v is None for row in rows for v in row)


def test_two_tenants_each_with_a_cluster(server):
    a, b = server.client(TENANT_A), server.client(TENANT_B)
    ca, cb = create(a, 'tenant-a', n=2), create(b, 'tenant-b', n=1)
    ca, cb = wait_task(a, ca.id), wait_task(b, cb.id)
    assert [i['status'] for i in ca.instances + cb.instances] == [
        'ACTIVE'] * 3
    STATE.update(a=ca, b=cb, pa=a.root.create_cluster_root(ca.id)[1],
                 pb=b.root.create_cluster_root(cb.id)[1])
    with connect(cb.ip[0], STATE['pb']) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE bsecret')
        cur.execute('CREATE TABLE bsecret.t (v VARCHAR(40)) ENGINE=InnoDB')
        cur.execute("INSERT INTO bsecret.t VALUES ('the-b-secret')")


def b_targets(server):
    b = node_dir(server, STATE['b'].instances[0])
    return {
        'b_config': os.path.join(b, 'conf', 'galera.cnf'),
        'b_admin': os.path.join(b, 'conf', 'admin.cnf'),
        'b_table': os.path.join(b, 'data', 'bsecret', 't.ibd'),
        'sqlite': os.path.join(server.state, 'galeratrove.sqlite'),
        'service_conf': server.conf,
        'passwd': '/etc/passwd',
    }


def test_root_reads_no_file_of_b_nor_of_the_service(server):
    targets = b_targets(server)
    for path in targets.values():
        assert os.path.exists(path), path
    own = node_dir(server, STATE['a'].instances[0])
    targets['a_admin'] = os.path.join(own, 'conf', 'admin.cnf')
    targets['a_state'] = os.path.join(own, 'guest_state.json')
    with connect(STATE['a'].ip[0], STATE['pa']) as conn, \
            conn.cursor() as cur:
        cur.execute('CREATE DATABASE IF NOT EXISTS loot')
        cur.execute('CREATE TABLE loot.t (line TEXT)')
        for name, path in sorted(targets.items()):
            assert refused(cur, "SELECT LOAD_FILE('%s')" % path), name
            assert refused(cur, "LOAD DATA INFILE '%s' INTO TABLE loot.t"
                           % path), name
            assert refused(cur, "LOAD XML INFILE '%s' INTO TABLE loot.t"
                           % path), name
        cur.execute('SELECT COUNT(*) FROM loot.t')
        assert cur.fetchone() == (0,)


def test_root_writes_no_file_anywhere(server):
    b = node_dir(server, STATE['b'].instances[0])
    own = node_dir(server, STATE['a'].instances[0])
    places = [os.path.join(b, 'data', 'planted'),
              os.path.join(b, 'files', 'planted'),
              os.path.join(server.state, 'planted'),
              os.path.join(own, 'files', 'planted'),
              os.path.join(own, 'conf', 'planted'),
              '/tmp/gt-planted-%d' % os.getpid()]
    with connect(STATE['a'].ip[0], STATE['pa']) as conn, \
            conn.cursor() as cur:
        for path in places:
            for kind in ('OUTFILE', 'DUMPFILE'):
                assert refused(cur, "SELECT 'x' INTO %s '%s'" % (kind, path))
        for engine in ('InnoDB', 'Aria', 'MyISAM'):
            assert refused(cur, "CREATE TABLE loot.d_%s (i INT) ENGINE=%s "
                           "DATA DIRECTORY='%s'" % (engine, engine,
                                                    os.path.join(b, 'data')))
    for path in places:
        assert not os.path.exists(path), path
    assert not [n for n in os.listdir(os.path.join(b, 'data'))
                if n.startswith('d_') or n.startswith('loot')]


@pytest.mark.parametrize('sql', [
    "SET GLOBAL wsrep_provider = '/usr/lib/galera/libgalera_smm.so'",
    "SET GLOBAL wsrep_provider_options = 'gcache.size=1M'",
    "SET GLOBAL wsrep_cluster_address = 'gcomm://'",
    "SET GLOBAL wsrep_on = OFF",
    "SET GLOBAL wsrep_desync = ON",
    "SET GLOBAL wsrep_sst_method = 'mysqldump'",
    "SET GLOBAL wsrep_notify_cmd = '/bin/true'",
    "SET GLOBAL general_log_file = '/etc/cron.d/x'",
    "SET GLOBAL general_log = ON",
    "SET GLOBAL read_only = ON",
    "SET GLOBAL max_connections = 1",
    "SET GLOBAL secure_file_priv = ''",
    "SET GLOBAL plugin_dir = '/usr/lib/mysql/plugin'",
    "SET SESSION sql_log_bin = 0",
    "SET SESSION wsrep_on = OFF",
    "INSTALL SONAME 'ha_federatedx'",
    "INSTALL PLUGIN federated SONAME 'ha_federatedx.so'",
    "INSTALL SONAME 'handlersocket'",
    "CREATE SERVER srv FOREIGN DATA WRAPPER mysql OPTIONS (HOST "
    "'127.0.0.1', USER 'root')",
    "SHUTDOWN",
    "FLUSH PRIVILEGES",
    "PURGE BINARY LOGS BEFORE NOW()",
    "CREATE DEFINER = 'os_admin'@'localhost' PROCEDURE loot.p() SELECT 1",
])
def test_root_cannot_change_the_server(server, sql):
    with connect(STATE['a'].ip[0], STATE['pa']) as conn, \
            conn.cursor() as cur:
        with pytest.raises(pymysql.MySQLError):
            cur.execute(sql)


def test_root_has_no_host_reaching_privilege(server):
    with connect(STATE['a'].ip[0], STATE['pa']) as conn, \
            conn.cursor() as cur:
        cur.execute('SHOW GRANTS')
        grants = ' '.join(row[0] for row in cur.fetchall())
    for privilege in ('FILE', 'SUPER', 'SHUTDOWN', 'RELOAD', 'BINLOG ADMIN',
                      'CONNECTION ADMIN', 'SET USER', 'FEDERATED ADMIN',
                      'REPLICATION MASTER ADMIN', 'READ_ONLY ADMIN',
                      'ALL PRIVILEGES'):
        assert privilege not in grants, privilege
    assert 'CREATE USER' in grants and 'WITH GRANT OPTION' in grants


def test_a_data_stays_fully_usable(server):
    ips = STATE['a'].ip
    with connect(ips[0], STATE['pa']) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE shop')
        cur.execute('CREATE TABLE shop.items (id INT PRIMARY KEY, '
                    'name VARCHAR(20))')
        cur.execute("INSERT INTO shop.items VALUES (1, 'a')")
        cur.execute('CREATE VIEW shop.v AS SELECT name FROM shop.items')
        cur.execute('CREATE PROCEDURE shop.n() SELECT COUNT(*) FROM '
                    'shop.items')
        cur.execute("CREATE USER app@'%' IDENTIFIED BY 'App-pw-12345'")
        cur.execute("GRANT SELECT, INSERT, EXECUTE ON shop.* TO app@'%'")
        cur.execute('SHOW PROCESSLIST')
        assert cur.fetchall()
        cur.execute('ALTER TABLE shop.items ADD COLUMN price INT')
    with connect(ips[1], 'App-pw-12345', user='app') as conn, \
            conn.cursor() as cur:
        cur.execute('SET SESSION wsrep_sync_wait = 1')
        cur.execute("INSERT INTO shop.items VALUES (2, 'b', 3)")
        cur.execute('SELECT name FROM shop.v ORDER BY name')
        assert cur.fetchall() == (('a',), ('b',))
        cur.execute('CALL shop.n()')
        assert cur.fetchone() == (2,)
        with pytest.raises(pymysql.MySQLError):
            cur.execute('SELECT * FROM loot.t')


def test_node_users_are_distinct_and_own_their_data(server):
    """As root each node has its own user; else all run as ourselves.

    A's second node got its data by SST from the first, whose user is
    another: what it received is its own.
    """
    nodes = STATE['a'].instances + STATE['b'].instances
    users = [os_user(server, i) for i in nodes]
    if os.geteuid() != 0:
        assert set(users) == {pwd.getpwuid(os.geteuid()).pw_name}
        return
    assert len(set(users)) == 3
    assert not set(users) & {'root', 'mysql'}
    for inst, user in zip(nodes, users):
        uid = pwd.getpwnam(user).pw_uid
        base = node_dir(server, inst)
        assert stat.S_IMODE(os.stat(base).st_mode) == 0o710
        for sub in ('data', 'files'):
            for top, dirs, files in os.walk(os.path.join(base, sub)):
                for name in dirs + files:
                    path = os.path.join(top, name)
                    assert os.lstat(path).st_uid == uid, path


def test_a_node_user_cannot_read_other_nodes_or_the_service(server):
    assert os.geteuid() == 0, 'each node has its own OS user only as root'
    a1, a2 = STATE['a'].instances
    b1 = STATE['b'].instances[0]
    user = os_user(server, a1)
    own = node_dir(server, a1)
    ok = as_user(user, 'cat %s/conf/galera.cnf' % own)
    assert ok.returncode == 0 and 'wsrep_cluster_address' in ok.stdout
    secrets = [os.path.join(node_dir(server, n), f)
               for n in (a2, b1) for f in ('conf/galera.cnf',
                                           'conf/admin.cnf',
                                           'guest_state.json',
                                           'data/grastate.dat')]
    secrets += [os.path.join(own, 'conf', 'admin.cnf'),
                os.path.join(own, 'guest_state.json'),
                os.path.join(server.state, 'galeratrove.sqlite'),
                os.path.join(server.instance_dir(a1['id']),
                             'guest_info.json'),
                server.conf]
    for path in secrets:
        assert os.path.exists(path), path
        done = as_user(user, 'cat %s' % path)
        assert done.returncode != 0 and not done.stdout, path
    for path in (node_dir(server, b1), server.state,
                 server.instance_dir(b1['id'])):
        assert as_user(user, 'ls %s' % path).returncode != 0, path
    planted = os.path.join(node_dir(server, b1), 'data', 'planted')
    assert as_user(user, 'touch %s' % planted).returncode != 0
    assert not os.path.exists(planted)


def test_service_files_are_private(server):
    sqlite = os.path.join(server.state, 'galeratrove.sqlite')
    for path in (sqlite, sqlite + '-wal', sqlite + '-shm'):
        if path == sqlite or os.path.exists(path):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    inst = STATE['a'].instances[0]
    directory = server.instance_dir(inst['id'])
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o711
    info = os.path.join(directory, 'guest_info.json')
    assert stat.S_IMODE(os.stat(info).st_mode) == 0o600


def test_delete_removes_the_node_users(server):
    assert os.geteuid() == 0, 'each node has its own OS user only as root'
    a = server.client(TENANT_A)
    users = [os_user(server, i) for i in STATE['a'].instances]
    a.clusters.delete(STATE['a'].id)
    wait_gone(a, STATE['a'].id)
    for user in users:
        with pytest.raises(KeyError):
            pwd.getpwnam(user)
