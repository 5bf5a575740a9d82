"""Rolling restarts: one node at a time, never below a Synced quorum.

The piece every rolling operation shares (restart, upgrade, a
configuration that needs a restart): a node is restarted only while every
other member is Synced in a whole Primary component, and the next one only
once it is back Synced and the component whole again. Each node is one
recorded step, so a resumed roll skips the nodes already done.
"""

from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.common import utils
from galeratrove.conf import CONF
from galeratrove.taskmanager import instances as tm_instances

LOG = logging.getLogger(__name__)


class RollFailed(Exception):
    """The roll stopped; the node concerned has a fault."""


def _sizes(size):
    return size if isinstance(size, tuple) else (size,)


def _synced(status, size):
    """Synced in a Primary component of ``size`` nodes.

    ``size`` is a count, a tuple of acceptable counts, or None (any).
    """
    return (status.get('running') and status.get('wsrep_ready') == 'ON'
            and status.get('wsrep_cluster_status') == 'Primary'
            and status.get('wsrep_local_state_comment') == 'Synced'
            and (size is None or
                 status.get('wsrep_cluster_size') in _sizes(size)))


def not_synced(op, members, size):
    """{name: why} of the members not Synced in a ``size``-node Primary."""
    status, why = {}, {}

    def ask(member):
        status[member.id] = op.guest(member).get_status()
    failures = tm_instances.parallel(ask, members)
    for member in members:
        if member.id in failures:
            error = failures[member.id]
            if isinstance(error, exception.OperationCancelled):
                raise error
            why[member.name] = 'no answer (%s)' % error
        elif not _synced(status[member.id], size):
            s = status[member.id]
            why[member.name] = ('stopped' if not s.get('running') else
                                '%s, %s, size %s' % (
                                    s.get('wsrep_local_state_comment'),
                                    s.get('wsrep_cluster_status'),
                                    s.get('wsrep_cluster_size')))
    return why


def wait_synced(op, members, size, timeout=None):
    """Until every one of ``members`` is Synced in a ``size``-node Primary."""
    last = {}

    def done():
        op.check_cancelled()
        last.clear()
        last.update(not_synced(op, members, size))
        return not last
    timeout = timeout or CONF.cluster.join_timeout
    try:
        utils.wait_for(done, timeout, interval=0.1, max_interval=0.2,
                       what='%d members Synced' % len(members))
    except TimeoutError:
        sizes = ' or '.join(map(str, _sizes(size))) if size else 'any'
        raise RollFailed(
            'Not Synced in a %s-node Primary component after %ss: %s' % (
                sizes, timeout, '; '.join(
                    '%s: %s' % kv for kv in sorted(last.items()))))


def restart_node(op, member):
    """Stop and start one node; it returns once the node is Synced.

    A guest too old for restart_db (RPC 1.1, capped while the guest
    images are upgraded) gets the same as its two 1.0 calls.
    """
    guest = op.guest(member)
    if guest.can_send_version('1.1'):
        return guest.restart_db()
    guest.stop_db()
    return guest.start_db()


def roll(op, members, restart=None, before_restart=None, label='restart',
         voters=0):
    """Restart ``members`` one at a time; fault and stop on a failure.

    ``voters`` are members of the component not rolled (an arbitrator):
    they count in its size.

    ``before_restart(member)`` runs first on each node (render a new
    configuration, say); ``restart(member)`` does the restart (default:
    the guest's restart_db, which waits for Synced). A node whose step
    already completed (a resumed operation) is skipped.
    """
    members = list(members)
    size = len(members) + voters
    restart = restart or (lambda m: restart_node(op, m))
    for member in members:
        name = '%s %s' % (label, member.name)
        if op.step_completed(name):
            LOG.info('%r: %s already done', op, name)
            continue
        others = [m for m in members if m.id != member.id]
        with op.step('wait for the other %d members Synced before %s'
                     % (len(others), name)):
            # Never restart a node while another one is not Synced. The
            # node itself may be down already: a roll resumed after the
            # service died during its restart.
            wait_synced(op, others, (size, size - 1))
        try:
            with op.step(name):
                if before_restart is not None:
                    before_restart(member)
                restart(member)
                wait_synced(op, members, size)
        except exception.OperationCancelled:
            raise
        except Exception as e:
            op.fault(member, '%s failed: %s' % (
                label.capitalize(), (str(e).splitlines() or [''])[0]))
            raise RollFailed('%s of %s failed; the roll stopped there: %s'
                             % (label.capitalize(), member.name, e))
        op.set_status([member], statuses.ACTIVE)
