"""Guards in front of every route: JSON bodies only; noauth on loopback.

A page on another site can make a browser POST a ``text/plain`` form to
any address; requiring ``application/json`` forces a CORS preflight this
API never grants. Without authentication the API must answer only this
machine, so a ``Host`` or ``Origin`` naming another one (DNS rebinding, a
cross-site page) is refused too.
"""

import functools
import ipaddress
from urllib import parse

from galeratrove.api import faults

LOOPBACK_NAMES = ('localhost', 'localhost.localdomain', 'ip6-localhost')
JSON = 'application/json'


@functools.lru_cache(maxsize=256)
def is_loopback(host):
    """Whether a host name or address is this machine's loopback.

    Remembered: under noauth every request asks it of its Host header,
    and parsing an address costs more than a small read's SQL.
    """
    host = (host or '').strip().strip('[]').lower().rstrip('.')
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _hostname(host_header):
    """'127.0.0.1:8779' -> '127.0.0.1'; '[::1]:8779' -> '::1'."""
    return parse.urlsplit('//' + host_header).hostname if host_header \
        else None


def has_body(environ):
    length = environ.get('CONTENT_LENGTH') or '0'
    chunked = 'chunked' in environ.get('HTTP_TRANSFER_ENCODING', '').lower()
    return chunked or (length.isdigit() and int(length) > 0)


class Guard:

    def __init__(self, app, noauth):
        self.app = app
        self.noauth = noauth

    def _refusal(self, environ):
        kind = environ.get('CONTENT_TYPE', '').split(';')[0].strip()
        if has_body(environ) and kind.lower() != JSON:
            return faults.response(
                415, 'badMediaType', 'Request bodies must be JSON sent '
                'with Content-Type: application/json; got %r.' % kind)
        if not self.noauth:
            return None
        host = _hostname(environ.get('HTTP_HOST'))
        if not is_loopback(host):
            return faults.response(
                403, 'forbidden', 'Without authentication (auth_strategy '
                '= noauth) this API answers only requests addressed to a '
                'loopback name or address, not %r.' % host)
        origin = environ.get('HTTP_ORIGIN')
        if origin is not None and not is_loopback(
                parse.urlsplit(origin).hostname):
            return faults.response(
                403, 'forbidden', 'Without authentication (auth_strategy '
                '= noauth) this API refuses requests from pages of other '
                'origins (%r).' % origin)
        return None

    def __call__(self, environ, start_response):
        refusal = self._refusal(environ)
        if refusal is not None:
            return refusal(environ, start_response)
        return self.app(environ, start_response)
