"""A TLS cluster for real: TLS clients only, Galera and SST over TLS.

Create 3 with ``"tls": true``, check sessions, replication and the CA;
grow one by SST (rsync through stunnel) and an arbitrator (garbd with its
own certificate); shrink both; delete. The steps share
one cluster and run in file order.
"""

import os
import re
import ssl
import subprocess

import pymysql
import pytest
import requests

from tests.functional.clusters.conftest import wait_gone
from tests.functional.clusters.conftest import wait_task
from tests.functional.clusters.conftest import wsrep

STATE = {}


def tls_connect(ip, ca_file, password, user='root'):
    """A client that verifies the node's certificate and its address."""
    return pymysql.connect(host=ip, port=3306, user=user, password=password,
                           ssl_ca=ca_file, ssl_verify_cert=True,
                           ssl_verify_identity=True, connect_timeout=5,
                           autocommit=True)


def tls_files(server, instance_id):
    conf = os.path.join(server.instance_dir(instance_id), 'node', 'conf')
    return [os.path.join(conf, name) for name in
            ('tls-key.pem', 'tls-cert.pem', 'tls-ca.pem')]


def test_create_a_tls_cluster_and_download_its_ca(server, tmp_path):
    resp = requests.post(server.endpoint('demo') + '/clusters', json={
        'cluster': {'name': 'secure', 'tls': True,
                    'datastore': {'type': 'mariadb', 'version': '10.11'},
                    'instances': [{'flavorRef': '1', 'volume': {'size': 1}}
                                  ] * 3}}, timeout=30)
    assert resp.status_code == 200, resp.text
    assert resp.json()['cluster']['tls'] is True
    tc = server.client()
    cluster = wait_task(tc, resp.json()['cluster']['id'])
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 3
    ca = requests.get(server.endpoint('demo') + '/clusters/%s/ca'
                      % cluster.id, timeout=10)
    assert ca.status_code == 200
    pem = ca.json()['ca_certificate']
    assert pem.startswith('-----BEGIN CERTIFICATE-----')
    assert requests.get(server.endpoint('other') + '/clusters/%s/ca'
                        % cluster.id, timeout=10).status_code == 404
    ca_file = tmp_path / 'ca.pem'
    ca_file.write_text(pem)
    root = tc.root.create_cluster_root(cluster.id)
    STATE.update(id=cluster.id, password=root[1], ca=pem)
    for inst in cluster.instances:
        for path in tls_files(server, inst['id']):
            assert oct(os.stat(path).st_mode & 0o777) == '0o600', path
        path, text = server.node_config(inst['id'])
        assert oct(os.stat(path).st_mode & 0o777) == '0o600'
    log = server.svc.log()
    assert 'PRIVATE KEY' not in log


def _ca_file(tmp_path):
    path = tmp_path / 'ca.pem'
    path.write_text(STATE['ca'])
    return str(path)


def test_a_client_session_is_encrypted_and_verifies(server, tmp_path):
    ca_file = _ca_file(tmp_path)
    ips = server.client().clusters.get(STATE['id']).ip
    for ip in ips:
        with tls_connect(ip, ca_file, STATE['password']) as conn, \
                conn.cursor() as cur:
            cur.execute("SHOW STATUS LIKE 'Ssl_cipher'")
            assert cur.fetchone()[1]
            status = wsrep(conn)
            assert status['wsrep_cluster_size'] == '3'
    # The mysql client, as the issue's user would run it.
    out = subprocess.run(
        ['mysql', '-h', ips[0], '-uroot', '-p%s' % STATE['password'],
         '--ssl-ca=%s' % ca_file, '--ssl-verify-server-cert', '-N', '-e',
         "SHOW STATUS LIKE 'Ssl_version'"],
        capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert 'TLS' in out.stdout


def test_a_plaintext_client_is_refused(server, tmp_path):
    ip = server.client().clusters.get(STATE['id']).ip[0]
    with tls_connect(ip, _ca_file(tmp_path), STATE['password']) as conn, \
            conn.cursor() as cur:
        cur.execute('SELECT CURRENT_USER()')
        cur.execute("SHOW VARIABLES LIKE 'require_secure_transport'")
        assert cur.fetchone()[1] == 'ON'
    with pytest.raises(pymysql.err.OperationalError) as err:
        pymysql.connect(host=ip, port=3306, user='root',
                        password=STATE['password'], connect_timeout=5,
                        ssl_disabled=True)
    # The same login over TLS just worked: only the transport differs.
    # (MariaDB 10.11 answers it as access denied, later ones with 3159.)
    assert err.value.args[0] in (1045, 3159), err.value
    out = subprocess.run(
        ['mysql', '-h', ip, '-uroot', '-p%s' % STATE['password'],
         '--skip-ssl', '-N', '-e', 'SELECT 1'],
        capture_output=True, text=True, timeout=30)
    assert out.returncode != 0 and 'ERROR' in out.stderr


def test_galera_replication_runs_over_tls(server, tmp_path):
    ca_file = _ca_file(tmp_path)
    cluster = server.client().clusters.get(STATE['id'])
    ip = cluster.ip[0]
    with tls_connect(ip, ca_file, STATE['password']) as conn, \
            conn.cursor() as cur:
        cur.execute("SHOW VARIABLES LIKE 'wsrep_provider_options'")
        options = cur.fetchone()[1]
    assert re.search(r'socket\.ssl = YES', options), options
    # The gcomm port speaks TLS with a certificate of the cluster's CA.
    context = ssl.create_default_context(cafile=ca_file)
    context.check_hostname = False
    import socket
    with socket.create_connection((ip, 4567), timeout=5) as raw, \
            context.wrap_socket(raw) as tls:
        assert tls.version().startswith('TLS')
        assert tls.getpeercert()


def test_grow_by_sst_issues_a_certificate_for_the_new_node(server, tmp_path):
    ca_file = _ca_file(tmp_path)
    tc = server.client()
    with tls_connect(tc.clusters.get(STATE['id']).ip[0], ca_file,
                     STATE['password']) as conn, conn.cursor() as cur:
        cur.execute('CREATE DATABASE shop')
        cur.execute('CREATE TABLE shop.items (id INT PRIMARY KEY)')
        cur.execute('INSERT INTO shop.items VALUES (1), (2)')
    tc.clusters.grow(STATE['id'], [{'flavorRef': '1',
                                    'volume': {'size': 1}}])
    cluster = wait_task(tc, STATE['id'])
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 4
    new = cluster.instances[-1]
    with tls_connect(new['ip'], ca_file, STATE['password']) as conn, \
            conn.cursor() as cur:
        cur.execute('SELECT COUNT(*) FROM shop.items')
        assert cur.fetchone() == (2,)
        assert wsrep(conn)['wsrep_cluster_size'] == '4'
    certs = set()
    for inst in cluster.instances:
        with open(tls_files(server, inst['id'])[1]) as f:
            certs.add(f.read())
    assert len(certs) == 4
    # The joiner received its snapshot through stunnel.
    with open(os.path.join(server.instance_dir(new['id']), 'node', 'log',
                           'error.log')) as f:
        log = f.read()
    assert 'Using stunnel for SSL encryption' in log
    STATE['new'] = new['id']


def test_an_arbitrator_joins_with_a_certificate_of_its_own(
        server, tmp_path):
    """The group requires TLS: garbd counts in the size only over TLS."""
    tc = server.client()
    tc.clusters.grow(STATE['id'], [{'flavorRef': '1',
                                    'type': 'arbitrator'}])
    cluster = wait_task(tc, STATE['id'])
    assert [i['status'] for i in cluster.instances] == ['ACTIVE'] * 5
    garbd, = [i for i in cluster.instances if i.get('type') == 'arbitrator']
    with tls_connect(cluster.instances[0]['ip'], _ca_file(tmp_path),
                     STATE['password']) as conn:
        assert wsrep(conn)['wsrep_cluster_size'] == '5'
    key, cert, ca = tls_files(server, garbd['id'])
    for path in (key, cert, ca):
        assert oct(os.stat(path).st_mode & 0o777) == '0o600', path
    with open(ca) as f:
        assert f.read() == STATE['ca']
    conf = os.path.join(server.instance_dir(garbd['id']), 'node', 'conf',
                        'garbd.cnf')
    with open(conf) as f:
        assert 'socket.ssl_cert=%s' % cert in f.read()
    STATE['arbitrator'] = garbd['id']


def test_shrink_and_delete_remove_the_keys(server):
    tc = server.client()
    tc.clusters.shrink(STATE['id'], [{'id': STATE['new']},
                                     {'id': STATE['arbitrator']}])
    cluster = wait_task(tc, STATE['id'])
    assert len(cluster.instances) == 3
    for gone in ('new', 'arbitrator'):
        assert not any(os.path.exists(p)
                       for p in tls_files(server, STATE[gone]))
    ids = [i['id'] for i in cluster.instances]
    tc.clusters.delete(STATE['id'])
    wait_gone(tc, STATE['id'])
    for instance_id in ids:
        assert not any(os.path.exists(p)
                       for p in tls_files(server, instance_id))
    assert server.node_pids() == []
