"""A cloud server's agent finds its configuration and its address."""

import json
import os
import stat

from galeratrove.cmd import guestagent as cmd_guestagent
from galeratrove.common import user_data
from galeratrove.guestagent import vm


def _drive(tmp_path, networks=None):
    latest = tmp_path / 'drive' / 'openstack' / 'latest'
    latest.mkdir(parents=True)
    (latest / 'user_data').write_text(user_data.render('i7', {
        'manager': 'mariadb', 'memory_mb': 1024, 'rpc_key': 'k7',
        'base_dir': '/var/lib/galeratrove/node'}))
    if networks is not None:
        (latest / 'network_data.json').write_text(json.dumps(
            {'networks': networks}))
    return str(tmp_path / 'drive')


def test_config_comes_from_the_config_drive(tmp_path, monkeypatch):
    drive = _drive(tmp_path)
    assert vm.find_config_drive(['/nonexistent', drive]) == drive
    target = str(tmp_path / 'etc' / 'guest_info.conf')
    monkeypatch.setattr(vm, 'CONFIG_PATH', target)
    monkeypatch.setenv('GALERATROVE_CONFIG_DRIVE', drive)
    argv = cmd_guestagent._with_config(['galeratrove-guestagent'])
    assert argv[-2:] == ['--config-file', target]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with open(target) as f:
        assert 'instance_id = i7' in f.read()
    # An explicit file wins.
    assert cmd_guestagent._with_config(['x', '--config-file=/c']) == [
        'x', '--config-file=/c']


def test_address_is_the_first_static_ipv4_in_nic_order(tmp_path):
    drive = _drive(tmp_path, networks=[
        {'type': 'ipv6', 'ip_address': 'fd00::5'},
        {'type': 'ipv4', 'ip_address': '10.9.0.5'},
        {'type': 'ipv4', 'ip_address': '192.168.0.7'}])
    assert vm.discover_address('rabbit://u:p@127.0.0.1:5672/', drive) == \
        '10.9.0.5'


def test_address_falls_back_to_the_route_to_the_broker(tmp_path):
    drive = _drive(tmp_path, networks=[{'type': 'ipv4_dhcp'}])
    assert vm.discover_address('rabbit://u:p@127.0.0.1:5672,h2:5672/vh',
                               drive) == '127.0.0.1'


def test_the_image_element_has_the_unit_the_boot_script_starts():
    root = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                        'tools', 'guest-image', 'elements',
                        'galeratrove-guest')
    unit = os.path.join(root, 'static', 'etc', 'systemd', 'system',
                        'galeratrove-guestagent.service')
    assert 'galeratrove-guestagent.service' in user_data.TEMPLATE
    with open(unit) as f:
        text = f.read()
    assert 'galeratrove-guest-volume' in text
    assert os.access(os.path.join(root, 'static', 'usr', 'local', 'sbin',
                                  'galeratrove-guest-volume'), os.X_OK)
