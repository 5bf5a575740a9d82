"""A keystoneauth1 session stand-in answering from canned routes."""

import json
from urllib import parse

ENDPOINT = 'http://db.example:8779/v1.0/proj'


class Response:

    def __init__(self, status, body=None, reason='Reason'):
        self.status_code = status
        self.reason = reason
        if body is None:
            self.content = b''
        elif isinstance(body, str):
            self.content = body.encode()
        else:
            self.content = json.dumps(body).encode()
        self.text = self.content.decode()

    def json(self):
        return json.loads(self.text)


class Session:
    """``routes``: {(METHOD, path): [answer, ...]}; the last one repeats.

    An answer is (status, body) or a callable(query, json) -> answer.
    Paths are relative to ENDPOINT; the query is matched separately.
    """

    def __init__(self, routes=None, endpoint=ENDPOINT, project_id='proj'):
        self.routes = {k: list(v) for k, v in (routes or {}).items()}
        self.endpoint = endpoint
        self.project_id = project_id
        self.requests = []

    def add(self, method, path, *answers):
        self.routes[(method, path)] = list(answers)

    def request(self, url, method, json=None, **kwargs):
        assert url.startswith(ENDPOINT), url
        split = parse.urlsplit(url[len(ENDPOINT):])
        query = dict(parse.parse_qsl(split.query))
        self.requests.append((method, split.path, query, json, kwargs))
        answers = self.routes.get((method, split.path))
        if not answers:
            return Response(404, {'itemNotFound': {
                'code': 404, 'message': 'No route %s %s.' % (
                    method, split.path)}})
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if callable(answer):
            answer = answer(query, json)
        return Response(*answer)

    def get_endpoint(self, **kwargs):
        self.endpoint_kwargs = kwargs
        return self.endpoint

    def get_project_id(self):
        return self.project_id


def fault(code, message, name='badRequest'):
    return code, {name: {'code': code, 'message': message}}


def member(name, status='ACTIVE', ip=None, fault=None, iid=None):
    body = {'id': iid or 'id-' + name, 'name': name, 'status': status,
            'flavor': {'id': '1'}, 'volume': {'size': 1}}
    if ip:
        body['ip'] = ip
    if fault:
        body['fault'] = {'message': fault, 'created': 'now'}
    return body


def cluster(task='NONE', members=(), cid='c1', name='products'):
    return {'id': cid, 'name': name,
            'task': {'id': 1, 'name': task, 'description': task.lower()},
            'created': '2026-01-01T00:00:00',
            'updated': '2026-01-01T00:00:01',
            'datastore': {'type': 'mariadb', 'version': '10.11'},
            'instances': list(members),
            'ip': [m['ip'] for m in members if m.get('ip')]}
