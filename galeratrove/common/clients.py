"""keystoneauth1 sessions and clients from the [nova], [cinder], [neutron]
and [swift] sections, loaded the way every OpenStack service loads its
peers' clients.

One session per section, built on first use and shared by every thread:
keystoneauth re-authenticates by itself when the token expires.
"""

import threading

from keystoneauth1 import loading as ks_loading

from galeratrove.conf import CONF

_LOCK = threading.Lock()
_ADAPTERS = {}


def adapter(section):
    """A keystoneauth1 Adapter for the service the section configures."""
    with _LOCK:
        if section not in _ADAPTERS:
            auth = ks_loading.load_auth_from_conf_options(CONF, section)
            session = ks_loading.load_session_from_conf_options(
                CONF, section, auth=auth)
            _ADAPTERS[section] = ks_loading.load_adapter_from_conf_options(
                CONF, section, session=session, auth=auth)
        return _ADAPTERS[section]


def _settings(section):
    """(session, region, interface, endpoint override, service type)."""
    ad = adapter(section)
    interface = ad.interface
    if isinstance(interface, (list, tuple)):
        interface = interface[0]
    return (ad.session, ad.region_name, interface, ad.endpoint_override,
            ad.service_type)


def nova():
    from novaclient import client
    session, region, interface, endpoint, service_type = _settings('nova')
    return client.Client(CONF.nova.api_version, session=session,
                         region_name=region, endpoint_type=interface,
                         endpoint_override=endpoint,
                         service_type=service_type)


def cinder():
    from cinderclient import client
    session, region, interface, endpoint, service_type = _settings('cinder')
    return client.Client(CONF.cinder.api_version, session=session,
                         region_name=region, endpoint_type=interface,
                         os_endpoint=endpoint, service_type=service_type)


def swift():
    """A swiftclient Connection on the service's own account."""
    from swiftclient import client
    session, region, interface, endpoint, service_type = _settings('swift')
    return client.Connection(session=session, retries=2, os_options={
        'service_type': service_type, 'interface': interface,
        'region_name': region, 'object_storage_url': endpoint})


def neutron():
    """Neutron's REST API through the adapter (no extra client needed)."""
    return adapter('neutron')


def reset():
    with _LOCK:
        _ADAPTERS.clear()
