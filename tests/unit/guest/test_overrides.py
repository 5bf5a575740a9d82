"""A configuration group's block in galera.cnf and its SET GLOBALs."""

import pytest

from galeratrove.conductor import manager as conductor
from galeratrove.guestagent.datastore.galera_common import config
from galeratrove.guestagent.datastore.galera_common import errors
from galeratrove.guestagent.datastore.galera_common import overrides


@pytest.fixture
def text():
    return config.render('mariadb', 'c1', 'n1', '127.0.0.5', '/tmp/n1',
                         members=['127.0.0.5', '127.0.0.6'])


def test_the_block_overrides_and_removing_it_restores(text):
    changed = overrides.apply(text, {'max_connections': 300,
                                     'slow_query_log': True,
                                     'long_query_time': 2.5,
                                     'sql_mode': 'STRICT_TRANS_TABLES,ANSI'})
    options = config.parse(changed)
    assert options['max_connections'] == '300'
    assert options['slow_query_log'] == 'ON'
    assert options['long_query_time'] == '2.5'
    assert options['sql_mode'] == 'STRICT_TRANS_TABLES,ANSI'
    # Identity is untouched; the member list can still be rewritten.
    assert options['wsrep_node_name'] == 'n1'
    moved = config.replace_members(changed, ['127.0.0.7'])
    assert config.parse(moved)['wsrep_cluster_address'] == \
        'gcomm://127.0.0.7'
    assert overrides.strip(changed) == text
    assert overrides.apply(changed, {}) == text
    again = overrides.apply(changed, {'max_connections': 400})
    assert again.count(overrides.BEGIN) == 1
    assert config.parse(again)['max_connections'] == '400'
    assert 'slow_query_log' not in config.parse(again)


def test_provider_options_merge_into_the_rendered_ones(text):
    changed = overrides.apply(text, {'gcache.size': 268435456,
                                     'gcs.fc_limit': 40})
    provider = config.parse(changed)['wsrep_provider_options']
    parts = dict(p.strip().split('=', 1) for p in provider.split(';'))
    assert parts == {'gmcast.listen_addr': 'tcp://127.0.0.5:4567',
                     'ist.recv_addr': '127.0.0.5:4568',
                     'gcache.size': '268435456', 'gcs.fc_limit': '40'}
    assert overrides.strip(changed) == text


def test_a_charset_brings_its_collation(text):
    options = config.parse(overrides.apply(
        text, {'character_set_server': 'latin1'}))
    assert options['collation_server'] == 'latin1_swedish_ci'


@pytest.mark.parametrize('values', [
    {'max_connections': '1\n[mysqld]\ninit_file=/etc/shadow'},
    {'sql_mode': 'A"B'},
    {'bad name': 1},
    {'x; DROP': 1},
    {'gcache.size;pc.bootstrap': 1},
])
def test_nothing_breaks_out_of_its_line(text, values):
    with pytest.raises(errors.ConfigError):
        overrides.apply(text, values)
    with pytest.raises(errors.ConfigError):
        overrides.statements(text, values)


def test_statements_set_and_restore(text):
    changed = overrides.apply(text, {'max_connections': 300})
    sql = overrides.statements(changed, {
        'max_connections': None, 'wsrep_slave_threads': 4,
        'innodb_buffer_pool_size': None, 'character_set_server': None,
        'gcs.fc_limit': None, 'slow_query_log': False},
        {'gcs.fc_limit': 16})
    assert sql == [
        ('SET GLOBAL character_set_server = %s', ('utf8mb4',)),
        ('SET GLOBAL collation_server = %s', ('utf8mb4_general_ci',)),
        ('SET GLOBAL wsrep_provider_options = %s', ('gcs.fc_limit=16',)),
        ('SET GLOBAL innodb_buffer_pool_size = %s', (512 * 2 ** 20,)),
        ('SET GLOBAL max_connections = DEFAULT', None),
        ('SET GLOBAL slow_query_log = %s', ('OFF',)),
        ('SET GLOBAL wsrep_slave_threads = %s', (4,))]


def test_restart_required_holds_while_the_server_runs():
    running = {'running': True, 'wsrep_cluster_status': 'Primary',
               'wsrep_ready': 'ON'}
    assert conductor.derive_status('RESTART_REQUIRED', running) == \
        'RESTART_REQUIRED'
    assert conductor.derive_status('RESTART_REQUIRED',
                                   {'running': False}) == 'SHUTDOWN'
    assert conductor.derive_status('SHUTDOWN', running) == 'ACTIVE'
