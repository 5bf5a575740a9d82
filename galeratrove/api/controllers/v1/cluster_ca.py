"""``/clusters/{id}/ca``: the public PEM certificate of a TLS cluster's CA.

Only the certificate: the CA key never leaves the control plane. JSON
(``ca_certificate``) by default, the bare PEM for ``Accept:
application/x-pem-file``, so ``curl ... > ca.pem`` works too.
"""

from oslo_serialization import jsonutils
import pecan
from pecan import rest
import webob

from galeratrove.api.controllers.v1 import base
from galeratrove.common import exception
from galeratrove.db import api as db_api

PEM_TYPE = 'application/x-pem-file'


class ClusterCAController(rest.RestController):

    @pecan.expose(content_type='application/json')
    @pecan.expose(content_type=PEM_TYPE)
    def get_all(self):
        base.authorize('cluster:ca:show')
        cluster = db_api.cluster_get(pecan.request.context['cluster_id'],
                                     base.tenant_id())
        if not cluster.tls or not cluster.ca_certificate:
            raise exception.NotFound(
                'Cluster %s was created without TLS: it has no CA.'
                % cluster.id)
        if PEM_TYPE in (pecan.request.headers.get('Accept') or ''):
            return webob.Response(text=cluster.ca_certificate,
                                  content_type=PEM_TYPE, charset='utf-8')
        return webob.Response(
            text=jsonutils.dumps({'ca_certificate': cluster.ca_certificate}),
            content_type='application/json', charset='utf-8')
