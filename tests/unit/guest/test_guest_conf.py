"""A guest's configuration holds its own identity and key, nothing more."""

import os
import stat

from oslo_config import cfg

from galeratrove.common import guest_conf
from galeratrove.conf import guest as guest_opts
from galeratrove.guestagent.datastore.galera_common import config


def test_a_guest_gets_its_own_key_and_no_control_plane_secret(conf,
                                                              tmp_path):
    conf('connection', 'mysql+pymysql://gt:dbsecret@db/gt', group='database')
    conf('service_key', 'servicesecret', group='rpc_auth')
    conf('transport_url', 'rabbit://svc:brokersecret@mq:5672/')
    conf('guest_transport_url', 'rabbit://guest:pa$$s@mq:5672/',
         group='rpc_auth')
    path = str(tmp_path / 'guest_info.conf')
    config.write_config(path, guest_conf.render('i1', {
        'manager': 'mariadb', 'address': '127.10.0.1', 'base_dir': '/d',
        'memory_mb': 512, 'rpc_key': 'ownkey', 'volume_size': 1}))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        text = f.read()
    for secret in ('dbsecret', 'servicesecret', 'brokersecret', 'database',
                   'keystone'):
        assert secret not in text
    parsed = cfg.ConfigOpts()
    guest_opts.register_opts(parsed)
    parsed.register_opt(cfg.StrOpt('transport_url'))
    parsed(['--config-file', path], default_config_files=[])
    assert parsed.guest_agent.instance_id == 'i1'
    assert parsed.guest_agent.rpc_key == 'ownkey'
    assert parsed.transport_url == 'rabbit://guest:pa$s@mq:5672/'
