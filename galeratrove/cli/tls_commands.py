"""``cluster-ca``: the PEM certificate of a TLS cluster's CA.

With it, ``mysql --ssl-ca=<file> --ssl-verify-server-cert`` checks that
a node is one of the cluster's. Only the certificate: the CA key never
leaves the service.
"""

import os

from galeratrove.cli.commands import _cluster_arg
from galeratrove.cli.commands import arg
from galeratrove.cli.commands import command


@command('cluster-ca', "Prints (or saves) the PEM certificate of a TLS "
         "cluster's CA.", _cluster_arg(),
         arg('--file', metavar='<path>',
             help='Write the PEM to this file instead of printing it.'))
def cluster_ca(ctx, args):
    cluster = ctx.api.find_cluster(args.cluster)
    pem = ctx.api.get('/clusters/%s/ca' % cluster['id'])['ca_certificate']
    if args.file:
        fd = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, 'w') as f:
            f.write(pem)
    else:
        ctx.out.stdout.write(pem)
    return 0
