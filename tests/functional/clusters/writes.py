"""Continuous acknowledged writes and Galera samples during an operation.

A writer inserts numbered rows on the nodes in turn, moving on when a
node refuses or drops; a row counts only once its COMMIT returned. A
sampler asks every node for its state a few times a second (a node that
joins meanwhile is followed from when its address is known). Afterwards:
every acknowledged row is on every node, each sample saw a Primary
majority, Synced but for a state transfer's donor (README.rst, "Rolling
restart, upgrade and instance replace"), and every node's table has the
same checksum.
"""

import threading
import time

import pymysql

from tests.functional.clusters.conftest import connect

TABLE = 'rolling.writes'
SYNCED = 'Primary/Synced'
DONOR = 'Primary/Donor/Desynced'


class Load:

    def __init__(self, ips, password, sample_interval=0.2, size=None,
                 sampled=None):
        """Write on ``ips``; sample ``sampled`` (default: ``ips``).

        ``size``: the cluster's size, for its quorum (default: the
        number of nodes sampled).
        """
        self.ips = list(ips)
        self.sampled = list(sampled or ips)
        self.size = size or len(self.sampled)
        self.password = password
        self.acked = []
        self.acked_at = []
        self.errors = 0
        self.samples = []
        self.sampled_at = []   # (time, {ip: state})
        self._stop = threading.Event()
        self._interval = sample_interval
        self._threads = [threading.Thread(target=self._write, daemon=True),
                         threading.Thread(target=self._sample, daemon=True)]

    def __enter__(self):
        with connect(self.ips[0], self.password) as conn, \
                conn.cursor() as cur:
            cur.execute('CREATE DATABASE IF NOT EXISTS rolling')
            cur.execute('CREATE TABLE IF NOT EXISTS %s (id INT PRIMARY '
                        'KEY, node VARCHAR(16), at DOUBLE)' % TABLE)
            cur.execute('SELECT COALESCE(MAX(id), 0) FROM %s' % TABLE)
            self._next = cur.fetchone()[0] + 1
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for t in self._threads:
            t.join(30)

    def _write(self):
        conn, turn = None, 0
        while not self._stop.is_set():
            ip = self.ips[turn % len(self.ips)]
            try:
                if conn is None:
                    conn = connect(ip, self.password)
                with conn.cursor() as cur:
                    cur.execute('INSERT INTO %s VALUES (%%s, %%s, %%s)'
                                % TABLE, (self._next, ip, time.time()))
                self.acked.append(self._next)
                self.acked_at.append(time.time())
                self._next += 1
                if len(self.acked) % 20 == 0:
                    # Spread the writes: every node takes its share.
                    conn.close()
                    conn, turn = None, turn + 1
            except (pymysql.MySQLError, OSError):
                # Not acknowledged: an id that may have committed is
                # skipped, never reused.
                self.errors += 1
                self._next += 1
                if conn is not None:
                    conn.close()
                conn, turn = None, turn + 1
                self._stop.wait(0.05)
        if conn is not None:
            conn.close()

    def _state(self, ip):
        try:
            with connect(ip, self.password) as conn, conn.cursor() as cur:
                cur.execute("SHOW STATUS WHERE Variable_name IN "
                            "('wsrep_cluster_status', "
                            "'wsrep_local_state_comment')")
                s = dict(cur.fetchall())
        except (pymysql.MySQLError, OSError):
            return 'down'
        return '%s/%s' % (s.get('wsrep_cluster_status'),
                          s.get('wsrep_local_state_comment'))

    def follow(self, ip):
        """Sample ``ip`` too from now on (a node that joined)."""
        if ip not in self.sampled:
            self.sampled.append(ip)

    def _sample(self):
        while not self._stop.wait(self._interval):
            ips = list(self.sampled)
            sample = [self._state(ip) for ip in ips]
            self.samples.append(sample)
            self.sampled_at.append((time.time(), dict(zip(ips, sample))))

    # Checks ---------------------------------------------------------------

    def longest_pause(self, start=None, end=None):
        """Longest time (s) without an acknowledged write in [start, end].

        The edges count: a window with no write at all is one pause.
        """
        start = start if start is not None else self.acked_at[0]
        end = end if end is not None else self.acked_at[-1]
        times = [start] + [t for t in self.acked_at if start < t < end] + [
            end]
        return max(b - a for a, b in zip(times, times[1:]))

    def states(self, ip, start=None, end=None):
        """The states sampled on ``ip`` in [start, end], in order."""
        return [s[ip] for t, s in self.sampled_at if ip in s and
                (start is None or t >= start) and (end is None or t <= end)]

    def dips(self, quorum):
        """Samples with fewer than ``quorum`` Synced nodes.

        Every state transfer makes one: its donor is Donor/Desynced
        while it serves it, and it stays in the Primary component and
        keeps taking writes meanwhile. A restarted node catches up by
        IST, which MariaDB asks of its donor through an SST "bypass"
        (about half a second); a new node copies everything by SST
        (seconds). See README.rst.
        """
        return [s for s in self.samples if s.count(SYNCED) < quorum]

    def check(self, ips=None):
        """Assert the promises; return (acked, samples, dips) counts.

        Samples are judged on the nodes sampled; the rows and checksums
        are checked on ``ips`` (default: the same nodes).
        """
        quorum = self.size // 2 + 1
        ips = list(ips or self.sampled)
        assert len(self.samples) > 1
        for sample in self.samples:
            primary = [s for s in sample if s in (SYNCED, DONOR)]
            assert len(primary) >= quorum, sample
        dips = self.dips(quorum)
        for sample in dips:
            assert SYNCED in sample and DONOR in sample, sample
        self.check_rows(ips)
        return len(self.acked), len(self.samples), len(dips)

    def check_rows(self, ips):
        """Every acknowledged row on each of ``ips``; one checksum."""
        sums = {}
        for ip in ips:
            with connect(ip, self.password) as conn, conn.cursor() as cur:
                cur.execute('SET SESSION wsrep_sync_wait = 1')
                cur.execute('SELECT id FROM %s' % TABLE)
                have = {r[0] for r in cur.fetchall()}
                missing = set(self.acked) - have
                assert not missing, (ip, sorted(missing)[:10])
                cur.execute('CHECKSUM TABLE %s' % TABLE)
                sums[ip] = cur.fetchone()[1]
        assert len(set(sums.values())) == 1, sums
