"""Strategies load from the datastore's config group; rules hold."""

import pytest

from galeratrove.common import exception
from galeratrove.common import plugins
from galeratrove.common.strategies.cluster.experimental.galera_common import (
    api as galera_api)
from galeratrove.common.strategies import strategy


@pytest.mark.parametrize('manager', ['mariadb', 'pxc'])
def test_strategies_come_from_config(manager):
    api = strategy.api_strategy(manager)
    tm = strategy.taskmanager_strategy(manager)
    guest = strategy.guestagent_strategy(manager)
    assert isinstance(api, galera_api.GaleraCommonAPIStrategy)
    assert api.manager == manager and tm.manager == manager
    assert '.%s.' % manager in type(guest).__module__


def test_a_config_group_can_swap_the_plugin(conf):
    conf('api_strategy', 'pxc', group='mariadb')
    assert strategy.api_strategy('mariadb').manager == 'pxc'


def test_a_class_path_still_names_a_strategy(conf):
    conf('api_strategy', 'galeratrove.common.strategies.cluster.'
         'experimental.pxc.api.PXCAPIStrategy', group='mariadb')
    assert strategy.api_strategy('mariadb').manager == 'pxc'


def test_an_unknown_plugin_is_a_clear_error(conf):
    conf('taskmanager_strategy', 'cassandra', group='pxc')
    with pytest.raises(exception.ConfigurationError, match='cassandra'):
        strategy.taskmanager_strategy('pxc')


@pytest.mark.parametrize('namespace', [
    plugins.API_STRATEGIES, plugins.TASKMANAGER_STRATEGIES,
    plugins.GUESTAGENT_STRATEGIES, plugins.DATASTORE_NODES])
def test_every_datastore_is_a_plugin_of_each_namespace(namespace):
    for manager in ('mariadb', 'pxc'):
        cls = plugins.load_class(namespace, manager)
        assert getattr(cls, 'manager', None) in (None, manager)
        assert getattr(cls, 'datastore', manager) == manager


def test_min_member_count_is_configurable(conf):
    api = strategy.api_strategy('mariadb')
    specs = [{'flavor_id': '2', 'volume_size': 1}] * 2
    with pytest.raises(exception.BadRequest):
        api.validate_create(specs)
    conf('min_cluster_member_count', 2, group='mariadb')
    api.validate_create(specs)


def test_cluster_support_can_be_turned_off(conf):
    conf('cluster_support', False, group='pxc')
    assert strategy.cluster_support('pxc') == (False, 3)


def test_unknown_manager_is_a_clear_error():
    with pytest.raises(exception.BadRequest):
        strategy.api_strategy('cassandra')
