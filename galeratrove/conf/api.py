"""[api] options: the worker processes of galeratrove-api."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='API server options')

opts = [
    cfg.IntOpt('workers', min=1, sample_default='<number of CPUs>',
               help='Worker processes of galeratrove-api, each with '
                    '[api] threads threads, sharing one listening '
                    'socket under a gunicorn master that restarts any that '
                    'dies. Unset: one per CPU. galeratrove-all always runs '
                    'its API in its own single process.'),
    cfg.IntOpt('threads', default=1, min=1,
               help='Request threads of each galeratrove-api worker. One '
                    '(as OpenStack runs its APIs under uWSGI) lets no '
                    'request wait for the GIL behind another in the same '
                    'process: the API is CPU-bound, and at 32 clients on '
                    '2 CPUs the p99 of a list page falls from 100 ms with '
                    '8 threads to 45 ms with 1 (tools/bench-api). Raise it '
                    'when requests wait on slow I/O, e.g. a remote '
                    'Keystone without a token cache.'),
    cfg.IntOpt('backlog', default=4096, min=1,
               help='Listen backlog of the API socket: connections the '
                    'kernel queues while every worker is busy (capped by '
                    'net.core.somaxconn).'),
    cfg.BoolOpt('access_log', default=True,
                help='One log line per request from galeratrove-api '
                     '(galeratrove.api.access, with the request id). Each '
                     'line costs about 0.1 ms of CPU, a fifth of a '
                     'cluster show: turn it off where a proxy or load '
                     'balancer in front already logs every request.'),
    cfg.IntOpt('graceful_shutdown_timeout', default=30, min=1,
               help='Seconds galeratrove-api gives requests under way to '
                    'finish after SIGTERM before its workers are killed.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(opts, group=api_group)


def list_opts():
    return {api_group: opts}
