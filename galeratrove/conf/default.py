"""[DEFAULT] options: paths, the API listener, auth, queues and quotas."""

import os

from oslo_config import cfg


def _default_state_path():
    if os.geteuid() == 0:
        return '/var/lib/galeratrove'
    base = os.environ.get('XDG_DATA_HOME',
                          os.path.expanduser('~/.local/share'))
    return os.path.join(base, 'galeratrove')


opts = [
    cfg.StrOpt('state_path', default=_default_state_path(),
               sample_default='/var/lib/galeratrove',
               help='Top-level directory for the service state: the '
                    'embedded SQLite database and the local compute '
                    "driver's instance directories."),
    cfg.HostAddressOpt('bind_host', default='127.0.0.1',
                       help='Address the API listens on.'),
    cfg.PortOpt('bind_port', default=8779,
                help='Port the API listens on (Trove uses 8779).'),
    cfg.IntOpt('api_threads', default=8, min=1,
               help='Worker threads of the API server: requests handled '
                    'at once. Connections are read without a thread, so '
                    'slow clients do not hold one.'),
    cfg.IntOpt('api_connection_limit', default=200, min=1,
               help='Open client connections the API server accepts at '
                    'once; more wait in the listen backlog.'),
    cfg.IntOpt('client_socket_timeout', default=30, min=1,
               help='Seconds a client connection may stay idle (or keep '
                    'sending a request slowly) before it is closed.'),
    cfg.StrOpt('auth_strategy', default='keystone',
               choices=[('noauth', 'No authentication: the project is '
                         'taken from the request path. Only for the '
                         'embedded loopback deployment.'),
                        ('keystone', "Validate tokens with "
                         "keystonemiddleware's auth_token.")],
               help='How API requests are authenticated. galeratrove-all '
                    'defaults to noauth; noauth serves loopback only.'),
    cfg.StrOpt('public_endpoint',
               help='Base URL for the links in API responses, for when '
                    'the API sits behind a proxy. Defaults to the '
                    "request's own host URL."),
    cfg.IntOpt('clusters_page_size', default=20, min=1,
               help='Default and maximum number of clusters in one page '
                    'of a list.'),
    cfg.IntOpt('max_instances_per_tenant', default=25, min=0,
               help='Quota: instances a project may have in all its '
                    'clusters.'),
    cfg.IntOpt('max_volumes_per_tenant', default=1000, min=0,
               help='Quota: volume gigabytes a project may have in all '
                    'its clusters.'),
    cfg.IntOpt('max_cluster_name_length', default=64, min=1,
               help='Longest cluster name accepted.'),
    cfg.StrOpt('taskmanager_queue', default='taskmanager',
               help='RPC topic of the taskmanager service.'),
    cfg.StrOpt('conductor_queue', default='conductor',
               help='RPC topic of the conductor, which receives guest '
                    'heartbeats and status.'),
    cfg.StrOpt('guest_topic_prefix', default='guestagent',
               help="Prefix of each guest agent's RPC topic; the "
                    "instance id follows it."),
]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return {'DEFAULT': opts}
