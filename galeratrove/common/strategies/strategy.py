"""Loads a datastore's cluster strategies from its configuration group."""

from oslo_config import cfg
from oslo_utils import importutils

from galeratrove.common import exception
from galeratrove.conf import CONF


def _group(manager):
    try:
        return CONF[manager]
    except cfg.NoSuchOptError:
        raise exception.BadRequest(
            'Datastore manager %s has no configuration group.' % manager)


def _load(manager, option):
    return importutils.import_class(getattr(_group(manager), option))()


def api_strategy(manager):
    return _load(manager, 'api_strategy')


def taskmanager_strategy(manager):
    return _load(manager, 'taskmanager_strategy')


def guestagent_strategy(manager):
    return _load(manager, 'guestagent_strategy')


def cluster_support(manager):
    group = _group(manager)
    return group.cluster_support, group.min_cluster_member_count
