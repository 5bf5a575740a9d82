"""[api] options: the worker processes of galeratrove-api."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='API server options')

opts = [
    cfg.IntOpt('workers', min=1, sample_default='<number of CPUs>',
               help='Worker processes of galeratrove-api, each with '
                    '[DEFAULT] api_threads threads, sharing one listening '
                    'socket under a gunicorn master that restarts any that '
                    'dies. Unset: one per CPU. galeratrove-all always runs '
                    'its API in its own single process.'),
    cfg.IntOpt('backlog', default=4096, min=1,
               help='Listen backlog of the API socket: connections the '
                    'kernel queues while every worker is busy (capped by '
                    'net.core.somaxconn).'),
    cfg.IntOpt('graceful_shutdown_timeout', default=30, min=1,
               help='Seconds galeratrove-api gives requests under way to '
                    'finish after SIGTERM before its workers are killed.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(opts, group=api_group)


def list_opts():
    return {api_group: opts}
