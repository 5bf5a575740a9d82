"""A node's OS user and its root's grants, without a server."""

import subprocess

import pytest

from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import node as gnode
from galeratrove.guestagent.datastore.galera_common import osuser
from galeratrove.guestagent.datastore import pxc

HOST_REACHING = ('FILE', 'SUPER', 'SHUTDOWN', 'RELOAD', 'ADMIN', 'SET USER',
                 'REPLICATION SLAVE', 'ALL')


def test_user_name_is_stable_short_and_per_base_dir():
    one = osuser.name_for('/var/lib/galeratrove/instances/a/node')
    assert one == osuser.name_for('/var/lib/galeratrove/instances/a/node')
    assert one != osuser.name_for('/var/lib/galeratrove/instances/b/node')
    assert one.startswith('gtdb-') and len(one) <= 32


def test_ensure_creates_a_system_user_without_home_or_shell(monkeypatch):
    made = []
    monkeypatch.setattr(osuser, 'lookup',
                        lambda name: (990, 990) if made else None)

    def run(cmd, **kwargs):
        made.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, '', '')
    monkeypatch.setattr(subprocess, 'run', run)
    assert osuser.ensure('gtdb-x', 'node /a:b,c\n') == (990, 990)
    cmd = made[0]
    assert cmd[0] == 'useradd' and cmd[-1] == 'gtdb-x'
    assert '--system' in cmd and '--no-create-home' in cmd
    assert cmd[cmd.index('--shell') + 1] == '/usr/sbin/nologin'
    assert cmd[cmd.index('--comment') + 1] == 'node /abc'


def test_a_locked_passwd_file_is_waited_for(monkeypatch):
    answers = [(1, 'useradd: cannot lock /etc/passwd; try again later.'),
               (0, '')]
    monkeypatch.setattr(osuser, 'lookup',
                        lambda name: None if answers else (5, 5))

    def run(cmd, **kwargs):
        code, err = answers.pop(0)
        return subprocess.CompletedProcess(cmd, code, '', err)
    monkeypatch.setattr(subprocess, 'run', run)
    assert osuser.ensure('gtdb-y', 'node') == (5, 5)


def test_other_useradd_failures_are_reported(monkeypatch):
    monkeypatch.setattr(osuser, 'lookup', lambda name: None)
    monkeypatch.setattr(subprocess, 'run', lambda cmd, **kw: (
        subprocess.CompletedProcess(cmd, 4, '', 'UID already in use')))
    with pytest.raises(errors.NodeError) as exc:
        osuser.ensure('gtdb-z', 'node')
    assert 'UID already in use' in str(exc.value)


def test_removing_a_missing_user_does_nothing(monkeypatch):
    monkeypatch.setattr(osuser, 'lookup', lambda name: None)
    monkeypatch.setattr(subprocess, 'run', pytest.fail)
    osuser.remove('gtdb-gone')


@pytest.mark.parametrize('node_cls', [gnode.GaleraNode, pxc.PXCNode])
def test_root_gets_what_a_tenant_needs_and_nothing_host_reaching(
        node_cls, monkeypatch):
    node = node_cls('/srv/n1', '10.0.0.1')
    statements = []
    monkeypatch.setattr(node, 'execute',
                        lambda sql, args=None: statements.append(sql))
    node.enable_root('R00t-pw')
    grant = statements[-1]
    assert statements[-2].startswith('REVOKE ALL PRIVILEGES, GRANT OPTION')
    assert grant.startswith('GRANT ') and grant.endswith('WITH GRANT OPTION')
    privileges = [p.strip() for p in node_cls.root_privileges.split(',')]
    for wanted in ('SELECT', 'INSERT', 'CREATE', 'DROP', 'ALTER',
                   'CREATE USER', 'CREATE ROUTINE', 'TRIGGER'):
        assert wanted in privileges
    for privilege in privileges:
        assert not any(word in privilege for word in HOST_REACHING), (
            privilege)
