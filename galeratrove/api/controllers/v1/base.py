"""Helpers every resource controller uses: body parsing, context, URLs."""

import json

import pecan

from galeratrove.common import exception
from galeratrove.common import policy
from galeratrove.conf import CONF


def context():
    return pecan.request.context['gt_context']


def authorize(rule):
    policy.authorize(context(), rule)


def base_url():
    if CONF.public_endpoint:
        return CONF.public_endpoint.rstrip('/')
    return pecan.request.host_url


def tenant_id():
    return context().project_id


def json_body(allow_empty=False):
    raw = pecan.request.body
    if not raw or not raw.strip():
        if allow_empty:
            return None
        raise exception.BadRequest('The request needs a JSON body.')
    try:
        body = json.loads(raw)
        # Lone surrogates (\ud800) parse, then fail wherever text is
        # encoded: refuse them here, once, for every field.
        json.dumps(body, ensure_ascii=False).encode('utf-8')
    except RecursionError:
        raise exception.BadRequest('The request body is nested too deeply.')
    except UnicodeEncodeError:
        raise exception.BadRequest('The request body is not valid Unicode '
                                   'text (it has a lone surrogate).')
    except (ValueError, UnicodeDecodeError) as e:
        raise exception.BadRequest('The request body is not valid JSON: %s'
                                   % e)
    return body
