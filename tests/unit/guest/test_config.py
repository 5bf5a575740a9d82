"""Rendering and writing of Galera node configuration (no server)."""

import os
import stat
import subprocess

import pytest

from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import grastate

BASE = '/srv/galera/node1'


def _render(datastore='mariadb', **params):
    values = dict(cluster_name='c1', node_name='node1',
                  node_address='10.0.0.1', base_dir=BASE,
                  members=['10.0.0.1', '10.0.0.2', '10.0.0.3'])
    values.update(params)
    return config.render(datastore, **values)


def _options(text):
    return config.parse(text)


def test_mariadb_render_has_galera_settings():
    text = _render(memory_mb=2048, gcache_mb=256)
    opts = _options(text)
    assert '[mysqld]' in text and '[galera]' in text
    assert opts['wsrep_on'] == 'ON'
    assert opts['wsrep_provider'] == '/usr/lib/galera/libgalera_smm.so'
    assert opts['wsrep_cluster_name'] == 'c1'
    assert opts['wsrep_cluster_address'] == (
        'gcomm://10.0.0.1,10.0.0.2,10.0.0.3')
    assert opts['wsrep_node_address'] == '10.0.0.1'
    assert opts['wsrep_node_name'] == 'node1'
    assert opts['wsrep_provider_options'] == (
        'gmcast.listen_addr=tcp://10.0.0.1:4567; '
        'ist.recv_addr=10.0.0.1:4568; gcache.size=256M')
    assert opts['wsrep_sst_receive_address'] == '10.0.0.1:4444'
    assert opts['wsrep_sst_method'] == 'rsync'
    assert 'wsrep_sst_auth' not in opts
    assert opts['binlog_format'] == 'ROW'
    assert opts['default_storage_engine'] == 'InnoDB'
    assert opts['innodb_autoinc_lock_mode'] == '2'
    assert opts['innodb_buffer_pool_size'] == '1024M'
    assert opts['bind_address'] == '10.0.0.1'
    assert opts['port'] == '3306'


def test_paths_are_inside_the_base_dir():
    opts = _options(_render())
    assert opts['datadir'] == BASE + '/data'
    assert opts['socket'] == BASE + '/run/mysqld.sock'
    assert opts['pid_file'] == BASE + '/run/mysqld.pid'
    assert opts['log_error'] == BASE + '/log/error.log'
    assert opts['tmpdir'] == BASE + '/tmp'
    # SQL reaches files only in the node's own files/, and no plugin.
    assert opts['secure_file_priv'] == BASE + '/files'
    assert opts['plugin_dir'] == BASE + '/plugins'
    pxc = _options(_render('pxc'))
    assert pxc['secure_file_priv'] == BASE + '/files'
    assert pxc['plugin_dir'] == BASE + '/plugins'


def test_empty_member_list_renders_bare_gcomm():
    assert _options(_render(members=[]))['wsrep_cluster_address'] == (
        'gcomm://')


def test_mariabackup_needs_and_renders_sst_auth():
    with pytest.raises(errors.ConfigError):
        _render(sst_method='mariabackup')
    text = _render(sst_method='mariabackup', sst_user='sst',
                   sst_password='s3cr:et pw')
    opts = _options(text)
    assert opts['wsrep_sst_method'] == 'mariabackup'
    assert opts['wsrep_sst_auth'] == 'sst:s3cr:et pw'


def test_bad_secret_is_rejected_without_echoing_it():
    with pytest.raises(errors.ConfigError) as exc:
        _render(sst_method='mariabackup', sst_user='sst',
                sst_password='bad"SECRETVALUE')
    assert 'SECRETVALUE' not in str(exc.value)


@pytest.mark.parametrize('field,value', [
    ('cluster_name', 'c1\nwsrep_on=OFF'),
    ('node_name', 'has space'),
    ('node_address', ''),
    ('members', ['10.0.0.1', 'x;y']),
])
def test_values_that_could_inject_config_are_rejected(field, value):
    with pytest.raises(errors.ConfigError):
        _render(**{field: value})


def test_unknown_params_and_methods_are_rejected():
    with pytest.raises(errors.ConfigError):
        _render(gcache_size=5)
    with pytest.raises(errors.ConfigError):
        _render(sst_method='xtrabackup-v2')
    with pytest.raises(errors.ConfigError):
        _render(datastore='postgres')
    with pytest.raises(errors.ConfigError):
        _render(memory_mb=0)


def test_pxc_render_uses_xtrabackup_and_strict_mode():
    text = _render('pxc', encrypt_traffic=True)
    opts = _options(text)
    assert opts['wsrep_sst_method'] == 'xtrabackup-v2'
    assert opts['pxc_strict_mode'] == 'ENFORCING'
    assert opts['pxc_encrypt_cluster_traffic'] == 'ON'
    assert opts['wsrep_provider'] == '/usr/lib/galera4/libgalera_smm.so'
    # PXC 8.0 has its own internal SST user: no wsrep_sst_auth.
    assert 'wsrep_sst_auth' not in opts
    assert '[galera]' not in text


def test_pxc57_renders_sst_auth_and_galera3():
    opts = _options(_render('pxc', pxc_version='5.7', sst_user='sst',
                            sst_password='pw', strict_mode='permissive'))
    assert opts['wsrep_sst_auth'] == 'sst:pw'
    assert opts['wsrep_provider'] == '/usr/lib/galera3/libgalera_smm.so'
    assert opts['pxc_strict_mode'] == 'PERMISSIVE'
    assert opts['pxc_encrypt_cluster_traffic'] == 'OFF'


def test_needs_sst_user():
    assert not config.needs_sst_user('mariadb', 'rsync')
    assert config.needs_sst_user('mariadb', 'mariabackup')
    assert not config.needs_sst_user('pxc', 'xtrabackup-v2', '8.0')
    assert config.needs_sst_user('pxc', 'xtrabackup-v2', '5.7')


def test_replace_members_changes_only_the_address_line():
    text = _render()
    new = config.replace_members(text, ['10.0.0.9', '10.0.0.1'])
    old_lines, new_lines = text.splitlines(), new.splitlines()
    changed = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines)
    assert changed == [(
        'wsrep_cluster_address = gcomm://10.0.0.1,10.0.0.2,10.0.0.3',
        'wsrep_cluster_address = gcomm://10.0.0.9,10.0.0.1')]


def test_cluster_context_reads_back_without_secrets():
    text = _render(sst_method='mariabackup', sst_user='sst',
                   sst_password='topsecret')
    ctx = config.cluster_context(text)
    assert ctx == {'cluster_name': 'c1', 'node_name': 'node1',
                   'node_address': '10.0.0.1', 'sst_method': 'mariabackup',
                   'replication_user': 'sst',
                   'members': ['10.0.0.1', '10.0.0.2', '10.0.0.3']}
    assert 'topsecret' not in repr(ctx)


def test_write_config_is_atomic_and_0600(tmp_path):
    target = tmp_path / 'galera.cnf'
    target.write_text('old')
    os.chmod(target, 0o644)
    config.write_config(str(target), 'new text\n')
    assert target.read_text() == 'new text\n'
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ['galera.cnf']


def test_write_config_leaves_old_file_when_it_fails(tmp_path, monkeypatch):
    target = tmp_path / 'galera.cnf'
    target.write_text('old')

    def fail_chown(path, uid, gid):
        raise PermissionError('chown refused')
    monkeypatch.setattr(os, 'chown', fail_chown)
    with pytest.raises(PermissionError):
        config.write_config(str(target), 'new', owner=(1, 1))
    assert target.read_text() == 'old'
    assert sorted(os.listdir(tmp_path)) == ['galera.cnf']


def test_grastate_positions(tmp_path):
    uuid = '05821eae-e5fd-11f1-aebb-36dfe132429d'
    (tmp_path / 'grastate.dat').write_text(
        '# GALERA saved state\nversion: 2.1\nuuid:    %s\nseqno:   -1\n'
        'safe_to_bootstrap: 0\n' % uuid)
    state = grastate.read(str(tmp_path))
    assert state == {'uuid': uuid, 'seqno': -1, 'safe_to_bootstrap': 0}
    assert grastate.position(state) is None
    grastate.set_safe_to_bootstrap(str(tmp_path))
    assert grastate.read(str(tmp_path))['safe_to_bootstrap'] == 1
    log = ('[Note] WSREP: Recovered position: %s:41\n' % uuid)
    assert grastate.recovered_position(log) == uuid + ':41'
    assert grastate.recovered_position(
        'WSREP: Recovered position: %s:-1' % grastate.ZERO_UUID) is None
    assert grastate.read(str(tmp_path / 'missing')) is None


def test_the_last_member_uuid_is_read_from_gvwstate(tmp_path):
    from galeratrove.guestagent.datastore.galera_common import grastate
    uuid = '9642b200-e9a9-11f1-831a-d7e84bde84ed'
    (tmp_path / 'gvwstate.dat').write_text(
        'my_uuid: %s\n#vwbeg\nview_id: 3 %s 3\n#vwend\n' % (uuid, uuid))
    assert grastate.last_member_uuid(str(tmp_path)) == uuid
    (tmp_path / 'gvwstate.dat').write_text("my_uuid: x'; DROP\n")
    assert grastate.last_member_uuid(str(tmp_path)) is None
    assert grastate.last_member_uuid(str(tmp_path / 'none')) is None
    (tmp_path / 'file').write_text('')     # a data dir that is a file
    assert grastate.last_member_uuid(str(tmp_path / 'file')) is None


@pytest.mark.parametrize('address, bind', [
    ('10.0.0.1', '10.0.0.1'), ('fd00::1', '[fd00::1]')])
@pytest.mark.parametrize('datastore', ['mariadb', 'pxc'])
def test_sst_socat_is_bound_to_the_node_address(
        tmp_path, datastore, address, bind):
    """Read back as the SST scripts read it (my_print_defaults [sst])."""
    path = tmp_path / 'galera.cnf'
    path.write_text(_render(datastore, node_address=address,
                            members=[address]))
    printed = subprocess.run(['my_print_defaults',
                              '--defaults-file=%s' % path, 'sst'],
                             capture_output=True, text=True, check=True)
    assert printed.stdout.split() == ['--sockopt=bind=' + bind]
