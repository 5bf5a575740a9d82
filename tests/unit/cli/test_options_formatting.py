"""``--instance`` parsing and the table/JSON output of the CLI."""

import io
import json

import pytest

from galeratrove.cli import formatting
from galeratrove.cli.formatting import Column
from galeratrove.cli import options


# --instance -----------------------------------------------------------------

@pytest.mark.parametrize('spec, expected', [
    ('flavor_id=7,volume=2', {'flavorRef': '7', 'volume': {'size': 2}}),
    (' flavor_id = 7 , volume = 2 ,', {'flavorRef': '7',
                                       'volume': {'size': 2}}),
    ('volume=2,flavor=m1.small', {'flavor': 'm1.small',
                                  'volume': {'size': 2}}),
    ('flavor_id=7,volume=2,volume_type=ssd,availability_zone=az1',
     {'flavorRef': '7', 'volume': {'size': 2, 'type': 'ssd'},
      'availability_zone': 'az1'}),
    ("flavor_id=7,volume=2,nic='net-id=n1,v4-fixed-ip=10.0.0.5'",
     {'flavorRef': '7', 'volume': {'size': 2},
      'nics': [{'net-id': 'n1', 'v4-fixed-ip': '10.0.0.5'}]}),
    # The shell ate the quotes: the nic's options still go to the nic.
    ('flavor_id=7,volume=2,nic=net-id=n1,v4-fixed-ip=10.0.0.5',
     {'flavorRef': '7', 'volume': {'size': 2},
      'nics': [{'net-id': 'n1', 'v4-fixed-ip': '10.0.0.5'}]}),
    ('flavor_id=7,volume=2,nic="port-id=p1",nic="net-id=n2"',
     {'flavorRef': '7', 'volume': {'size': 2},
      'nics': [{'port-id': 'p1'}, {'net-id': 'n2'}]}),
    # An arbitrator (garbd) takes no volume; a data node is the default.
    ('flavor_id=7,type=arbitrator', {'flavorRef': '7',
                                     'type': 'arbitrator'}),
    ('flavor_id=7,volume=2,type=member', {'flavorRef': '7',
                                          'volume': {'size': 2}}),
])
def test_parse_instance(spec, expected):
    assert options.parse_instance(spec) == expected


def test_name_only_for_grow():
    spec = 'flavor_id=7,volume=2,name=products-4'
    assert options.parse_instance(spec, for_grow=True)['name'] == \
        'products-4'
    with pytest.raises(options.OptionError, match="Unknown option 'name'"):
        options.parse_instance(spec)


@pytest.mark.parametrize('spec, words', [
    ('flavor_id=7', 'needs volume=GB'),
    ('volume=2', 'needs flavor_id=ID'),
    ('flavor_id=7,volume=0', 'volume must be a positive integer'),
    ('flavor_id=7,volume=two', 'volume must be a positive integer'),
    ('flavor_id=7,volume=2.5', 'volume must be a positive integer'),
    ('flavor_id=7,volume=2,colour=red', "Unknown option 'colour'"),
    ('flavor_id=7,flavor=x,volume=2', 'not both'),
    ('flavor_id=7,flavor_id=8,volume=2', 'given twice'),
    ('flavor_id=,volume=2', 'flavor_id needs a value'),
    ('flavor_id=7,volume', "'volume' is not of the form key=value"),
    ("flavor_id=7,volume=2,nic='net-id=n1", 'Unbalanced quote'),
    ('flavor_id=7,volume=2,nic=n1', 'nic needs net-id'),
    ("flavor_id=7,volume=2,nic='v4-fixed-ip=1.2.3.4'",
     'exactly one of net-id or port-id'),
    ("flavor_id=7,volume=2,nic='net-id=a,port-id=b'",
     'exactly one of net-id or port-id'),
    ("flavor_id=7,volume=2,nic='net-id=a,mac=b'", "Unknown nic option"),
    ('flavor_id=7,volume=1,type=arbitrator', 'An arbitrator takes no '
                                             'volume'),
    ('flavor_id=7,volume=1,type=witness', 'type must be one of member, '
                                          'arbitrator'),
])
def test_parse_instance_errors(spec, words):
    with pytest.raises(options.OptionError, match=words):
        options.parse_instance(spec)


# Output ---------------------------------------------------------------------

CLUSTER = {'id': 'c1', 'name': 'products', 'ip': ['10.0.0.1', '10.0.0.2'],
           'task': {'name': 'NONE'}, 'size': 2, 'missing': None}
COLUMNS = [Column('ID'), Column('Name'), Column('IP'),
           Column('Task Name', getter=lambda c: c['task']['name']),
           Column('Size'), Column('Missing')]


def _output(fmt='table'):
    out, err = io.StringIO(), io.StringIO()
    ticks = iter([100.0, 101.25, 163.5])
    return formatting.Output(fmt, stdout=out, stderr=err,
                             clock=lambda: next(ticks)), out, err


def test_list_table_looks_like_troves():
    output, out, err = _output()
    output.list([CLUSTER, dict(CLUSTER, id='c22', name='items', ip=[])],
                COLUMNS)
    assert out.getvalue() == (
        '+-----+----------+--------------------+-----------+------+'
        '---------+\n'
        '| ID  | Name     | IP                 | Task Name | Size |'
        ' Missing |\n'
        '+-----+----------+--------------------+-----------+------+'
        '---------+\n'
        '| c1  | products | 10.0.0.1, 10.0.0.2 | NONE      | 2    |'
        '         |\n'
        '| c22 | items    |                    | NONE      | 2    |'
        '         |\n'
        '+-----+----------+--------------------+-----------+------+'
        '---------+\n')
    assert err.getvalue() == ''


def test_show_table_is_property_value():
    output, out, _err = _output()
    output.show(CLUSTER, [Column('id'), Column('name'), Column('ip')])
    assert out.getvalue().splitlines() == [
        '+----------+--------------------+',
        '| Property | Value              |',
        '+----------+--------------------+',
        '| id       | c1                 |',
        '| name     | products           |',
        '| ip       | 10.0.0.1, 10.0.0.2 |',
        '+----------+--------------------+']


def test_empty_list_still_has_headers():
    output, out, _err = _output()
    output.list([], [Column('ID'), Column('Name')])
    assert out.getvalue().splitlines() == [
        '+----+------+', '| ID | Name |', '+----+------+', '+----+------+']


def test_json_keeps_native_types_and_snake_case_keys():
    output, out, _err = _output('json')
    output.list([CLUSTER], COLUMNS)
    assert json.loads(out.getvalue()) == [{
        'id': 'c1', 'name': 'products', 'ip': ['10.0.0.1', '10.0.0.2'],
        'task_name': 'NONE', 'size': 2, 'missing': None}]
    output, out, _err = _output('json')
    output.show(CLUSTER, [Column('id'), Column('ip')])
    assert json.loads(out.getvalue()) == {'id': 'c1',
                                          'ip': ['10.0.0.1', '10.0.0.2']}


def test_progress_is_timestamped_on_stderr_and_errors_say_error():
    output, out, err = _output()
    output.progress('first')
    output.progress('second')
    output.progress('third')
    output.error('it broke')
    assert out.getvalue() == ''
    assert err.getvalue().splitlines() == [
        '[   0.0s] first', '[   1.2s] second', '[  63.5s] third',
        'ERROR: it broke']


def test_cell_text():
    assert formatting.text(None) == ''
    assert formatting.text(True) == 'True'
    assert formatting.text(['a', 1]) == 'a, 1'
    assert formatting.text({'b': 1, 'a': 2}) == '{"a": 2, "b": 1}'
    assert formatting.text('multi\nline') == 'multi\nline'


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        formatting.Output('yaml')
