"""Benchmark: recovery from killed database servers, against the same
recovery done by hand.

On a 3-node cluster under continuous acknowledged writes (a writer thread
doing committed INSERTs on any node that answers, recording the ids
acknowledged), kill -9 the servers of: one node, two nodes, all three.
Each figure runs from the kill until every node is Synced in a 3-node
Primary component and, through the API, the task is NONE and every
instance ACTIVE.

Through the API: galeratrove-all with its default configuration notices
and heals by itself. By hand, in the same run (the same GaleraNode calls
the guest agent makes, with no API, RPC or SQL, started the instant the
servers die): restart a node from its recovered position; pc.bootstrap
the survivor once the two others' positions show it is the most
advanced (else bootstrap the dead node that is); bootstrap the most
advanced node of a full outage, then start the others.

Afterwards every acknowledged id must be on every node and every node
must have the same checksum. Targets: one node <= 10 s, full outage
<= 20 s, 0 acknowledged writes lost.
"""

import argparse
import concurrent.futures
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pymysql
import requests

from galeratrove.guestagent.datastore.galera_common import node as gnode

BIN = os.path.dirname(sys.executable)
PASSWORD = 'bench-Root-password-1'
SCENARIOS = (('one node', 1), ('two nodes', 2), ('all three', 3))
TARGETS = {'one node': 10.0, 'all three': 20.0}
POLL = 0.05


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _prefix():
    return '127.%d.%d' % (random.randint(100, 250), random.randint(1, 250))


def _until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(POLL)
    raise SystemExit('timed out after %ds waiting for %s' % (timeout, what))


def _connect(ip, timeout=1):
    return pymysql.connect(host=ip, port=3306, user='root',
                           password=PASSWORD, autocommit=True,
                           connect_timeout=timeout, read_timeout=5,
                           write_timeout=5)


def _synced(ip, size):
    try:
        with _connect(ip) as conn, conn.cursor() as cur:
            cur.execute("SHOW STATUS LIKE 'wsrep\\_%'")
            s = dict(cur.fetchall())
    except pymysql.MySQLError:
        return False
    return (s.get('wsrep_local_state_comment') == 'Synced' and
            s.get('wsrep_cluster_status') == 'Primary' and
            s.get('wsrep_ready') == 'ON' and
            int(s.get('wsrep_cluster_size', 0)) == size)


class Writer(threading.Thread):
    """Committed INSERTs on any node that answers; the acked ids."""

    def __init__(self, ips):
        super().__init__(daemon=True)
        self.ips = list(ips)
        self.acked = []
        self.failed = 0
        self.halt = threading.Event()

    def run(self):
        n, at, conn = 0, 0, None
        while not self.halt.is_set():
            n += 1
            try:
                if conn is None:
                    conn = _connect(self.ips[at % len(self.ips)])
                with conn.cursor() as cur:
                    cur.execute('INSERT INTO bench.t (id) VALUES (%s)', (n,))
                self.acked.append(n)
            except pymysql.MySQLError:
                self.failed += 1
                if conn is not None:
                    conn.close()
                conn, at = None, at + 1
                self.halt.wait(POLL)
        if conn is not None:
            conn.close()

    def finish(self):
        self.halt.set()
        self.join(30)


def _verify(ips, writer):
    """Every acked id on every node; one checksum for all. (lost, sums)"""
    writer.finish()
    lost, sums = 0, set()
    for ip in ips:
        with _connect(ip, 10) as conn, conn.cursor() as cur:
            cur.execute('SET SESSION wsrep_sync_wait = 1')
            cur.execute('SELECT id FROM bench.t')
            present = {r[0] for r in cur.fetchall()}
            lost = max(lost, len(set(writer.acked) - present))
            cur.execute('CHECKSUM TABLE bench.t')
            sums.add(cur.fetchone()[1])
    return lost, sums


def _kill(pids):
    for pid in pids:
        os.kill(pid, signal.SIGKILL)


def _pid(base):
    with open(os.path.join(base, 'run', 'node.pid')) as f:
        return int(f.read())


class API:
    """galeratrove-all with its default configuration."""

    def __init__(self, base):
        self.base = base
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d/v1.0/bench' % self.port
        conf = os.path.join(base, 'gt.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s/state\nbind_port = %d\n'
                    'debug = true\n[local_compute]\ncidr = %s.0/24\n'
                    % (base, self.port, _prefix()))
        self.log_path = os.path.join(base, 'all.log')
        self.log = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(
            [os.path.join(BIN, 'galeratrove-all'), '--config-file', conf],
            stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        _until(self._up, 60, 'galeratrove-all to answer')

    def _up(self):
        try:
            return requests.get(self.url + '/clusters', timeout=2).ok
        except requests.ConnectionError:
            return False

    def get(self, cluster_id):
        return requests.get('%s/clusters/%s' % (
            self.url, cluster_id)).json()['cluster']

    def settled(self, cluster_id):
        c = self.get(cluster_id)
        return c['task']['name'] == 'NONE' and all(
            i['status'] == 'ACTIVE' for i in c['instances'])

    def setup(self):
        inst = {'flavorRef': '2', 'volume': {'size': 1}}
        c = requests.post(self.url + '/clusters', json={'cluster': {
            'name': 'bench', 'datastore': {
                'type': 'mariadb', 'version': _version()},
            'instances': [inst] * 3}}).json()['cluster']
        self.cluster_id = c['id']
        _until(lambda: self.get(self.cluster_id)['task']['name'] == 'NONE',
               300, 'the create')
        c = self.get(self.cluster_id)
        if not self.settled(self.cluster_id):
            raise SystemExit('the create failed: %s (see %s)' % (
                c['instances'], self.log_path))
        self.ips = [i['ip'] for i in c['instances']]
        self.dirs = [os.path.join(self.base, 'state', 'instances', i['id'],
                                  'node') for i in c['instances']]
        requests.post('%s/clusters/%s/root' % (self.url, self.cluster_id),
                      json={'password': PASSWORD}).raise_for_status()

    def recover(self, victims):
        pids = [_pid(self.dirs[i]) for i in victims]
        t0 = time.monotonic()
        _kill(pids)
        detected = [None]

        def done():
            if detected[0] is None and self.get(
                    self.cluster_id)['task']['name'] != 'NONE':
                detected[0] = time.monotonic() - t0
            return (all(_synced(ip, 3) for ip in self.ips) and
                    self.settled(self.cluster_id))
        _until(done, 300, 'the heal of %d killed nodes' % len(victims))
        return time.monotonic() - t0, detected[0]

    def close(self):
        requests.delete('%s/clusters/%s' % (self.url, self.cluster_id))
        _until(lambda: not requests.get(
            self.url + '/clusters').json()['clusters'], 120, 'the delete')
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)
        self.log.close()


def _version():
    return gnode.get_node_class('mariadb').server_version()


class Hand:
    """Three GaleraNodes and an operator who knows at once what died."""

    def __init__(self, base):
        prefix = _prefix()
        cls = gnode.get_node_class('mariadb')
        self.nodes = [cls(os.path.join(base, 'n%d' % i),
                          '%s.%d' % (prefix, i)) for i in range(1, 4)]
        self.ips = [n.address for n in self.nodes]
        self.pool = concurrent.futures.ThreadPoolExecutor(3)

    def setup(self):
        for i, node in enumerate(self.nodes):
            node.initialize()
            node.secure('os_admin', 'bench-password-1')
            node.write_cluster_config('bench', 'n%d' % i, self.ips,
                                      memory_mb=1024)
            node.start(bootstrap=(i == 0), timeout=300)
        self.nodes[0].enable_root(PASSWORD)

    def _each(self, fn, nodes):
        return list(self.pool.map(fn, nodes))

    def recover(self, victims):
        dead = [self.nodes[i] for i in victims]
        alive = [n for n in self.nodes if n not in dead]
        t0 = time.monotonic()
        _kill([_pid(n.paths.base) for n in dead])
        for node in dead:
            _until(lambda: not node.pid, 30, 'the kill')
        if len(dead) == 1:
            dead[0].start(timeout=300)
        elif alive:
            seqno = self._positions(dead)
            _until(lambda: alive[0].status()['wsrep_cluster_status'] ==
                   'non-Primary', 60, 'the survivor to lose its quorum')
            survivor = alive[0].last_committed()
            best = max(dead, key=lambda n: seqno[n.address])
            if seqno[best.address] <= survivor:
                alive[0].bootstrap_primary()
                self._each(lambda n: n.start(timeout=300), dead)
            else:
                # A dead node committed what the survivor never got (the
                # sender died mid-delivery): bootstrap it, or lose that;
                # the survivor restarts into its component.
                alive[0].stop(timeout=60)
                self._restart_from(best, dead + alive)
        else:
            seqno = self._positions(dead)
            self._restart_from(max(dead, key=lambda n: seqno[n.address]),
                               dead)
        _until(lambda: all(_synced(ip, 3) for ip in self.ips), 300,
               'all Synced')
        return time.monotonic() - t0, None

    def _positions(self, dead):
        """Recovered seqno of each dead node, by address."""
        return dict(zip([n.address for n in dead], self._each(
            lambda n: int(n.recover_position().rsplit(':', 1)[1]), dead)))

    def _restart_from(self, best, dead):
        """Bootstrap the most advanced dead node; the others join it."""
        best.start(bootstrap=True, force_safe_to_bootstrap=True,
                   timeout=300)
        self._each(lambda n: n.start(timeout=300),
                   [n for n in dead if n is not best])

    def close(self):
        self.pool.shutdown()
        for node in self.nodes:
            node.destroy()


def _prepare_table(ips):
    with _connect(ips[0], 10) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE IF NOT EXISTS bench')
        cur.execute('CREATE TABLE bench.t (id INT PRIMARY KEY, '
                    'at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))')


def run(kind, base):
    """{scenario: (seconds, detected)} plus (acked, lost, checksums)."""
    subject = API(base) if kind == 'api' else Hand(base)
    figures = {}
    try:
        subject.setup()
        _prepare_table(subject.ips)
        writer = Writer(subject.ips)
        writer.start()
        _until(lambda: len(writer.acked) > 20, 30, 'writes')
        for name, count in SCENARIOS:
            victims = random.sample(range(3), count)
            figures[name] = subject.recover(victims)
            mark = len(writer.acked)
            _until(lambda: len(writer.acked) > mark + 20, 30,
                   'writes after %s' % name)
        lost, sums = _verify(subject.ips, writer)
        figures['writes'] = (len(writer.acked), lost, len(sums))
    finally:
        subject.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--keep', action='store_true',
                        help='keep the work directory (logs)')
    args = parser.parse_args()
    results = {'hand': [], 'api': []}
    for _ in range(args.rounds):
        # Short: a node's socket path must fit in 107 bytes.
        base = tempfile.mkdtemp(prefix='gtr-', dir='/tmp')
        os.chmod(base, 0o755)
        try:
            for kind in ('hand', 'api'):
                os.makedirs(os.path.join(base, kind[0]))
                results[kind].append(run(kind, os.path.join(base, kind[0])))
        finally:
            if args.keep:
                print('work directory kept: %s' % base)
            else:
                shutil.rmtree(base, ignore_errors=True)
    print('%-24s %9s %9s %7s %9s %8s' % (
        'killed (best of %d)' % args.rounds, 'by hand', 'API', 'ratio',
        'detected', 'target'))
    met = True
    for name, _ in SCENARIOS:
        hand = min(r[name][0] for r in results['hand'])
        api = min(r[name][0] for r in results['api'])
        worst = max(r[name][0] for r in results['api'])
        detected = min(r[name][1] or 0 for r in results['api'])
        target = TARGETS.get(name)
        met = met and (target is None or worst <= target)
        print('%-24s %8.2fs %8.2fs %6.2fx %8.2fs %8s' % (
            name, hand, api, api / hand, detected,
            '<= %.0fs' % target if target else '-'))
    for kind in ('hand', 'api'):
        for acked, lost, sums in (r['writes'] for r in results[kind]):
            met = met and not lost and sums == 1
            print('%-5s %d writes acknowledged, %d lost, %d checksum%s' % (
                kind, acked, lost, sums, '' if sums == 1 else 's'))
    print('targets (every round): %s' % ('met' if met else 'NOT met'))


if __name__ == '__main__':
    main()
