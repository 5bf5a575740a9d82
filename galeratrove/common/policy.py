"""oslo.policy enforcement with the defaults from galeratrove.policies."""

import time

from oslo_policy import policy

from galeratrove.common import exception
from galeratrove.conf import CONF
from galeratrove import policies

_ENFORCER = None
# How often policy files are looked at for changes.
RELOAD_CHECK_SECONDS = 1


class _Enforcer(policy.Enforcer):
    """Looks for changed policy files once a second, not every request.

    oslo.policy stats the policy file and every policy directory on each
    check; edits still take effect within RELOAD_CHECK_SECONDS.
    """

    _next_check = 0

    def load_rules(self, force_reload=False):
        now = time.monotonic()
        if force_reload or not self.rules or now >= self._next_check:
            self._next_check = now + RELOAD_CHECK_SECONDS
            super().load_rules(force_reload)


def get_enforcer():
    """The process-wide enforcer (also used by oslopolicy tools)."""
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = _Enforcer(CONF)
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
