"""[dashboard] options: the Database Clusters panel served under /dashboard.

With ``auth_strategy = keystone`` the panel's sign-in form asks Keystone for
a project-scoped token and keeps it in an HttpOnly cookie; with ``noauth``
it opens directly on ``default_project``.
"""

from oslo_config import cfg

group = cfg.OptGroup('dashboard', title='Database Clusters panel')

opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Serve the Database Clusters panel under /dashboard.'),
    cfg.StrOpt('default_project', default='demo',
               help='Project the panel opens on with auth_strategy = '
                    'noauth (it can be changed in the page). Ignored with '
                    'keystone, where the token decides.'),
    cfg.URIOpt('keystone_url', schemes=['http', 'https'],
               sample_default='http://127.0.0.1:5000/v3',
               help='Keystone identity endpoint the sign-in form asks for '
                    'tokens (with or without the trailing /v3). Defaults '
                    'to [keystone_authtoken] www_authenticate_uri, then '
                    '[keystone_authtoken] auth_url.'),
    cfg.StrOpt('default_domain', default='Default',
               help='Domain proposed on the sign-in form, for the user and '
                    'the project.'),
    cfg.IntOpt('keystone_timeout', default=10, min=1,
               help='Seconds to wait for Keystone when signing in or out.'),
    cfg.StrOpt('keystone_cafile',
               help='CA bundle to verify Keystone with (HTTPS). Defaults '
                    'to the system CAs.'),
    cfg.BoolOpt('secure_cookie', default=False,
                help='Always mark the session cookie Secure. It is marked '
                     'Secure anyway when the sign-in request came over '
                     'HTTPS; set this when a TLS proxy in front of the API '
                     'forwards plain HTTP.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return {group: opts}
