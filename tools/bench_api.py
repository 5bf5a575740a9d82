"""Benchmark: the API read path against a static response, same server.

Seeds N clusters of 3 instances into a fresh SQLite state, starts
galeratrove-all (or, with ``--server api``, galeratrove-api with
``--workers`` processes) on a free port and, for 1, 8 and 32 concurrent
clients (keep-alive connections of wrk when installed, else of a small
asyncio load generator), measures req/s and p99 of: the versions
document at ``/`` (the baseline: the same server and WSGI stack, no
SQL), a 14 KB file of the dashboard (for scale), one page of ``GET
/clusters``, ``GET /clusters/{id}``, ``GET
/clusters/{id}/instances/{iid}`` and ``GET /instances/{id}``.
Targets at 32 clients: every call >= 25% of the baseline's req/s, p99 <
50 ms, and the same figures at 10,000 clusters as at 1,000.
"""

import argparse
import asyncio
import collections
import datetime
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import psutil
import sqlalchemy as sa

from galeratrove.db import api as db_api
from galeratrove.db import migration
from galeratrove.db import models

BIN = os.path.dirname(sys.executable)
TENANT = 'bench'
CLIENTS = (1, 8, 32)
TARGET_SHARE = 0.25
TARGET_P99_MS = 50
SERVER = [None]  # the server's psutil.Process
USE_WRK = bool(shutil.which('wrk'))


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _rows(count, version_id):
    """Clusters of 3 ACTIVE instances, as heartbeats leave them."""
    start = datetime.datetime(2024, 1, 1)
    clusters, instances = [], []
    for n in range(count):
        cid = str(uuid.uuid4())
        when = start + datetime.timedelta(seconds=n)
        clusters.append(dict(
            id=cid, tenant_id=TENANT, name='bench-%d' % n,
            datastore_version_id=version_id, task_id=1,
            root_enabled=False, last_member_index=3, deleted=False,
            created=when, updated=when))
        for i in range(1, 4):
            address = '127.20.%d.%d' % (n * 3 // 250 % 250, (n * 3 + i) % 250)
            instances.append(dict(
                id=str(uuid.uuid4()), cluster_id=cid, tenant_id=TENANT,
                name='bench-%d-%d' % (n, i), member_index=i,
                flavor_id='2', volume_size=1, volume_used=0.1,
                compute_id='c-%d-%d' % (n, i), addresses=[address],
                status='ACTIVE', deleted=False, created=when, updated=when,
                heartbeat_at=when, heartbeat_sent=1, rpc_key='x' * 140,
                guest_status={'wsrep_ready': 'ON',
                              'wsrep_cluster_status': 'Primary',
                              'wsrep_local_state_comment': 'Synced',
                              'wsrep_cluster_size': 3}))
    return clusters, instances


def seed(state, count):
    """A migrated SQLite DB under ``state`` with ``count`` clusters."""
    os.makedirs(state, mode=0o711)
    db_api.configure('sqlite:///%s/galeratrove.sqlite' % state)
    migration.upgrade()
    version = db_api.datastore_version_update('mariadb', '10.11', 'mariadb')
    clusters, instances = _rows(count, version.id)
    with db_api.get_engine().begin() as conn:
        conn.execute(sa.insert(models.Cluster), clusters)
        conn.execute(sa.insert(models.Instance), instances)
    return [(c['id'], [i['id'] for i in instances
                       if i['cluster_id'] == c['id']])
            for c in random.sample(clusters, min(count, 200))]


def start_server(base, state, port, extra_conf, server='all', workers=2,
                 threads=1, access_log=True):
    conf = os.path.join(base, 'gt.conf')
    with open(conf, 'w') as f:
        f.write('[DEFAULT]\nstate_path = %s\nbind_port = %d\n'
                'auth_strategy = noauth\n%s\n'
                '[api]\nworkers = %d\nthreads = %d\naccess_log = %s\n'
                '[cluster]\nhealth_check_interval = 0\n'
                '[local_compute]\ncidr = 127.%d.%d.0/24\n'
                % (state, port, extra_conf, workers, threads, access_log,
                   random.randint(100, 250), random.randint(1, 250)))
    log = open(os.path.join(base, 'all.log'), 'ab')
    proc = subprocess.Popen(
        [os.path.join(BIN, 'galeratrove-' + server), '--config-file', conf],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            asyncio.run(_one(port, '/'))
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    log.close()
    with open(os.path.join(base, 'all.log')) as f:
        raise SystemExit('galeratrove-%s did not start:\n%s'
                         % (server, f.read()[-3000:]))


async def _request(reader, writer, port, path):
    writer.write(('GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n'
                  'Accept: */*\r\n\r\n'
                  % (path, port)).encode())
    head = await reader.readuntil(b'\r\n\r\n')
    status = head[9:12]
    length = None
    for line in head.split(b'\r\n')[1:]:
        name, _, value = line.partition(b':')
        if name.strip().lower() == b'content-length':
            length = int(value)
    if status != b'200' or length is None:
        raise SystemExit('GET %s: %r' % (path, head[:200]))
    await reader.readexactly(length)


async def _one(port, path):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    try:
        await _request(reader, writer, port, path)
    finally:
        writer.close()


async def _client(port, paths, stop_at, latencies):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    clock = time.perf_counter
    try:
        while clock() < stop_at:
            t0 = clock()
            await _request(reader, writer, port, random.choice(paths))
            latencies.append(clock() - t0)
    finally:
        writer.close()


async def _load(port, paths, clients, seconds):
    latencies = []
    t0 = time.perf_counter()
    await asyncio.gather(*[_client(port, paths, t0 + seconds, latencies)
                           for _ in range(clients)])
    elapsed = time.perf_counter() - t0
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, p99 * 1000


_WRK_SCRIPT = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)],
                    {["Host"] = "127.0.0.1:%d", ["Accept"] = "*/*"})
end
"""
_UNITS = {'us': 0.001, 'ms': 1.0, 's': 1000.0}


def _children_cpu():
    """CPU seconds of this process's finished children (wrk)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wrk(port, paths, clients, seconds):
    """(req/s, p99 ms) as wrk measures them (any non-2xx fails)."""
    with tempfile.NamedTemporaryFile('w', suffix='.lua') as script:
        script.write(_WRK_SCRIPT % (', '.join('"%s"' % p for p in paths),
                                    port))
        script.flush()
        out = subprocess.run(
            ['wrk', '-t%d' % min(2, clients), '-c%d' % clients,
             '-d%ds' % max(1, round(seconds)), '--latency', '-s', script.name,
             'http://127.0.0.1:%d' % port], capture_output=True, text=True,
            timeout=seconds + 60).stdout
    if 'Non-2xx' in out or 'Socket errors' in out:
        raise SystemExit('wrk saw errors on %s:\n%s' % (paths[0], out))
    rate = float(re.search(r'Requests/sec:\s+([\d.]+)', out).group(1))
    value, unit = re.search(r'\s99%\s+([\d.]+)(us|ms|s)\b', out).groups()
    return rate, float(value) * _UNITS[unit]


def _server_cpu():
    """CPU seconds the server's processes have used so far."""
    total = 0.0
    for proc in [SERVER[0]] + SERVER[0].children(recursive=True):
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def load(port, paths, clients, seconds):
    """(req/s, p99 ms, server and client CPU ms per request).

    The CPU per request does not depend on what else the machine runs:
    static CPU / call CPU is the share a call would have on idle cores.
    The client's (wrk's, or this process's) shares the same cores.
    """
    if USE_WRK:
        _wrk(port, paths, clients, min(1.0, seconds / 4))  # warm
        cpu, client = _server_cpu(), _children_cpu()
        rate, p99 = _wrk(port, paths, clients, seconds)
        count = rate * max(1, round(seconds))
        client = _children_cpu() - client
    else:
        asyncio.run(_load(port, paths, clients, min(1.0, seconds / 4)))
        cpu, client = _server_cpu(), time.process_time()
        rate, p99 = asyncio.run(_load(port, paths, clients, seconds))
        count = rate * seconds
        client = time.process_time() - client
    count = max(1, count)
    return (rate, p99, (_server_cpu() - cpu) * 1000 / count,
            client * 1000 / count)


def calls(sample):
    prefix = '/v1.0/%s/clusters' % TENANT
    return [
        ('static GET / (baseline)', ['/']),
        ('static 14 KB file', ['/dashboard/static/css/dashboard.css']),
        ('GET /clusters (1 page)', [prefix]),
        ('GET /clusters/{id}', ['%s/%s' % (prefix, c) for c, _ in sample]),
        ('GET .../instances/{iid}',
         ['%s/%s/instances/%s' % (prefix, c, random.choice(i))
          for c, i in sample]),
        ('GET /instances/{id}',
         ['/v1.0/%s/instances/%s' % (TENANT, random.choice(i))
          for _c, i in sample]),
    ]


def measure(port, sample, seconds, rounds):
    """Median req/s, p99 and share of static per (call, clients).

    Each round runs every call once, the static baseline first, so a
    burst of load elsewhere on the machine hits a round, not one call.
    """
    results = {}
    print('%-26s %8s %8s %8s %6s %11s %9s %11s' % (
        'call', 'clients', 'req/s', 'p99 ms', 'share', 'CPU ms/req',
        'CPU share', 'client CPU'))
    for clients in CLIENTS:
        runs = collections.defaultdict(list)
        for _ in range(rounds):
            static = None
            for name, paths in calls(sample):
                rate, p99, cpu, client = load(port, paths, clients, seconds)
                static = static or (rate, cpu)
                runs[name].append((rate, p99, rate / static[0], cpu,
                                   static[1] / cpu, client))
        for name, _paths in calls(sample):
            row = tuple(statistics.median(v) for v in zip(*runs[name]))
            results[name, clients] = row
            rate, p99, share, cpu, cpu_share, client = row
            print('%-26s %8d %8.0f %8.1f %5.0f%% %11.2f %8.0f%% %11.2f'
                  % (name, clients, rate, p99, 100 * share, cpu,
                     100 * cpu_share, client), flush=True)
    return results


def run_size(count, seconds, rounds, extra_conf, server, workers, threads,
             access_log):
    base = tempfile.mkdtemp(prefix='gt-bench-api-')
    os.chmod(base, 0o711)  # the nodes' OS users traverse it (as root)
    proc = None
    try:
        state = os.path.join(base, 'state')
        t0 = time.monotonic()
        sample = seed(state, count)
        print('\n%d clusters of 3 instances (seeded in %.1fs), load %s'
              % (count, time.monotonic() - t0, _load_avg()), flush=True)
        port = _free_port()
        proc = start_server(base, state, port, extra_conf, server, workers,
                            threads, access_log)
        SERVER[0] = psutil.Process(proc.pid)
        results = measure(port, sample, seconds, rounds)
        print('load at the end: %s' % _load_avg())
        return results
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
        shutil.rmtree(base, ignore_errors=True)


def _load_avg():
    return ' '.join('%.2f' % v for v in os.getloadavg())


def verdict(results, count):
    ok = True
    for (name, clients), row in sorted(results.items()):
        rate, p99, share = row[:3]
        if clients != 32 or name.startswith('static'):
            continue
        met = share >= TARGET_SHARE and p99 < TARGET_P99_MS
        ok = ok and met
        print('%d clusters, 32 clients, %-24s %4.0f%% of static, p99 '
              '%5.1f ms: %s' % (count, name, 100 * share, p99,
                                'met' if met else 'NOT met'))
    return ok


def main():
    global USE_WRK
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--clusters', type=int, nargs='+',
                        default=[1000, 10000])
    parser.add_argument('--seconds', type=float, default=2,
                        help='measured seconds per call, clients and round')
    parser.add_argument('--rounds', type=int, default=3,
                        help='interleaved rounds; medians are shown')
    parser.add_argument('--server', choices=('all', 'api'), default='all',
                        help='galeratrove-all (one process) or '
                             'galeratrove-api (gunicorn, --workers)')
    parser.add_argument('--workers', type=int, default=2,
                        help='[api] workers with --server api')
    parser.add_argument('--threads', type=int, default=1,
                        help='[api] threads of each worker (--server api)')
    parser.add_argument('--no-access-log', dest='access_log',
                        action='store_false',
                        help='[api] access_log = false (galeratrove-api)')
    parser.add_argument('--client', choices=('wrk', 'python'),
                        default='wrk' if USE_WRK else 'python',
                        help='load generator (wrk when installed)')
    parser.add_argument('--conf', default='',
                        help='extra [DEFAULT] lines, e.g. "api_threads=4"')
    args = parser.parse_args()
    USE_WRK = args.client == 'wrk'
    extra = '\n'.join(args.conf.split(';'))
    print('targets at 32 clients: >= %d%% of the static req/s, p99 < %d '
          'ms, flat from the smallest to the largest seed'
          % (TARGET_SHARE * 100, TARGET_P99_MS))
    print('server galeratrove-%s%s, client %s' % (
        args.server, ' (%d workers x %d threads, access log %s)' % (
            args.workers, args.threads, 'on' if args.access_log else 'off')
        if args.server == 'api' else '', args.client))
    everything = {n: run_size(n, args.seconds, args.rounds, extra,
                              args.server, args.workers, args.threads,
                              args.access_log)
                  for n in args.clusters}
    print()
    ok = all([verdict(everything[n], n) for n in args.clusters])
    sizes = sorted(everything)
    if len(sizes) > 1:
        small, large = everything[sizes[0]], everything[sizes[-1]]
        for key in sorted(small):
            if key[1] == 32 and not key[0].startswith('static'):
                print('%-24s %d vs %d clusters: share %.0f%% vs %.0f%%, '
                      'p99 %.1f vs %.1f ms' % (
                          key[0], sizes[-1], sizes[0], 100 * large[key][2],
                          100 * small[key][2], large[key][1],
                          small[key][1]))
    print('targets met' if ok else 'targets NOT all met')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
