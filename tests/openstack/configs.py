"""Configuration files of the test stack's OpenStack services.

Each function returns {section: {option: value}}; stack.py writes them
(0600: they hold the services' passwords).
"""

import getpass

PASSWORD = 'gt-stack-secret'


def _authtoken(stack, user):
    return {'www_authenticate_uri': stack.url('keystone'),
            'auth_url': stack.url('keystone'), 'auth_type': 'password',
            'username': user, 'password': PASSWORD,
            'project_name': 'service', 'user_domain_name': 'Default',
            'project_domain_name': 'Default',
            'service_token_roles_required': 'true'}


def _client(stack, user):
    values = _authtoken(stack, user)
    del values['www_authenticate_uri']
    del values['service_token_roles_required']
    values['region_name'] = 'RegionOne'
    return values


def _common(stack, name):
    return {'DEFAULT': {'transport_url': stack.transport_url,
                        'state_path': stack.path(name),
                        'log_file': stack.path('logs', name + '.log'),
                        'debug': 'false'},
            'oslo_concurrency': {'lock_path': stack.path(name, 'locks')}}


def keystone(stack):
    return {'DEFAULT': {'log_file': stack.path('logs', 'keystone.log')},
            'database': {'connection': stack.db_url('keystone')},
            'token': {'provider': 'fernet'},
            'fernet_tokens': {'key_repository': stack.path('keystone',
                                                           'fernet')},
            'credential': {'key_repository': stack.path('keystone',
                                                        'credential')}}


def placement(stack):
    return {'DEFAULT': {'log_file': stack.path('logs', 'placement.log')},
            'placement_database': {'connection': stack.db_url('placement')},
            'api': {'auth_strategy': 'keystone'},
            'keystone_authtoken': _authtoken(stack, 'placement')}


def nova(stack, host=None):
    conf = _common(stack, 'nova' if host is None else 'nova-' + host)
    conf['DEFAULT'].update({
        'compute_driver': 'gt_process.ProcessDriver',
        'my_ip': '127.0.0.1',
        'instances_path': stack.path('nova-%s' % host, 'instances'),
        'sync_power_state_interval': '5',
        'heal_instance_info_cache_interval': '-1',
        'allow_resize_to_same_host': 'true',
        'reserved_host_disk_mb': '0', 'reserved_host_memory_mb': '0'})
    if host:
        conf['DEFAULT']['host'] = host
    conf.update({
        'api': {'auth_strategy': 'keystone'},
        'api_database': {'connection': stack.db_url('nova_api')},
        'database': {'connection': stack.db_url('nova_cell1')},
        'keystone_authtoken': _authtoken(stack, 'nova'),
        'placement': _client(stack, 'placement'),
        'neutron': dict(_client(stack, 'neutron')),
        'cinder': dict(_client(stack, 'cinder'),
                       os_region_name='RegionOne',
                       catalog_info='block-storage:cinderv3:publicURL'),
        'glance': {'region_name': 'RegionOne'},
        'scheduler': {'discover_hosts_in_cells_interval': '2'},
        'service_user': dict(_client(stack, 'nova'),
                             send_service_user_token='true'),
        'oslo_messaging_notifications': {'driver': 'noop'},
        'workarounds': {'disable_compute_service_check_for_ffu': 'true'},
    })
    conf['placement']['username'] = 'nova'
    conf['neutron']['username'] = 'nova'
    conf['cinder']['username'] = 'nova'
    return conf


def neutron(stack):
    conf = _common(stack, 'neutron')
    conf['DEFAULT'].update({
        'core_plugin': 'ml2', 'service_plugins': '',
        'auth_strategy': 'keystone', 'allow_overlapping_ips': 'true',
        'notify_nova_on_port_status_changes': 'false',
        'notify_nova_on_port_data_changes': 'false',
        'api_paste_config': stack.venv_path('etc', 'neutron',
                                            'api-paste.ini'),
        'rpc_workers': '0', 'api_workers': '1'})
    conf.update({
        'database': {'connection': stack.db_url('neutron')},
        'keystone_authtoken': _authtoken(stack, 'neutron'),
        'nova': _client(stack, 'neutron'),
        'ml2': {'type_drivers': 'flat', 'tenant_network_types': '',
                'mechanism_drivers': 'gt_bind_all',
                'extension_drivers': 'port_security'},
        'ml2_type_flat': {'flat_networks': '*'},
        'securitygroup': {'firewall_driver': 'noop'},
    })
    return conf


def glance(stack):
    conf = _common(stack, 'glance')
    conf['DEFAULT'].update({'enabled_backends': 'fs:file',
                            'bind_host': '127.0.0.1',
                            'bind_port': str(stack.ports['glance'])})
    conf.update({
        'database': {'connection': stack.db_url('glance')},
        'keystone_authtoken': _authtoken(stack, 'glance'),
        'paste_deploy': {'flavor': 'keystone',
                         'config_file': stack.venv_path(
                             'etc', 'glance', 'glance-api-paste.ini')},
        'glance_store': {'default_backend': 'fs'},
        'fs': {'filesystem_store_datadir': stack.path('glance', 'images')},
        'os_glance_staging_store': {
            'filesystem_store_datadir': stack.path('glance', 'staging')},
        'os_glance_tasks_store': {
            'filesystem_store_datadir': stack.path('glance', 'tasks')},
    })
    return conf


def cinder(stack):
    conf = _common(stack, 'cinder')
    conf['DEFAULT'].update({
        'auth_strategy': 'keystone', 'enabled_backends': 'fake',
        'default_volume_type': 'fake',
        'api_paste_config': stack.venv_path('etc', 'cinder',
                                            'api-paste.ini'),
        'my_ip': '127.0.0.1', 'glance_api_servers': stack.url('glance'),
        'osapi_volume_listen': '127.0.0.1',
        'osapi_volume_listen_port': str(stack.ports['cinder'])})
    conf.update({
        'database': {'connection': stack.db_url('cinder')},
        'keystone_authtoken': _authtoken(stack, 'cinder'),
        'nova': _client(stack, 'cinder'),
        'fake': {'volume_driver':
                 'cinder.tests.fake_driver.FakeLoggingVolumeDriver',
                 'volume_backend_name': 'fake'},
        'oslo_messaging_notifications': {'driver': 'noop'},
    })
    return conf


def swift_hash(stack):
    return {'swift-hash': {'swift_hash_path_suffix': 'gt-' + stack.id,
                           'swift_hash_path_prefix': 'gt-' + stack.id},
            'storage-policy:0': {'name': 'gold', 'default': 'yes'}}


def swift_storage(stack, kind):
    """account, container or object server: one device, no mount check."""
    return {'DEFAULT': {'bind_ip': '127.0.0.1',
                        'bind_port': str(stack.ports['swift-' + kind]),
                        'devices': stack.path('swift', 'devices'),
                        'mount_check': 'false', 'workers': '0',
                        'swift_dir': stack.path('etc', 'swift'),
                        'user': getpass.getuser()},
            'pipeline:main': {'pipeline': kind + '-server'},
            'app:%s-server' % kind: {'use': 'egg:swift#' + kind}}


def swift_proxy(stack):
    """Keystone tokens, TempURLs and Static Large Objects, no memcache."""
    return {'DEFAULT': {'bind_ip': '127.0.0.1',
                        'bind_port': str(stack.ports['swift']),
                        'workers': '0',
                        'swift_dir': stack.path('etc', 'swift'),
                        'user': getpass.getuser()},
            'pipeline:main': {'pipeline': (
                'catch_errors gatekeeper proxy-logging listing_formats '
                'tempurl authtoken keystoneauth copy slo dlo proxy-logging '
                'proxy-server')},
            'app:proxy-server': {'use': 'egg:swift#proxy',
                                 'account_autocreate': 'true'},
            'filter:authtoken': dict(
                _authtoken(stack, 'swift'), delay_auth_decision='true',
                **{'paste.filter_factory':
                   'keystonemiddleware.auth_token:filter_factory'}),
            'filter:keystoneauth': {'use': 'egg:swift#keystoneauth',
                                    'operator_roles': 'admin, member'},
            'filter:tempurl': {'use': 'egg:swift#tempurl'},
            'filter:catch_errors': {'use': 'egg:swift#catch_errors'},
            'filter:gatekeeper': {'use': 'egg:swift#gatekeeper'},
            'filter:proxy-logging': {'use': 'egg:swift#proxy_logging'},
            'filter:listing_formats': {'use': 'egg:swift#listing_formats'},
            'filter:copy': {'use': 'egg:swift#copy'},
            'filter:slo': {'use': 'egg:swift#slo'},
            'filter:dlo': {'use': 'egg:swift#dlo'}}
