"""The configuration a guest agent gets: its own, and nothing more.

A guest is not trusted with the control plane's configuration file (the
database URL, the Keystone password, the service key). It gets who it is,
its own RPC key, the broker URL meant for guests, the topics and the few
timeouts it uses. Any compute driver writes this into the instance, as
Trove's taskmanager writes guest_info.conf onto the config drive.
"""

from galeratrove.conf import CONF

DEFAULT_OPTIONS = ('control_exchange', 'conductor_queue',
                   'guest_topic_prefix', 'debug')
CLUSTER_OPTIONS = ('prepare_timeout', 'join_timeout', 'stop_timeout',
                   'heartbeat_interval')
GUEST_OPTIONS = ('instance_id', 'manager', 'address', 'base_dir',
                 'memory_mb', 'rpc_key')


def _value(value):
    text = str(value)
    if '\n' in text or '\r' in text:
        raise ValueError('a guest option cannot span lines')
    # oslo.config substitutes $name: keep a literal dollar literal.
    return text.replace('$', '$$')


def _section(name, values):
    lines = ['[%s]' % name]
    lines += ['%s = %s' % (k, _value(v)) for k, v in values.items()
              if v is not None]
    return '\n'.join(lines) + '\n'


def render(instance_id, info):
    """guest_info.conf for one instance (``info``: the driver's record)."""
    manager = info['manager']
    default = {name: CONF[name] for name in DEFAULT_OPTIONS}
    default['transport_url'] = (CONF.rpc_auth.guest_transport_url or
                                CONF.transport_url)
    guest = dict(info, instance_id=instance_id,
                 admin_user=CONF.guest_agent.admin_user)
    guest = {k: guest.get(k) for k in GUEST_OPTIONS + ('admin_user',)}
    datastore = {opt: CONF[manager][opt] for opt in CONF[manager]}
    return '\n'.join([
        _section('DEFAULT', default),
        _section('cluster', {k: CONF.cluster[k] for k in CLUSTER_OPTIONS}),
        _section('guest_agent', guest),
        _section(manager, datastore)])
