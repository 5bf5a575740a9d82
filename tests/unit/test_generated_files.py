"""The committed sample config and policy match what the code generates."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


@pytest.mark.parametrize('tool, config, output', [
    ('oslo-config-generator', 'etc/oslo-config-generator/galeratrove.conf',
     'etc/galeratrove/galeratrove.conf.sample'),
    ('oslopolicy-sample-generator',
     'etc/oslo-policy-generator/galeratrove.conf',
     'etc/galeratrove/policy.yaml.sample'),
])
def test_sample_is_fresh(tmp_path, tool, config, output):
    fresh = tmp_path / 'fresh'
    subprocess.run([os.path.join(BIN, tool), '--config-file',
                    os.path.join(ROOT, config), '--output-file', str(fresh)],
                   check=True, cwd=ROOT, capture_output=True)
    with open(os.path.join(ROOT, output)) as f:
        committed = f.read()
    assert fresh.read_text() == committed, (
        '%s is stale: run tox -e %s' % (output, 'genconfig' if 'config' in
                                        tool else 'genpolicy'))


def test_sample_documents_the_issue_options():
    with open(os.path.join(ROOT, 'etc/galeratrove/galeratrove.conf.sample')) \
            as f:
        text = f.read()
    for line in ('#bind_host = 127.0.0.1', '#bind_port = 8779',
                 '#auth_strategy = keystone', '#clusters_page_size = 20',
                 '#connection = sqlite:///$state_path/galeratrove.sqlite',
                 '#min_cluster_member_count = 3', '[mariadb]', '[pxc]',
                 '#max_instances_per_tenant', '#max_volumes_per_tenant',
                 '#cidr = 127.10.0.0/16', '#transport_url'):
        assert line in text
