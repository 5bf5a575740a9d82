"""[rpc_auth] options: how control-plane and guest messages are sealed.

Every RPC payload is signed and encrypted (Fernet) with a key only its two
ends hold: the service key between the API and the taskmanager, a random
per-instance key between the control plane and one guest.
"""

from oslo_config import cfg

group = cfg.OptGroup('rpc_auth', title='RPC message authentication')

opts = [
    cfg.StrOpt('service_key', secret=True,
               help='Fernet key (32 url-safe base64-encoded bytes) shared '
                    'by the API, the conductor and the taskmanager and '
                    'never given to guests. It seals control-plane RPC and '
                    'encrypts the per-instance keys stored in SQL. Unset, '
                    'a key is generated once in $state_path/rpc_service.key '
                    '(mode 0600), which suits services sharing one '
                    'machine; set it on every control-plane host '
                    'otherwise.'),
    cfg.IntOpt('message_ttl', default=300, min=10,
               help='Seconds a sealed message stays valid after it was '
                    'sent. Older ones are refused, and the nonce of every '
                    'accepted call is remembered this long so it cannot be '
                    'replayed; heartbeats must also be newer than the last '
                    'one accepted for their instance.'),
    cfg.StrOpt('guest_transport_url', secret=True,
               help='Broker URL written into guest configurations. '
                    'Defaults to transport_url; use a broker user whose '
                    'permissions reach only guest and conductor topics.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
