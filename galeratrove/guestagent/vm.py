"""What a guest agent in a cloud server finds out by itself.

Its configuration comes in the server's user data (the nova driver's boot
script, which embeds guest_info.conf); an image without cloud-init reads it
from the config drive. Its address is not known when the server is asked
for (Neutron picks it), so the agent takes it from the config drive's
network_data.json, or else from the route to the broker.
"""

import json
import os
import socket
import urllib.parse

from oslo_log import log as logging

from galeratrove.common import user_data
from galeratrove.guestagent.datastore.galera_common import config

LOG = logging.getLogger(__name__)

# Where images commonly mount the config drive (label config-2).
CONFIG_DRIVE_PATHS = ('/mnt/config', '/media/configdrive', '/config-drive')
CONFIG_PATH = '/etc/galeratrove/guest_info.conf'


def find_config_drive(paths=CONFIG_DRIVE_PATHS):
    for path in paths:
        if os.path.isfile(os.path.join(path, 'openstack', 'latest',
                                       'user_data')):
            return path
    return None


def _latest(drive, name):
    return os.path.join(drive, 'openstack', 'latest', name)


def config_from_drive(drive, target=None):
    """Write the guest_info.conf of the drive's user data (0600)."""
    target = target or CONFIG_PATH
    with open(_latest(drive, 'user_data'), encoding='utf-8') as f:
        text = user_data.extract(f.read())
    os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
    config.write_config(target, text)
    return target


def address_from_drive(drive):
    """The first static IPv4 in NIC order (the user's network first)."""
    try:
        with open(_latest(drive, 'network_data.json')) as f:
            networks = json.load(f).get('networks', [])
    except (OSError, ValueError):
        return None
    for net in networks:
        if net.get('type') == 'ipv4' and net.get('ip_address'):
            return net['ip_address']
    return None


def address_towards(transport_url):
    """This host's source address for packets to the broker."""
    hosts = urllib.parse.urlsplit(transport_url).netloc.split(',')
    host = hosts[0].rsplit('@', 1)[-1].rsplit(':', 1)[0].strip('[]')
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect((host, 5672))  # UDP: no packet is sent
        return sock.getsockname()[0]


def discover_address(transport_url, drive=None):
    drive = drive or find_config_drive()
    address = address_from_drive(drive) if drive else None
    address = address or address_towards(transport_url)
    LOG.info('This guest is at %s', address)
    return address
