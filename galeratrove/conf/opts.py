"""Option listing for oslo-config-generator."""

from galeratrove import conf


def list_opts():
    merged = {}
    for module in conf.MODULES:
        for group, opts in module.list_opts().items():
            merged.setdefault(group, []).extend(opts)
    return list(merged.items())


def set_defaults(conf_obj=None):
    """Defaults the generator should show for library options."""
    from oslo_db import options as db_options
    db_options.set_defaults(conf_obj or conf.CONF,
                            connection=conf.DEFAULT_CONNECTION)
