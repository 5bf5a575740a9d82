"""Benchmark: a cluster's backup and restore through the API, against
mariabackup run by hand on the same node in the same run.

Through the REST API: a 3-node cluster gets ``--mb`` MB of rows, is
backed up (POST /backups until COMPLETED) and restored into a new 3-node
cluster (create with restorePoint until NONE). By hand, on the member the
service backed up: ``mariabackup --backup --stream=xbstream | zstd`` into
a file, then ``zstd -d | mbstream -x`` and ``mariabackup --prepare``.
Prints times and MB/s of the data size.
"""

import argparse
import os
import shutil
import subprocess
import tempfile
import time

import pymysql
import requests

import bench  # tools/bench.py, beside this script


def _wait(get, done, timeout=3600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = get()
        if done(body):
            return body
        time.sleep(0.2)
    raise SystemExit('timed out')


def load(ip, password, mb):
    """``mb`` MB of 64 KiB rows (half compressible), through one member."""
    with pymysql.connect(host=ip, user='root', password=password,
                         autocommit=True) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE bench')
        cur.execute('CREATE TABLE bench.t (id INT PRIMARY KEY, '
                    'v LONGBLOB)')
        rows = mb * 16
        for start in range(0, rows, 64):
            cur.executemany(
                'INSERT INTO bench.t VALUES (%s, %s)',
                [(i, os.urandom(1 << 15) * 2)
                 for i in range(start, min(rows, start + 64))])
        cur.execute('SELECT SUM(LENGTH(v)) FROM bench.t')
        return int(cur.fetchone()[0])


def by_hand(node_dir, work):
    """mariabackup by hand on the node the service backed up."""
    conf = os.path.join(node_dir, 'conf', 'admin.cnf')
    sock = os.path.join(node_dir, 'run', 'mysqld.sock')
    out = os.path.join(work, 'hand.xbstream.zst')
    t0 = time.monotonic()
    subprocess.run(
        'mariabackup --defaults-file=%s --backup --galera-info '
        '--stream=xbstream --socket=%s --datadir=%s --target-dir=%s '
        '2>%s/hand-backup.log | zstd -q -c -3 > %s' % (
            conf, sock, os.path.join(node_dir, 'data'), work, work, out),
        shell=True, check=True)
    t1 = time.monotonic()
    target = os.path.join(work, 'restore')
    os.makedirs(target)
    subprocess.run('zstd -d -q -c %s | mbstream -x -C %s' % (out, target),
                   shell=True, check=True)
    subprocess.run(['mariabackup', '--prepare', '--target-dir=' + target],
                   check=True, capture_output=True)
    t2 = time.monotonic()
    return t1 - t0, t2 - t1, os.path.getsize(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--mb', type=int, default=1024,
                        help='MB of rows to load (default 1024: ~1 GB).')
    args = parser.parse_args()
    base = tempfile.mkdtemp(prefix='gt-bench-bk-', dir='/tmp')
    os.chmod(base, 0o755)
    api = bench.API(base)
    url = api.url
    inst = {'flavorRef': '2', 'volume': {'size': 10}}
    try:
        c = requests.post(url + '/clusters', json={'cluster': {
            'name': 'src', 'datastore': {'type': 'mariadb',
                                         'version': bench._version()},
            'instances': [inst] * 3}}).json()['cluster']
        c = api.wait_none(c['id'])
        password = requests.post('%s/clusters/%s/root' % (
            url, c['id'])).json()['user']['password']
        data = load(c['ip'][0], password, args.mb)
        t0 = time.monotonic()
        b = requests.post(url + '/backups', json={'backup': {
            'name': 'bench', 'cluster': c['id']}}).json()['backup']
        b = _wait(lambda: requests.get('%s/backups/%s' % (
            url, b['id'])).json()['backup'],
            lambda x: x['status'] in ('COMPLETED', 'FAILED'))
        t1 = time.monotonic()
        if b['status'] != 'COMPLETED':
            raise SystemExit('backup failed: %s' % b['fail_reason'])
        api.wait_none(c['id'])
        node_dir = os.path.join(base, 'state', 'instances', b['instance_id'],
                                'node')
        work = os.path.join(base, 'hand')
        os.makedirs(work)
        hand_backup, hand_restore, hand_size = by_hand(node_dir, work)
        requests.delete('%s/clusters/%s' % (url, c['id']))
        _wait(lambda: requests.get(url + '/clusters').json()['clusters'],
              lambda x: not x)
        r = dict(inst, restorePoint={'backupRef': b['id']})
        t2 = time.monotonic()
        c2 = requests.post(url + '/clusters', json={'cluster': {
            'name': 'restored', 'datastore': {
                'type': 'mariadb', 'version': bench._version()},
            'instances': [r] * 3}}).json()['cluster']
        api.wait_none(c2['id'])
        t3 = time.monotonic()
        requests.delete('%s/clusters/%s' % (url, c2['id']))
        _wait(lambda: requests.get(url + '/clusters').json()['clusters'],
              lambda x: not x)
    finally:
        api.close()
        shutil.rmtree(base, ignore_errors=True)
    mb = data / 1e6
    print('data %.0f MB; stored %.1f MB (API), %.1f MB (by hand)' % (
        mb, b['size_bytes'] / 1e6, hand_size / 1e6))
    print('%-34s %8s %9s' % ('', 'seconds', 'MB/s'))
    for name, secs in (('backup through the API', t1 - t0),
                       ('backup by hand (mariabackup|zstd)', hand_backup),
                       ('restore: 3-node create from it', t3 - t2),
                       ('restore by hand (unpack+prepare)', hand_restore)):
        print('%-34s %8.2f %9.1f' % (name, secs, mb / secs))


if __name__ == '__main__':
    main()
