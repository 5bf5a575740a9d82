"""Option listing for oslo-config-generator."""

from galeratrove import conf


def list_opts():
    merged = {}
    for module in conf.MODULES:
        for group, opts in module.list_opts().items():
            merged.setdefault(group, []).extend(opts)
    return list(merged.items())


def set_defaults():
    """Defaults the sample should show for library options."""
    from oslo_config import cfg
    from oslo_db import options as db_options
    cfg.set_defaults(db_options.database_opts,
                     connection=conf.DEFAULT_CONNECTION)
