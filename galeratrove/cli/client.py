"""The REST client of the CLI: a keystoneauth1 session and our endpoint.

Authentication is keystoneauth1's own loading (``OS_*`` variables and
``--os-*`` options). With ``OS_AUTH_TYPE=none`` the endpoint is
``OS_ENDPOINT`` and must name the project
(``http://127.0.0.1:8779/v1.0/<project>``); with a Keystone plugin the
endpoint comes from the catalog (service type ``database``) and the
project from the token when the catalog URL lacks it.
"""

from urllib import parse

from keystoneauth1 import exceptions as ks_exc

SERVICE_TYPE = 'database'
API_PREFIX = '/v1.0'


class CLIError(Exception):
    """An error the user can act on; printed as ``ERROR: <text>``."""


class APIError(CLIError):
    """The API refused a request: its message and the HTTP code."""

    def __init__(self, code, message):
        self.code = code
        self.message = message
        super().__init__('%s (HTTP %d)' % (message, code))


def api_message(response):
    """The message of a Trove fault body, or the best the response has."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and len(body) == 1:
        fault = next(iter(body.values()))
        if isinstance(fault, dict) and fault.get('message'):
            return str(fault['message'])
    text = (response.text or '').strip()
    if text and len(text) < 300 and '<' not in text:
        return text
    return response.reason or 'HTTP error'


def with_project(url, project_id):
    """An endpoint URL that ends with ``/v1.0/<project>``.

    Catalog URLs registered as ``.../v1.0/%(tenant_id)s`` come already
    substituted; ``http://host:8779`` or ``.../v1.0`` get the project
    appended. A URL with more path after v1.0 is taken as is.
    """
    url = url.rstrip('/')
    path = parse.urlsplit(url).path
    if path.endswith(API_PREFIX):
        base = url
    elif API_PREFIX + '/' in path + '/':
        return url
    else:
        base = url + API_PREFIX
    if not project_id:
        raise CLIError('The endpoint %s does not name a project: use '
                       '%s/<project id>.' % (url, base))
    return '%s/%s' % (base, project_id)


def resolve_endpoint(session, interface='public', region_name=None,
                     override=None):
    """Our URL, ``.../v1.0/<project>``, for this session."""
    if override:
        return with_project(override, _project_id(session))
    try:
        url = session.get_endpoint(service_type=SERVICE_TYPE,
                                   interface=interface,
                                   region_name=region_name)
    except ks_exc.EndpointNotFound:
        url = None
    if not url:
        raise CLIError(
            "No '%s' endpoint (interface %s%s) in the service catalog. "
            'Register galeratrove in Keystone, or use OS_AUTH_TYPE=none with '
            'OS_ENDPOINT=http://127.0.0.1:8779/v1.0/<project>.'
            % (SERVICE_TYPE, interface,
               ', region %s' % region_name if region_name else ''))
    return with_project(url, _project_id(session))


def _project_id(session):
    try:
        return session.get_project_id()
    except (AttributeError, NotImplementedError):
        return None


class Client:
    """JSON over the session, with API errors raised as :class:`APIError`."""

    def __init__(self, session, endpoint):
        self.session = session
        self.endpoint = endpoint.rstrip('/')

    def request(self, method, path, body=None, params=None, secret=False):
        kwargs = {'raise_exc': False, 'log': not secret,
                  'headers': {'Accept': 'application/json'}}
        if body is not None:
            kwargs['json'] = body
        if params:
            path += '?' + parse.urlencode(params)
        url = path if '://' in path else self.endpoint + path
        resp = self.session.request(url, method, **kwargs)
        if resp.status_code >= 400:
            raise APIError(resp.status_code, api_message(resp))
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            raise CLIError('The API answered %s %s with a body that is not '
                           'JSON.' % (method, url))

    def get(self, path, params=None):
        return self.request('GET', path, params=params)

    def post(self, path, body=None, secret=False):
        return self.request('POST', path, body=body, secret=secret)

    def delete(self, path):
        return self.request('DELETE', path)

    def put(self, path, body):
        return self.request('PUT', path, body=body)

    def patch(self, path, body):
        return self.request('PATCH', path, body=body)

    # Clusters -------------------------------------------------------------

    def get_cluster(self, cluster_id):
        return self.get('/clusters/%s' % parse.quote(cluster_id, safe=''))[
            'cluster']

    def cluster_instances(self, cluster_id):
        return self.get('/clusters/%s/instances' % parse.quote(
            cluster_id, safe=''))['instances']

    def list_clusters(self, limit=None, marker=None):
        """Clusters in pages, following ``next`` links up to ``limit``."""
        params = {}
        if limit:
            params['limit'] = limit
        if marker:
            params['marker'] = marker
        path, found = '/clusters', []
        while True:
            body = self.get(path, params)
            found.extend(body.get('clusters', []))
            nexts = [link['href'] for link in body.get('links', [])
                     if link.get('rel') == 'next']
            if not nexts or (limit and len(found) >= limit):
                return found[:limit] if limit else found
            marker = dict(parse.parse_qsl(
                parse.urlsplit(nexts[0]).query)).get('marker')
            if not marker or marker == params.get('marker'):
                return found
            params['marker'] = marker
            if limit:
                params['limit'] = limit - len(found)

    def find_cluster(self, ref):
        """A cluster by id, else by unique name."""
        return self.find('cluster', self.get_cluster, self.list_clusters,
                         ref)

    @staticmethod
    def find(what, get_one, list_all, ref):
        """A resource by id, else by unique name (as troveclient finds).

        On a 404 from ``get_one(ref)``, the one item of ``list_all()``
        named ``ref``: the 404 stands when none is, a CLIError when
        several are.
        """
        try:
            return get_one(ref)
        except APIError as e:
            if e.code != 404:
                raise
            not_found = e
        matches = [r for r in list_all() if r.get('name') == ref]
        if not matches:
            # "Cluster <ref> could not be found. (HTTP 404)"
            raise not_found
        if len(matches) > 1:
            raise CLIError(
                "More than one %s is named '%s' (%s); use its ID."
                % (what, ref, ', '.join(r['id'] for r in matches)))
        return matches[0]

    # Flavors --------------------------------------------------------------

    def list_flavors(self):
        return self.get('/flavors')['flavors']

    def find_flavor_id(self, ref):
        flavors = self.list_flavors()
        for flavor in flavors:
            if str(flavor['id']) == ref:
                return str(flavor['id'])
        named = [f for f in flavors if f.get('name') == ref]
        if len(named) == 1:
            return str(named[0]['id'])
        if not named:
            raise CLIError("No flavor with a name or ID of '%s' exists."
                           % ref)
        raise CLIError("More than one flavor is named '%s'; use its ID."
                       % ref)


def find_member(cluster, ref):
    """A member of the cluster (view) by id, else by unique name."""
    members = cluster.get('instances', [])
    for member in members:
        if member['id'] == ref:
            return member
    named = [m for m in members if m.get('name') == ref]
    if len(named) == 1:
        return named[0]
    if not named:
        raise CLIError("Cluster %s has no instance with a name or ID of "
                       "'%s'." % (cluster.get('name') or cluster['id'], ref))
    raise CLIError("More than one instance of cluster %s is named '%s'; "
                   "use its ID." % (cluster.get('name') or cluster['id'], ref))
