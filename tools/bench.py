"""Benchmark: the control plane against the same nodes brought up by hand.

Through the REST API: create a 3-node cluster, grow it by 1, shrink it by
1. In the same run, by hand (the same GaleraNode calls the guest agent
makes, with no API, RPC or SQL): bootstrap 3 nodes, join a 4th, stop one.
Prints each figure, the ratio and the control plane's own share.
Target: create <= 1.15x the hand bootstrap.

``--rolling``: a rolling restart of a 3-node cluster through the API
(``{"restart": {}}``) against 3 restarts by hand of the same nodes in the
same run (stop, start, wait until all three are Synced again: what an
operator does), in alternating order from round to round.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests

from galeratrove.guestagent.datastore.galera_common import node as gnode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _cidr():
    return '127.%d.%d' % (random.randint(100, 250), random.randint(1, 250))


class API:

    def __init__(self, base, extra=''):
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d/v1.0/bench' % self.port
        conf = os.path.join(base, 'gt.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s/state\nbind_port = %d\n'
                    '[local_compute]\ncidr = %s.0/24\n%s'
                    % (base, self.port, _cidr(), extra))
        self.log = open(os.path.join(base, 'all.log'), 'ab')
        self.proc = subprocess.Popen(
            [os.path.join(BIN, 'galeratrove-all'), '--config-file', conf],
            stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + '/clusters', timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise SystemExit('galeratrove-all did not start')

    def wait_none(self, cluster_id):
        while True:
            c = requests.get('%s/clusters/%s' % (self.url, cluster_id)).json()
            c = c['cluster']
            if c['task']['name'] == 'NONE':
                bad = [i for i in c['instances'] if i['status'] != 'ACTIVE']
                if bad:
                    raise SystemExit('instances failed: %s' % bad)
                return c
            time.sleep(0.05)

    def run(self):
        inst = {'flavorRef': '2', 'volume': {'size': 1}}
        t0 = time.monotonic()
        c = requests.post(self.url + '/clusters', json={'cluster': {
            'name': 'bench', 'datastore': {'type': 'mariadb',
                                           'version': _version()},
            'instances': [inst] * 3}}).json()['cluster']
        c = self.wait_none(c['id'])
        t1 = time.monotonic()
        requests.post('%s/clusters/%s' % (self.url, c['id']),
                      json={'grow': [inst]})
        c = self.wait_none(c['id'])
        t2 = time.monotonic()
        requests.post('%s/clusters/%s' % (self.url, c['id']),
                      json={'shrink': [{'id': c['instances'][1]['id']}]})
        c = self.wait_none(c['id'])
        t3 = time.monotonic()
        requests.delete('%s/clusters/%s' % (self.url, c['id']))
        while requests.get('%s/clusters' % self.url).json()['clusters']:
            time.sleep(0.05)
        return t1 - t0, t2 - t1, t3 - t2

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)
        self.log.close()


def _version():
    return gnode.get_node_class('mariadb').server_version()


def by_hand(base):
    """The guest agent's node calls for the same sequence, nothing else."""
    prefix = _cidr()
    cls = gnode.get_node_class('mariadb')
    nodes = [cls(os.path.join(base, 'n%d' % i), '%s.%d' % (prefix, i))
             for i in range(1, 5)]
    members = [n.address for n in nodes[:3]]

    def bring_up(node, members, bootstrap):
        node.initialize()
        node.secure('os_admin', 'bench-password-1')
        node.write_cluster_config('bench', os.path.basename(
            node.paths.base), members, memory_mb=1024)
        node.start(bootstrap=bootstrap, timeout=300)
    try:
        t0 = time.monotonic()
        for i, node in enumerate(nodes[:3]):
            bring_up(node, members, bootstrap=(i == 0))
        t1 = time.monotonic()
        bring_up(nodes[3], members + [nodes[3].address], False)
        t2 = time.monotonic()
        nodes[1].stop()
        t3 = time.monotonic()
        return t1 - t0, t2 - t1, t3 - t2
    finally:
        for node in nodes:
            node.destroy()


def _hand_nodes(base, cluster):
    """GaleraNode handles on the API cluster's own nodes."""
    cls = gnode.get_node_class('mariadb')
    nodes = []
    for inst in cluster['instances']:
        node_dir = os.path.join(base, 'state', 'instances', inst['id'],
                                'node')
        with open(os.path.join(node_dir, 'guest_state.json')) as f:
            password = json.load(f)['admin_password']
        nodes.append(cls(node_dir, inst['ip'][0], admin_user='os_admin',
                         admin_password=password))
    return nodes


def _all_synced(nodes):
    for node in nodes:
        s = node.status()
        if (s['wsrep_local_state_comment'] != 'Synced' or
                s['wsrep_cluster_size'] != len(nodes)):
            return False
    return True


def restart_by_hand(nodes):
    t0 = time.monotonic()
    for node in nodes:
        node.stop()
        node.start(timeout=300)
        while not _all_synced(nodes):
            time.sleep(0.05)
    return time.monotonic() - t0


def restart_by_api(api, cluster_id):
    t0 = time.monotonic()
    requests.post('%s/clusters/%s' % (api.url, cluster_id),
                  json={'restart': {}}).raise_for_status()
    api.wait_none(cluster_id)
    return time.monotonic() - t0


def rolling(rounds):
    """Rolling restart via the API vs by hand, on one cluster."""
    base = tempfile.mkdtemp(prefix='gt-bench-', dir='/tmp')
    os.chmod(base, 0o755)
    times = {'api': [], 'hand': []}
    # No health checks: they would start a node stopped by hand.
    api = API(base, '[cluster]\nhealth_check_interval = 0\n')
    try:
        inst = {'flavorRef': '2', 'volume': {'size': 1}}
        c = requests.post(api.url + '/clusters', json={'cluster': {
            'name': 'bench', 'datastore': {'type': 'mariadb',
                                           'version': _version()},
            'instances': [inst] * 3}}).json()['cluster']
        c = api.wait_none(c['id'])
        nodes = _hand_nodes(base, c)
        for i in range(rounds):
            order = ('api', 'hand') if i % 2 == 0 else ('hand', 'api')
            for how in order:
                times[how].append(restart_by_api(api, c['id'])
                                  if how == 'api' else
                                  restart_by_hand(nodes))
        requests.delete('%s/clusters/%s' % (api.url, c['id']))
        while requests.get('%s/clusters' % api.url).json()['clusters']:
            time.sleep(0.05)
    finally:
        api.close()
        shutil.rmtree(base, ignore_errors=True)
    for how in ('hand', 'api'):
        print('%-30s %s' % ('rolling restart, %s:' % how, ' '.join(
            '%.2fs' % t for t in times[how])))
    hand, api_best = min(times['hand']), min(times['api'])
    print('best of %d: by hand %.2fs, API %.2fs, ratio %.2fx (%+.2fs)' % (
        rounds, hand, api_best, api_best / hand, api_best - hand))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--rolling', action='store_true',
                        help='Measure a rolling restart instead.')
    args = parser.parse_args()
    if args.rolling:
        return rolling(args.rounds)
    results = {'api': [], 'hand': []}
    for _ in range(args.rounds):
        base = tempfile.mkdtemp(prefix='gt-bench-', dir='/tmp')
        os.chmod(base, 0o755)
        try:
            results['hand'].append(by_hand(os.path.join(base, 'hand')))
            api = API(base)
            try:
                results['api'].append(api.run())
            finally:
                api.close()
        finally:
            shutil.rmtree(base, ignore_errors=True)
    best = {k: [min(r[i] for r in v) for i in range(3)]
            for k, v in results.items()}
    print('%-22s %9s %9s %7s %10s' % ('operation (best of %d)' % args.rounds,
                                      'by hand', 'API', 'ratio',
                                      'overhead'))
    for i, name in enumerate(('create 3 nodes', 'grow by 1', 'shrink by 1')):
        hand, api = best['hand'][i], best['api'][i]
        print('%-22s %8.2fs %8.2fs %6.2fx %+9.2fs' % (
            name, hand, api, api / hand, api - hand))
    ratio = best['api'][0] / best['hand'][0]
    print('create ratio %.2fx (target <= 1.15x): %s' % (
        ratio, 'met' if ratio <= 1.15 else 'NOT met'))


if __name__ == '__main__':
    main()
