"""Policy defaults in code; ``oslopolicy-sample-generator`` lists them."""

from oslo_policy import policy

ADMIN = 'role:admin'
ADMIN_OR_OWNER = 'role:admin or project_id:%(tenant)s'

_base = [
    policy.RuleDefault('admin', ADMIN, 'Administrators of the cloud.'),
    policy.RuleDefault('admin_or_owner', ADMIN_OR_OWNER,
                       'Administrators, or members of the project in the '
                       'request path.'),
]

_CLUSTERS = '/v1.0/{tenant_id}/clusters'
_CONFIGS = '/v1.0/{tenant_id}/configurations'
_SCHEDULES = '/v1.0/{tenant_id}/backup_schedules'


def _rule(name, check, description, method, path):
    return policy.DocumentedRuleDefault(
        name, check, description, [{'method': method, 'path': path}])


_rules = [
    _rule('cluster:create', 'rule:admin_or_owner', 'Create a cluster.',
          'POST', _CLUSTERS),
    _rule('cluster:index', 'rule:admin_or_owner', 'List clusters.',
          'GET', _CLUSTERS),
    _rule('cluster:show', 'rule:admin_or_owner', 'Show a cluster.',
          'GET', _CLUSTERS + '/{cluster}'),
    _rule('cluster:delete', 'rule:admin_or_owner', 'Delete a cluster.',
          'DELETE', _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:grow', 'rule:admin_or_owner',
          'Add instances to a cluster.', 'POST', _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:shrink', 'rule:admin_or_owner',
          'Remove instances from a cluster.', 'POST',
          _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:restart', 'rule:admin_or_owner',
          'Restart the nodes of a cluster one at a time.', 'POST',
          _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:upgrade', 'rule:admin_or_owner',
          'Upgrade a cluster to a newer datastore version, node by node.',
          'POST', _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:replace-instance', 'rule:admin_or_owner',
          'Replace a member by a new one that joins by state transfer.',
          'POST', _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:reset-status', 'rule:admin',
          "Reset a cluster's task to NONE (operators only).", 'POST',
          _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:configuration_attach', 'rule:admin_or_owner',
          "Attach one of the project's configuration groups to a cluster.",
          'POST', _CLUSTERS + '/{cluster}'),
    _rule('cluster:action:configuration_detach', 'rule:admin_or_owner',
          "Detach a cluster's configuration group.", 'POST',
          _CLUSTERS + '/{cluster}'),
    _rule('configuration:create', 'rule:admin_or_owner',
          'Create a configuration group.', 'POST', _CONFIGS),
    _rule('configuration:index', 'rule:admin_or_owner',
          "List the project's configuration groups.", 'GET', _CONFIGS),
    _rule('configuration:show', 'rule:admin_or_owner',
          'Show a configuration group and its values.', 'GET',
          _CONFIGS + '/{configuration}'),
    _rule('configuration:update', 'rule:admin_or_owner',
          'Replace (PUT) or merge (PATCH) the values of a configuration '
          'group; attached clusters apply them.', 'PUT',
          _CONFIGS + '/{configuration}'),
    _rule('configuration:delete', 'rule:admin_or_owner',
          'Delete a configuration group no cluster uses.', 'DELETE',
          _CONFIGS + '/{configuration}'),
    _rule('configuration:instances', 'rule:admin_or_owner',
          'List the instances and clusters using a configuration group.',
          'GET', _CONFIGS + '/{configuration}/instances'),
    _rule('configuration:parameters', 'rule:admin_or_owner',
          "List a datastore version's configuration parameters.", 'GET',
          '/v1.0/{tenant_id}/datastores/{datastore}/versions/{version}/'
          'parameters'),
    _rule('cluster:instance:show', 'rule:admin_or_owner',
          'Show an instance of a cluster.', 'GET',
          _CLUSTERS + '/{cluster}/instances/{instance}'),
    _rule('cluster:root:create', 'rule:admin_or_owner',
          'Enable root on a cluster and return its password once.',
          'POST', _CLUSTERS + '/{cluster}/root'),
    _rule('cluster:root:show', 'rule:admin_or_owner',
          'Tell whether root was ever enabled on a cluster.', 'GET',
          _CLUSTERS + '/{cluster}/root'),
    _rule('cluster:ca:show', 'rule:admin_or_owner',
          "Download the PEM certificate of a TLS cluster's CA.", 'GET',
          _CLUSTERS + '/{cluster}/ca'),
    _rule('datastore:index', 'rule:admin_or_owner', 'List datastores.',
          'GET', '/v1.0/{tenant_id}/datastores'),
    _rule('datastore:show', 'rule:admin_or_owner',
          'Show a datastore and its versions.', 'GET',
          '/v1.0/{tenant_id}/datastores/{datastore}'),
    _rule('flavor:index', 'rule:admin_or_owner', 'List flavors.', 'GET',
          '/v1.0/{tenant_id}/flavors'),
    _rule('limits:index', 'rule:admin_or_owner',
          "Show the project's absolute limits and usage.", 'GET',
          '/v1.0/{tenant_id}/limits'),
    _rule('flavor:show', 'rule:admin_or_owner', 'Show a flavor.', 'GET',
          '/v1.0/{tenant_id}/flavors/{flavor}'),
    _rule('backup:create', 'rule:admin_or_owner',
          'Back up a cluster (one of its members).', 'POST',
          '/v1.0/{tenant_id}/backups'),
    _rule('backup:index', 'rule:admin_or_owner',
          "List the project's backups (or one cluster's).", 'GET',
          '/v1.0/{tenant_id}/backups'),
    _rule('backup:show', 'rule:admin_or_owner', 'Show a backup.', 'GET',
          '/v1.0/{tenant_id}/backups/{backup}'),
    _rule('backup:delete', 'rule:admin_or_owner',
          'Delete a backup and its stored object.', 'DELETE',
          '/v1.0/{tenant_id}/backups/{backup}'),
    _rule('backup_schedule:create', 'rule:admin_or_owner',
          'Schedule recurring backups of a cluster.', 'POST', _SCHEDULES),
    _rule('backup_schedule:index', 'rule:admin_or_owner',
          "List the project's backup schedules (or one cluster's).", 'GET',
          _SCHEDULES),
    _rule('backup_schedule:show', 'rule:admin_or_owner',
          'Show a backup schedule.', 'GET', _SCHEDULES + '/{schedule}'),
    _rule('backup_schedule:update', 'rule:admin_or_owner',
          'Change, enable or disable a backup schedule.', 'PATCH',
          _SCHEDULES + '/{schedule}'),
    _rule('backup_schedule:delete', 'rule:admin_or_owner',
          'Delete a backup schedule (its backups stay).', 'DELETE',
          _SCHEDULES + '/{schedule}'),
]


def list_rules():
    return _base + _rules
