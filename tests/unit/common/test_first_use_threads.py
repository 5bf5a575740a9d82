"""What is built on first use (the policy enforcer, a driver) is built
once and whole when several threads first use it at once."""

import threading

from galeratrove.common import context
from galeratrove.common import plugins
from galeratrove.common import policy
from galeratrove import policies


def test_questions_during_the_enforcers_first_build_are_answered(
        monkeypatch):
    """A request arriving while another builds the enforcer waits for it.

    The panel's first page load asks for datastores, flavors and clusters
    at once; one of them used to meet an enforcer without its defaults.
    """
    policy.reset()
    building = threading.Event()
    release = threading.Event()
    real_rules = policies.list_rules

    def slow_rules():
        building.set()
        release.wait(10)
        return real_rules()

    monkeypatch.setattr(policies, 'list_rules', slow_rules)
    ctx = context.RequestContext(project_id='demo', roles=['member'])
    errors = []

    def ask():
        try:
            policy.authorize(ctx, 'datastore:index')
        except Exception as exc:
            errors.append(exc)

    first = threading.Thread(target=ask)
    first.start()
    assert building.wait(10)
    second = threading.Thread(target=ask)
    second.start()
    # The second question must not be answered from a half-built enforcer:
    # give it the chance to be, then let the first build finish.
    second.join(0.5)
    release.set()
    first.join(10)
    second.join(10)
    assert not first.is_alive() and not second.is_alive()
    assert errors == []
    policy.reset()


def test_two_first_users_of_a_driver_slot_share_one_driver(monkeypatch):
    """Two operations' threads must not each start a compute driver."""
    slot = plugins.DriverSlot('galeratrove.compute.drivers', lambda: 'x')
    loading = threading.Event()
    release = threading.Event()
    made = []

    def slow_load(name):
        loading.set()
        release.wait(10)
        made.append(object())
        return made[-1]

    monkeypatch.setattr(slot, 'load', slow_load)
    got = []
    first = threading.Thread(target=lambda: got.append(slot.get()))
    first.start()
    assert loading.wait(10)
    second = threading.Thread(target=lambda: got.append(slot.get()))
    second.start()
    second.join(0.5)
    release.set()
    first.join(10)
    second.join(10)
    assert len(made) == 1
    assert got == [made[0], made[0]]
