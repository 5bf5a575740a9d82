"""Loads a datastore's cluster strategies from its configuration group.

Each option names an entry point of the strategy's namespace (see
setup.cfg); a dotted class path, as in Trove's configurations, also works.
"""

from oslo_config import cfg
from oslo_utils import importutils
from stevedore import exception as sd_exception

from galeratrove.common import exception
from galeratrove.common import plugins
from galeratrove.conf import CONF

_NAMESPACES = {'api_strategy': plugins.API_STRATEGIES,
               'taskmanager_strategy': plugins.TASKMANAGER_STRATEGIES,
               'guestagent_strategy': plugins.GUESTAGENT_STRATEGIES}


def _group(manager):
    try:
        return CONF[manager]
    except cfg.NoSuchOptError:
        raise exception.BadRequest(
            'Datastore manager %s has no configuration group.' % manager)


def _load(manager, option):
    name = getattr(_group(manager), option)
    if '.' in name:
        return importutils.import_class(name)()
    try:
        return plugins.load_class(_NAMESPACES[option], name)()
    except sd_exception.NoMatches:
        raise exception.ConfigurationError(
            'No %s named %s is installed (see [%s] %s).'
            % (option.replace('_', ' '), name, manager, option))


def api_strategy(manager):
    return _load(manager, 'api_strategy')


def taskmanager_strategy(manager):
    return _load(manager, 'taskmanager_strategy')


def guestagent_strategy(manager):
    return _load(manager, 'guestagent_strategy')


def cluster_support(manager):
    group = _group(manager)
    return group.cluster_support, group.min_cluster_member_count
