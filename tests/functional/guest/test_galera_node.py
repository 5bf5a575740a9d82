"""GaleraNode against real mariadbd + galera-4 processes.

One cluster is shared by the module and the tests run in file order:
bootstrap 3 nodes, grow to 4, stop/restart, crash/recover, destroy.
Each node has its own loopback address; the third octet is random so a
leftover from an aborted run cannot collide with this one.
"""

import os
import pwd
import random
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time

import pymysql
import pytest

from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import grastate
from galeratrove.guestagent.datastore.galera_common import node as gnode
from galeratrove.guestagent.datastore.galera_common import process
from galeratrove.guestagent.datastore import pxc

pytestmark = pytest.mark.timeout(900)

GaleraNode = gnode.GaleraNode
ADMIN = ('os_admin', 'Adm1n-pw')
CLUSTER_NAME = 'functest'
DB_OPTS = {'memory_mb': 256, 'gcache_mb': 64}


def wait_for(check, timeout=30, what='condition'):
    return process.wait_until(check, timeout, what)


def causal_rows(node, sql):
    """Read with wsrep_sync_wait so the read sees every earlier commit."""
    return node.query('SET STATEMENT wsrep_sync_wait=1 FOR ' + sql)


class Cluster(object):
    def __init__(self, root):
        self.root = root
        self.net = '127.77.%d.' % random.randint(1, 250)
        self.nodes = {}
        self.created = []
        self.timings = {}

    def address(self, index):
        return self.net + str(index)

    def members(self, *indexes):
        return [self.address(i) for i in indexes]

    def make_node(self, index, members, secure=True, **options):
        node = GaleraNode(os.path.join(self.root, 'node%d' % index),
                          self.address(index))
        self.created.append(node)
        node.initialize()
        if secure:
            node.secure(*ADMIN)
        opts = dict(DB_OPTS, **options)
        node.write_cluster_config(CLUSTER_NAME, 'node%d' % index, members,
                                  **opts)
        return node

    def timed(self, name, func, *args, **kwargs):
        started = time.monotonic()
        result = func(*args, **kwargs)
        self.timings[name] = round(time.monotonic() - started, 2)
        return result

    def running(self):
        return [n for i, n in sorted(self.nodes.items()) if n.pid]

    def cleanup(self):
        problems = []
        for node in reversed(self.created):
            try:
                node.destroy(timeout=60)
            except Exception as exc:  # keep cleaning the others
                problems.append('%r: %s' % (node, exc))
        # Safety net: anything still running from our tree, by pid.
        for pid in _pids_mentioning(self.root + os.sep):
            os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)
        print('galera functional timings (s): %s' % self.timings)
        return problems


def _pids_mentioning(text):
    pids = []
    for name in os.listdir('/proc'):
        if name.isdigit() and int(name) != os.getpid():
            if any(text in arg for arg in process.cmdline(int(name))):
                pids.append(int(name))
    return pids


@pytest.fixture(scope='module')
def cluster():
    assert GaleraNode.binaries_available(), (
        'mariadbd, mariadb-install-db and galera-4 are required: install '
        'mariadb-server galera-4 rsync')
    assert shutil.which('rsync'), 'rsync is required for the rsync SST'
    root = tempfile.mkdtemp(prefix='gt-galera-', dir='/tmp')
    os.chmod(root, 0o755)  # the mysql user must traverse it
    c = Cluster(root)
    try:
        three = c.members(1, 2, 3)
        for i in (1, 2, 3):
            c.nodes[i] = c.timed('prepare%d' % i, c.make_node, i, three)
        c.timed('bootstrap', c.nodes[1].start, bootstrap=True, timeout=60)
        for i in (2, 3):
            c.timed('join%d' % i, c.nodes[i].start, timeout=120)
        yield c
    finally:
        problems = c.cleanup()
    assert not problems


@pytest.fixture
def open_tmp():
    """A tmp dir the mysql user can traverse (pytest's is 0700)."""
    path = tempfile.mkdtemp(prefix='gt-galera-', dir='/tmp')
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path)


def assert_primary(nodes, size):
    uuids = set()
    for node in nodes:
        st = node.status()
        assert st['running'] is True, node
        assert st['wsrep_ready'] == 'ON', (node, st)
        assert st['wsrep_cluster_status'] == 'Primary', (node, st)
        assert st['wsrep_local_state_comment'] == 'Synced', (node, st)
        assert st['wsrep_cluster_size'] == size, (node, st)
        uuids.add(st['wsrep_cluster_state_uuid'])
    assert len(uuids) == 1
    return uuids.pop()


def wait_size(nodes, size, timeout=60):
    wait_for(lambda: all(n.status()['wsrep_cluster_size'] == size
                         for n in nodes),
             timeout, 'cluster size %d' % size)


def test_three_nodes_form_one_primary_component(cluster):
    nodes = [cluster.nodes[i] for i in (1, 2, 3)]
    assert_primary(nodes, 3)
    incoming = nodes[0].status()['wsrep_incoming_addresses'].split(',')
    assert sorted(incoming) == sorted(
        '%s:3306' % a for a in cluster.members(1, 2, 3))


def test_config_and_admin_files_are_private(cluster):
    node = cluster.nodes[1]
    st = os.stat(node.paths.config_file)
    assert stat.S_IMODE(st.st_mode) == 0o600
    admin = os.stat(node.paths.admin_file)
    assert stat.S_IMODE(admin.st_mode) == 0o600
    if os.geteuid() == 0:
        assert st.st_uid == pwd.getpwnam(node.run_user).pw_uid
        assert admin.st_uid == 0
        assert node.run_user.startswith('gtdb-')


def test_each_node_runs_as_its_own_user_and_owns_what_sst_gave_it(cluster):
    """Node 2 got node 1's data by rsync SST; the files are its own."""
    nodes = [cluster.nodes[i] for i in (1, 2, 3)]
    if os.geteuid() != 0:
        assert {n.run_user for n in nodes} == {
            pwd.getpwuid(os.geteuid()).pw_name}
        return
    assert len({n.run_user for n in nodes}) == 3
    for node in nodes:
        uid = pwd.getpwnam(node.run_user).pw_uid
        assert os.stat('/proc/%d' % node.pid).st_uid == uid
        for top, dirs, files in os.walk(node.paths.data):
            for name in dirs + files:
                assert os.lstat(os.path.join(top, name)).st_uid == uid
        assert os.stat(node.paths.base).st_mode & 0o007 == 0
    other = nodes[1]
    for path in (other.paths.config_file, grastate.path(other.paths.data)):
        done = subprocess.run(['su', '-s', '/bin/sh', nodes[0].run_user,
                               '-c', 'cat ' + path], capture_output=True)
        assert done.returncode != 0 and not done.stdout


def test_secure_file_priv_and_plugin_dir_are_the_nodes(cluster):
    node = cluster.nodes[1]
    row = node.query('SELECT @@secure_file_priv AS f, @@plugin_dir AS p')[0]
    assert row['f'].rstrip('/') == node.paths.files
    assert row['p'].rstrip('/') == node.paths.plugins
    assert os.listdir(node.paths.plugins) == []


def test_secure_made_admin_and_dropped_anonymous(cluster):
    rows = cluster.nodes[2].query(
        'SELECT user AS u, host AS h FROM mysql.user')
    accounts = {(r['u'], r['h']) for r in rows}
    assert {(ADMIN[0], 'localhost'), (ADMIN[0], '127.0.0.1')} <= accounts
    assert not [a for a in accounts if a[0] == '']


def test_cluster_context_reads_back_config(cluster):
    ctx = cluster.nodes[1].cluster_context()
    assert ctx['cluster_name'] == CLUSTER_NAME
    assert ctx['sst_method'] == 'rsync'
    assert ctx['replication_user'] is None
    assert ctx['members'] == cluster.members(1, 2, 3)


def test_row_written_on_one_node_is_read_on_others(cluster):
    first = cluster.nodes[1]
    first.execute('CREATE DATABASE functest')
    first.execute('CREATE TABLE functest.t (id INT PRIMARY KEY, v TEXT)')
    first.execute("INSERT INTO functest.t VALUES (1, 'from node1')")
    for i in (2, 3):
        rows = causal_rows(cluster.nodes[i], 'SELECT * FROM functest.t')
        assert rows == [{'id': 1, 'v': 'from node1'}]


def test_grow_joins_past_a_dead_first_address(cluster):
    dead = cluster.address(200)
    members = [dead] + cluster.members(1, 2, 3, 4)
    fourth = cluster.make_node(4, members)
    cluster.nodes[4] = fourth
    cluster.timed('join4', fourth.start, timeout=120)
    assert fourth.cluster_context()['members'][0] == dead
    assert_primary([cluster.nodes[i] for i in (1, 2, 3, 4)], 4)
    assert fourth.query('SELECT v FROM functest.t') == [{'v': 'from node1'}]
    # Existing members learn the new member list without a restart.
    for i in (1, 2, 3):
        pid = cluster.nodes[i].pid
        cluster.nodes[i].update_members(cluster.members(1, 2, 3, 4))
        assert cluster.nodes[i].pid == pid
        ctx = cluster.nodes[i].cluster_context()
        assert ctx['members'] == cluster.members(1, 2, 3, 4)
        mode = os.stat(cluster.nodes[i].paths.config_file).st_mode
        assert stat.S_IMODE(mode) == 0o600
    assert_primary([cluster.nodes[i] for i in (1, 2, 3, 4)], 4)


def test_enable_root_replicates_and_can_change_password(cluster):
    cluster.nodes[1].enable_root('R00t-one')
    login = dict(host=cluster.address(3), port=3306, user='root',
                 connect_timeout=5)
    wait_for(lambda: _can_login(password='R00t-one', **login), 10,
             'root login on node3')
    cluster.nodes[2].enable_root('R00t-two')
    wait_for(lambda: _can_login(password='R00t-two', **login), 10,
             'new root password on node3')
    assert not _can_login(password='R00t-one', **login)


def test_replication_user_for_backup_sst_is_replicated(cluster):
    assert GaleraNode.needs_replication_user('mariabackup')
    assert not GaleraNode.needs_replication_user('rsync')
    cluster.nodes[1].create_replication_user('sst_user', 'Sst-pw')
    cluster.nodes[1].create_replication_user('sst_user', 'Sst-pw2')
    grants = causal_rows(cluster.nodes[3],
                         "SHOW GRANTS FOR 'sst_user'@'localhost'")
    text = ' '.join(v for row in grants for v in row.values())
    for privilege in ('RELOAD', 'PROCESS', 'LOCK TABLES', 'BINLOG MONITOR'):
        assert privilege in text


def _can_login(**kwargs):
    try:
        pymysql.connect(**kwargs).close()
    except pymysql.err.OperationalError:
        return False
    return True


def test_stop_one_node_leaves_a_primary_component(cluster):
    fourth = cluster.nodes[4]
    cluster.timed('stop4', fourth.stop, timeout=60)
    st = fourth.status()
    assert st['running'] is False
    assert all(st[k] is None for k in st if k != 'running')
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((fourth.address, 3306), timeout=5)
    others = [cluster.nodes[i] for i in (1, 2, 3)]
    wait_size(others, 3)
    assert_primary(others, 3)
    fourth.stop()  # idempotent
    saved = grastate.read(fourth.paths.data)
    assert saved['seqno'] >= 0


def test_restart_rejoins_from_recovered_position(cluster):
    fourth = cluster.nodes[4]
    cluster.nodes[1].execute(
        "INSERT INTO functest.t VALUES (2, 'while node4 was down')")
    position = fourth.recover_position()
    uuid = cluster.nodes[1].status()['wsrep_cluster_state_uuid']
    assert position.startswith(uuid + ':')
    cluster.timed('restart4', fourth.start, timeout=120)
    assert '--wsrep-start-position=' + position in process.cmdline(
        fourth.pid)
    assert_primary([cluster.nodes[i] for i in (1, 2, 3, 4)], 4)
    rows = fourth.query('SELECT id FROM functest.t ORDER BY id')
    assert [r['id'] for r in rows] == [1, 2]
    with open(fourth.paths.error_log, errors='replace') as handle:
        log = handle.read()
    # Caught up by incremental transfer, not a new full snapshot.
    assert re.search(r'IST received', log), log[-3000:]


def test_crashed_node_recovers_position_with_wsrep_recover(cluster):
    third = cluster.nodes[3]
    os.kill(third.pid, signal.SIGKILL)
    wait_for(lambda: third.pid is None, 30, 'node3 to die')
    assert grastate.read(third.paths.data)['seqno'] == -1
    cluster.nodes[1].execute(
        "INSERT INTO functest.t VALUES (3, 'after node3 crashed')")
    position = cluster.timed('recover3', third.recover_position)
    uuid = cluster.nodes[1].status()['wsrep_cluster_state_uuid']
    assert re.match(re.escape(uuid) + r':\d+$', position)
    assert os.path.exists(os.path.join(third.paths.log,
                                       'wsrep-recover.log'))
    cluster.timed('crash-restart3', third.start, timeout=180)
    nodes = [cluster.nodes[i] for i in (1, 2, 3, 4)]
    wait_size(nodes, 4)
    assert_primary(nodes, 4)
    rows = causal_rows(third, 'SELECT id FROM functest.t ORDER BY id')
    assert [r['id'] for r in rows] == [1, 2, 3]


def test_disk_used_matches_du(cluster):
    node = cluster.nodes[1]
    used = node.disk_used_gb()
    du = subprocess.run(['du', '-s', '--block-size=1', node.paths.base],
                        capture_output=True, text=True, check=True)
    expected = int(du.stdout.split()[0]) / 1024.0 ** 3
    assert 0.05 < used < 10
    assert abs(used - expected) / expected < 0.05


def test_start_fails_fast_when_the_server_exits(cluster):
    scratch = cluster.make_node(9, [cluster.address(201)],
                                provider='/nonexistent/libgalera_smm.so')
    started = time.monotonic()
    with pytest.raises(errors.NodeError) as exc:
        scratch.start(timeout=120)
    assert time.monotonic() - started < 60
    assert not isinstance(exc.value, errors.NodeTimeout)
    assert 'server exited' in str(exc.value)
    assert exc.value.log_tail and 'ERROR' in exc.value.log_tail
    assert scratch.status()['running'] is False


def test_start_times_out_with_the_log_tail(cluster):
    scratch = cluster.created[-1]
    scratch.write_cluster_config(CLUSTER_NAME, 'node9',
                                 [cluster.address(201)], **DB_OPTS)
    started = time.monotonic()
    with pytest.raises(errors.NodeTimeout) as exc:
        scratch.start(timeout=3)
    assert time.monotonic() - started < 20
    assert 'Synced' in str(exc.value)
    assert 'last lines of the node error log' in str(exc.value)
    # Still connecting to the group: SIGTERM is not acted on, so stop()
    # must fall back to SIGKILL after a short grace, not the timeout.
    started = time.monotonic()
    scratch.destroy(timeout=120)
    assert time.monotonic() - started < 20
    assert scratch.pid is None
    assert not os.path.exists(scratch.paths.base)


def test_destroy_leaves_no_process_and_no_directory(cluster):
    fourth = cluster.nodes.pop(4)
    pid = fourth.pid
    cluster.timed('destroy4', fourth.destroy)
    assert not process.alive(pid, fourth.paths.base)
    assert not os.path.exists(fourth.paths.base)
    assert _pids_mentioning(fourth.paths.base + os.sep) == []
    others = [cluster.nodes[i] for i in (1, 2, 3)]
    wait_size(others, 3)
    assert_primary(others, 3)


def test_whole_cluster_restart_bootstraps_from_the_last_node(cluster):
    nodes = [cluster.nodes[i] for i in (1, 2, 3)]
    cluster.nodes[1].execute("INSERT INTO functest.t VALUES (4, 'last')")
    for node in nodes:  # node3 leaves last: it has the newest state
        node.stop(timeout=60)
    assert [grastate.read(n.paths.data)['safe_to_bootstrap']
            for n in nodes] == [0, 0, 1]
    with pytest.raises(errors.NodeError) as exc:
        nodes[0].start(bootstrap=True, timeout=60)
    assert 'not safe to bootstrap' in str(exc.value)
    assert nodes[0].pid is None
    cluster.timed('rebootstrap3', nodes[2].start, bootstrap=True,
                  timeout=60)
    for node in nodes[:2]:
        node.start(timeout=120)
    assert_primary(nodes, 3)
    rows = causal_rows(nodes[0], 'SELECT id FROM functest.t ORDER BY id')
    assert [r['id'] for r in rows] == [1, 2, 3, 4]


def test_untraversable_parent_dir_is_reported(open_tmp):
    """The server's user must reach its directory.

    As root the server runs as the node's own user; as anyone else it
    runs as that user, and a private parent is fine.
    """
    hidden = os.path.join(open_tmp, 'private')
    os.mkdir(hidden, 0o700)
    node = GaleraNode(os.path.join(hidden, 'node'), '127.0.0.6')
    if os.geteuid() != 0:
        node.initialize()
        assert os.path.isdir(os.path.join(node.paths.data, 'mysql'))
        return
    try:
        with pytest.raises(errors.NodeError) as exc:
            node.initialize()
    finally:
        node.destroy()
    assert 'not traversable by user %s' % node.run_user in str(exc.value)
    assert hidden in str(exc.value)


def test_server_version_and_binaries():
    out = subprocess.run([GaleraNode.server_binary, '--version'],
                         capture_output=True, text=True).stdout
    assert GaleraNode.server_version() in out
    assert re.fullmatch(r'\d+\.\d+', GaleraNode.server_version())
    assert GaleraNode.binaries_available()
    mysqld = subprocess.run(
        [pxc.PXCNode.server_binary, '--version'], capture_output=True,
        text=True).stdout if os.path.exists(pxc.PXCNode.server_binary) else ''
    is_pxc = 'Percona XtraDB Cluster' in mysqld and os.path.exists(
        '/usr/lib/galera4/libgalera_smm.so')
    assert pxc.PXCNode.binaries_available() == is_pxc


def test_pxc_node_writes_an_xtrabackup_config(open_tmp):
    node = pxc.PXCNode(os.path.join(open_tmp, 'pxc1'), '127.0.0.5')
    try:
        node.write_cluster_config('pxccluster', 'pxc1', ['127.0.0.5'])
        path = node.paths.config_file
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with open(path) as handle:
            text = handle.read()
        assert 'wsrep_sst_method = xtrabackup-v2' in text
        assert 'pxc_strict_mode = ENFORCING' in text
        assert node.cluster_context()['sst_method'] == 'xtrabackup-v2'
    finally:
        node.destroy()
