"""Healing a Galera cluster: look, do one thing, look again.

A decision taken on one snapshot races Galera's own view changes: a
killed member stays in the Primary view for about five seconds, and a
node restarted into a survivor that is about to lose its quorum forms a
non-Primary pair with it that no join can leave. So every action is
followed by a fresh look, and every wait is short and bounded.

A member whose server is known dead (its agent says no process runs) is
evicted from the survivors' view at once rather than waited out: a
restarted node then joins without a view change racing it. Once the
survivors' view has dropped it, their eviction lists are cleared before
any member starts again (see release_evicted). Stopped members start
again all at once.

A member whose server is gone (deleted, its host and disk lost) is no
member to heal: it is faulted and left to a replace, which joins a new
server by SST and removes it. A heal that began before the server went
would otherwise rebuild it in place while the tenant replaces it.
"""

from oslo_log import log as logging

from galeratrove.common import exception
from galeratrove.common import statuses
from galeratrove.common.strategies.cluster.experimental.galera_common \
    import members as kinds
from galeratrove.common import utils
from galeratrove.conf import CONF
from galeratrove.db import api as db_api
from galeratrove.taskmanager import instances as tm_instances

LOG = logging.getLogger(__name__)

# Seconds to wait for survivors to drop evicted members from their view
# (Galera does, within a second or so) before their eviction lists are
# cleared anyway.
EVICTED_DROP_WAIT = 5


class HealFailed(Exception):
    """The heal could not bring the cluster back."""


def _first_line(error):
    return (str(error).splitlines() or [''])[0]


class Look:
    """The members' state as their guests report it right now."""

    def __init__(self, members, status):
        self.members = members
        self.status = status

    def _with(self, test):
        return [m for m in self.members
                if m.id in self.status and test(self.status[m.id])]

    @property
    def running(self):
        return self._with(lambda s: s.get('running'))

    @property
    def down(self):
        return self._with(lambda s: not s.get('running'))

    @property
    def unknown(self):
        return [m for m in self.members if m.id not in self.status]

    @property
    def primary(self):
        return self._with(lambda s: s.get('running') and s.get(
            'wsrep_cluster_status') == 'Primary')

    @property
    def synced(self):
        return [m for m in self.primary if self.status[m.id].get(
            'wsrep_local_state_comment') == 'Synced']

    def stale(self):
        """Primary members whose view still counts members that are down."""
        alive = len(self.running)
        return [m for m in self.primary
                if (self.status[m.id].get('wsrep_cluster_size') or 0) > alive]

    def dead_uuids(self):
        """Group uuids of the members that are down, where known."""
        return sorted({self.status[m.id]['gcomm_uuid'] for m in self.down
                       if self.status[m.id].get('gcomm_uuid')})

    def doomed(self):
        """A Primary view still counting dead members, without a quorum.

        Galera will soon evict them and the component go non-Primary:
        acting on it now would join nodes to a dying component.
        """
        alive = len(self.running)
        for m in self.primary:
            size = self.status[m.id].get('wsrep_cluster_size') or 0
            if size > alive and 2 * alive <= size:
                return True
        return False

    def committed(self, member):
        return self.status[member.id].get('wsrep_last_committed')


class Healer:
    """One heal operation of one cluster."""

    def __init__(self, strategy, op):
        self.strategy = strategy
        self.op = op
        self.evicted = False

    def members(self):
        """The members to heal: not in ERROR, with a server to act on."""
        members = [m for m in self.op.instances()
                   if m.status != statuses.ERROR]
        gone = [m for m in members if tm_instances.server_gone(m)]
        for member in gone:
            self.op.fault(member, tm_instances.GONE)
        return [m for m in members if m not in gone]

    def look(self, members):
        status = {}

        def ask(member):
            status[member.id] = self.op.guest(member).get_status()
        failures = tm_instances.parallel(ask, members)
        for inst_id, error in failures.items():
            if isinstance(error, exception.OperationCancelled):
                raise error
            LOG.warning('%r: no state from %s: %s', self.op, inst_id, error)
        return Look(members, status)

    def settled_look(self):
        """A look once Galera evicted the dead, or after a short bound."""
        members = self.members()
        with self.op.step('look at %d members' % len(members)):
            last = [self.look(members)]
            # A view left with a quorum needs no second look: the start
            # that follows begins by recovering the position anyway.
            self.evict_dead(last[0])

            def settled():
                self.op.check_cancelled()
                if not last[0].doomed():
                    return last[0]
                last[0] = self.look(members)
                return None if last[0].doomed() else last[0]
            try:
                return utils.wait_for(
                    settled, CONF.cluster.heal_settle_timeout,
                    interval=0.2, max_interval=0.2,
                    what='the Primary view to drop its dead members')
            except TimeoutError:
                return last[0]

    def run(self):
        rounds = 2 * len(self.members()) + 3
        for _ in range(rounds):
            look = self.settled_look()
            if look.primary and not look.down:
                self.forget_evicted(look)
                return
            if look.synced and look.down:
                self.restart_all(look.down, look.members)
            elif look.primary:
                # A donor or joiner: the Primary component carries on.
                return
            elif look.unknown:
                raise HealFailed(
                    'No primary component and no state from %s: their '
                    'agents do not answer' % ', '.join(
                        m.name for m in look.unknown))
            elif not (look.running and self.bootstrap_survivor(look)):
                self.full_restart(look)
        raise HealFailed('The cluster was not healed after %d rounds'
                         % rounds)

    # Actions -------------------------------------------------------------

    def evict_dead(self, look):
        """Survivors drop the dead members their view still counts.

        Only members whose agents say their server is gone, by the uuid
        of that dead incarnation: a live member is never evicted.
        """
        uuids = look.dead_uuids()
        stale = [m for m in look.stale()
                 if self.op.guest(m).can_send_version('1.3')]
        if not (stale and uuids):
            return False
        with self.op.step('evict %d dead members from the Primary view'
                          % len(uuids)):
            failures = tm_instances.parallel(
                lambda m: self.op.guest(m).evict_members(uuids), stale)
        for inst_id, error in failures.items():
            if isinstance(error, exception.OperationCancelled):
                raise error
            LOG.warning('%r: %s could not evict the dead members (%s); '
                        'Galera will', self.op, inst_id, _first_line(error))
        self.evicted = True
        return True

    def forget_evicted(self, look):
        """Clear the eviction lists (the dead incarnations never return)."""
        if not self.evicted:
            return
        failures = tm_instances.parallel(
            lambda m: self.op.guest(m).evict_members([]), look.running)
        for inst_id, error in failures.items():
            LOG.info('%r: %s kept its eviction list (%s)', self.op, inst_id,
                     _first_line(error))

    def release_evicted(self, members):
        """Clear the eviction lists once no Primary view counts the dead.

        Kept, a list stalls the restart of the very member it names:
        Galera lists the evicted incarnation in every join message, the
        restarted server (the same node, a new incarnation) is taken for
        a peer that never answers, and the join waits out
        evs.suspect_timeout (5 s; seen in two joins of three). Cleared
        once the view dropped it, the dead incarnation is forgotten: it
        never comes back. (They are cleared again once healed: the call
        has every member report its new view at once.)
        """
        if not self.evicted:
            return

        def dropped():
            self.op.check_cancelled()
            look = self.look(members)
            return None if look.stale() else look
        try:
            look = utils.wait_for(
                dropped, min(EVICTED_DROP_WAIT,
                             CONF.cluster.heal_settle_timeout),
                interval=0.1, max_interval=0.2,
                what='the Primary view to drop the evicted members')
        except TimeoutError:
            look = self.look(members)
        self.forget_evicted(look)

    def restart_all(self, down, members):
        """Start every stopped member at once; Galera queues the joins."""
        self.release_evicted(members)
        failures = tm_instances.parallel(
            lambda m: self.restart(m, members), down)
        for error in failures.values():
            raise error

    def restart(self, member, members):
        """Start a member again; after bounded failures, rebuild it."""
        attempts = CONF.cluster.heal_restart_attempts
        errors = []
        for attempt in range(1, attempts + 1):
            try:
                with self.op.step('start %s again (attempt %d of %d)' % (
                        member.name, attempt, attempts)):
                    self.op.guest(member).start_db()
                return
            except exception.OperationCancelled:
                raise
            except Exception as e:
                errors.append(_first_line(e))
        self.rebuild(member, members, errors)

    def rebuild(self, member, members, errors):
        """Wipe and rejoin by a full SST, or mark the member ERROR."""
        fresh = self.look(members)
        if not fresh.synced:
            LOG.warning('%r: no Synced member to rebuild %s from now',
                        self.op, member.name)
            return
        try:
            secrets = self.strategy.secrets_from(self.op, fresh.synced)
            with self.op.step('rebuild %s from a Synced member (full SST)'
                              % member.name):
                self.op.guest(member).rebuild(
                    dict(secrets, datastore=self.strategy.manager),
                    secrets['replication_user'],
                    self.strategy.cluster_configuration(
                        self.op, member, self.op.instances()))
        except exception.OperationCancelled:
            raise
        except Exception as e:
            self.op.fault(member, (
                'The node did not start again %d times (last error: %s) '
                'and rebuilding it by a full state transfer from a Synced '
                'member failed: %s. The other members hold all its data: '
                'shrink it away and grow a new node.' % (
                    len(errors), errors[-1], _first_line(e))))
            return
        LOG.warning('%r: %s rebuilt by a full SST after %d failed starts '
                    '(%s)', self.op, member.name, len(errors), errors[-1])
        db_api.instance_update(member.id, status=statuses.ACTIVE)

    def bootstrap_survivor(self, look):
        """Make the most advanced survivor Primary again, if it is safe.

        Safe when every other member is known to be down and none of
        them committed more than the survivor (their recovered
        positions); else False and the full restart decides.
        """
        running = [m for m in kinds.data_nodes(look.running)
                   if look.committed(m) is not None]
        if not running:
            return False
        best = max(running, key=look.committed)
        with self.op.step('recover the position of %d stopped members'
                          % len(look.down)):
            seqno = self.positions(look.down)
        if any(s > look.committed(best) for s in seqno.values()):
            LOG.warning('%r: a stopped member is ahead of %s', self.op,
                        best.name)
            return False
        with self.op.step('make %s Primary again (pc.bootstrap at seqno %d)'
                          % (best.name, look.committed(best))):
            self.op.guest(best).bootstrap_primary()
        return True

    def positions(self, members):
        seqno = {}

        def recover(member):
            seqno[member.id] = self.op.guest(
                member).recover_position()['seqno']
        failures = tm_instances.parallel(recover, members)
        if failures:
            raise HealFailed('Recovering the position of %s failed: %s' % (
                ', '.join(m.name for m in members if m.id in failures),
                '; '.join(_first_line(e) for e in failures.values())))
        return seqno

    def full_restart(self, look):
        """No Primary left: the most advanced member bootstraps anew.

        The others are started by the next rounds, as any stopped member.
        """
        # An arbitrator has no data: never the one to bootstrap.
        data = kinds.data_nodes(look.members)
        with self.op.step('recover the position of every member'):
            seqno = self.positions(data)
        best = max(data, key=lambda m: seqno[m.id])
        with self.op.step('bootstrap %s (seqno %d)' % (best.name,
                                                       seqno[best.id])):
            self.op.guest(best).start_db(bootstrap=True)
