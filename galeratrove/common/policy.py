"""oslo.policy enforcement with the defaults from galeratrove.policies."""

from oslo_policy import policy

from galeratrove.common import exception
from galeratrove.conf import CONF
from galeratrove import policies

_ENFORCER = None


def get_enforcer():
    """The process-wide enforcer (also used by oslopolicy tools)."""
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = policy.Enforcer(CONF)
        _ENFORCER.register_defaults(policies.list_rules())
    return _ENFORCER


def reset():
    global _ENFORCER
    _ENFORCER = None


def authorize(context, rule, target=None):
    target = target or {'tenant': context.project_id,
                        'project_id': context.project_id}
    try:
        get_enforcer().authorize(rule, target, context, do_raise=True)
    except policy.PolicyNotAuthorized:
        raise exception.Forbidden(
            'Policy does not allow %s to be performed.' % rule)
