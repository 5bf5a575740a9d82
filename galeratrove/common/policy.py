"""oslo.policy enforcement with the defaults from galeratrove.policies."""

import threading
import time

from oslo_policy import policy

from galeratrove.common import exception
from galeratrove.conf import CONF
from galeratrove import policies

_ENFORCER = None
# oslo.policy's Enforcer is not thread-safe: building it, loading its
# rules and deciding run under this lock (decisions are cached, so a
# request rarely takes it).
_LOCK = threading.RLock()
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
    """The process-wide enforcer (also used by oslopolicy tools).

    Published only once its defaults are registered: the panel's first
    page load asks several questions at once, and a half-built enforcer
    answered one of them with PolicyNotRegistered (a 500).
    """
    global _ENFORCER
    enforcer = _ENFORCER
    if enforcer is not None:  # every request: no lock once it is built
        return enforcer
    with _LOCK:
        if _ENFORCER is None:
            enforcer = _Enforcer(CONF)
            enforcer.register_defaults(policies.list_rules())
            _ENFORCER = enforcer
        return _ENFORCER


def reset():
    global _ENFORCER
    with _LOCK:
        _ENFORCER = None
        _decisions.clear()


# Decisions already taken, by (rule, target, credentials); forgotten
# with each look at the policy files, so edits apply as quickly as before.
_decisions = {}
_MAX_DECISIONS = 4096


def _hashable(values):
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in values.items()))


def _decide(context, rule, target):
    """oslo.policy's answer, worked out once per second per question.

    Each check re-inspects its callable's signature; a GET spent more
    on that than on its SQL.
    """
    enforcer = get_enforcer()
    key = (rule, _hashable(target), _hashable(context.to_policy_values()))
    if time.monotonic() >= enforcer._next_check:
        _decisions.clear()
    allowed = _decisions.get(key)
    if allowed is None:
        try:
            with _LOCK:
                enforcer.authorize(rule, target, context, do_raise=True)
            allowed = True
        except policy.PolicyNotAuthorized:
            allowed = False
        if len(_decisions) >= _MAX_DECISIONS:
            _decisions.clear()
        _decisions[key] = allowed
    return allowed


def authorize(context, rule, target=None):
    target = target or {'tenant': context.project_id,
                        'project_id': context.project_id}
    if not _decide(context, rule, target):
        raise exception.Forbidden(
            'Policy does not allow %s to be performed.' % rule)
