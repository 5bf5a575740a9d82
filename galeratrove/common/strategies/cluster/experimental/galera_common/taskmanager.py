"""Galera cluster flows, step by step as the specs number them.

Each flow is idempotent: a restarted taskmanager runs it again from the top
and the steps already done (booted servers, prepared or Synced nodes) pass
straight through.
"""

from oslo_log import log as logging

from galeratrove.backup import flow as backup_flow
from galeratrove.common import statuses
from galeratrove.common.strategies.cluster.experimental.galera_common \
    import heal
from galeratrove.common.strategies.cluster.experimental.galera_common \
    import members as kinds
from galeratrove.common.strategies.cluster.experimental.galera_common \
    import rolling
from galeratrove.common import utils
from galeratrove import compute
from galeratrove.conf import CONF
from galeratrove.configuration import rules
from galeratrove.db import api as db_api
from galeratrove.db import cluster_tls
from galeratrove.db import configurations as db_conf
from galeratrove.taskmanager import instances as tm_instances

LOG = logging.getLogger(__name__)


class StepFailed(Exception):
    """Some instances failed a step; their faults are already recorded."""


def _addresses(instances):
    return [i.addresses[0] for i in instances if i.addresses]


class GaleraCommonTaskManagerStrategy:

    manager = None

    # Pieces the flows share ----------------------------------------------

    def cluster_configuration(self, op, instance, members):
        # gmcast refuses group names over 32 bytes: a bare uuid fits. Both
        # names come from ids: a user's names are free text and never
        # reach the server configuration.
        return {'cluster_name': op.cluster_id.replace('-', ''),
                'node_name': instance.id,
                'members': _addresses(members),
                'sst_method': CONF[self.manager].sst_method,
                'tls': bool(op.cluster().tls),
                # The configuration group, for a node's first start.
                'overrides': db_conf.parameters_of(
                    op.cluster().configuration_id)}

    def new_secrets(self):
        return {'admin_password': utils.generate_password(),
                'replication_user': {
                    'name': CONF[self.manager].replication_user,
                    'password': utils.generate_password()}}

    def secrets_from(self, op, members):
        """The cluster's secrets, from the first member that answers."""
        errors = []
        for member in members:
            try:
                ctx = op.guest(member).get_cluster_context()
            except Exception as e:
                errors.append('%s: %s' % (member.name, e))
                continue
            return {'admin_password': ctx['admin_password'],
                    'replication_user': ctx['replication_user']}
        raise StepFailed('No member could give the cluster context: %s'
                         % '; '.join(errors))

    def create_secrets(self, op, members):
        """New secrets, unless a resumed create already prepared a node."""
        booted = [m for m in members if m.compute_id]
        if op.resumed and booted:
            try:
                return self.secrets_from(op, booted)
            except StepFailed:
                LOG.info('%r: no node was prepared before the restart', op)
        return self.new_secrets()

    def _each(self, op, instances, fn, what):
        """Run fn on every instance at once; fault the ones that fail."""
        failures = tm_instances.parallel(fn, instances)
        for inst in instances:
            if inst.id in failures:
                op.fault(inst, '%s failed: %s' % (what, failures[inst.id]))
        if failures:
            raise StepFailed('%s failed on %d of %d instances'
                             % (what, len(failures), len(instances)))

    def boot_and_prepare(self, op, new, secrets):
        with op.step('boot %d instances' % len(new)):
            self._each(op, new,
                       lambda i: tm_instances.boot(op, i, self.manager),
                       'Boot')
        new = op.instances([i.id for i in new])
        with op.step('wait for the guest agents'):
            self._each(op, new, lambda i: tm_instances.wait_for_guest(op, i),
                       'Guest agent start')
        with op.step('prepare the database servers'):
            self._each(op, new, lambda i: op.guest(i).prepare(
                dict(secrets, datastore=self.manager,
                     type=kinds.member_type(i))), 'Prepare')
        if op.cluster().tls:
            with op.step('issue TLS certificates'):
                self._each(op, new, lambda i: self.issue_certificate(op, i),
                           'TLS certificate')
        return new

    def issue_certificate(self, op, instance):
        """The node's CSR, signed by the cluster CA for its addresses."""
        guest = op.guest(instance)
        certificate = cluster_tls.sign(op.cluster_id, guest.tls_request(),
                                       list(instance.addresses or []))
        guest.tls_install(certificate, op.cluster().ca_certificate)

    def join(self, op, instance, secrets, members, bootstrap=False):
        with op.step('%s %s' % ('bootstrap' if bootstrap else 'join',
                                instance.name)):
            try:
                op.guest(instance).install_cluster(
                    secrets['replication_user'],
                    self.cluster_configuration(op, instance, members),
                    bootstrap=bootstrap)
            except Exception as e:
                op.fault(instance, 'Starting the node failed: %s' % e)
                raise StepFailed(str(e))
            op.set_status([instance], statuses.ACTIVE)

    def push_members(self, op, members):
        """Every member's configuration lists every member; no restart."""
        with op.step('write the member list to %d members' % len(members)):
            self._each(op, members, lambda m: op.guest(
                m).write_cluster_configuration_overrides(
                self.cluster_configuration(op, m, members)),
                'Configuration update')

    def complete(self, op, instances):
        with op.step('mark the cluster complete'):
            self._each(op, instances, lambda i: op.guest(i).cluster_complete(),
                       'cluster_complete')
            op.set_status(instances, statuses.ACTIVE)

    # Flows ----------------------------------------------------------------

    def create_cluster(self, op):
        """Boot all; bootstrap the first data node; join the rest.

        The arbitrator joins last: it has no data to bootstrap from.
        """
        members = op.instances(op.params['instances'])
        secrets = self.create_secrets(op, members)
        members = self.boot_and_prepare(op, members, secrets)
        first = kinds.data_nodes(members)[0]
        rest = ([m for m in kinds.data_nodes(members) if m is not first]
                + kinds.arbitrators(members))
        if op.params.get('restore'):
            backup_flow.restore(op, self, first, op.params['restore'],
                                secrets)
        self.join(op, first, secrets, members, bootstrap=True)
        for member in rest:
            self.join(op, member, secrets, members)
        self.push_members(op, members)
        self.complete(op, members)

    def grow_cluster(self, op):
        """Spec 002 grow: new nodes join from the live members' list."""
        new_ids = op.params['instances']
        existing = [m for m in op.instances() if m.id not in new_ids]
        new = op.instances(new_ids)
        # Data nodes first: a new arbitrator joins once they are in.
        new = kinds.data_nodes(new) + kinds.arbitrators(new)
        live = ([m for m in existing if m.status in statuses.SERVING]
                or existing)
        with op.step('get the cluster context from a live member'):
            secrets = self.secrets_from(op, live)
        new = self.boot_and_prepare(op, new, secrets)
        for member in new:
            self.join(op, member, secrets, existing + new)
        self.push_members(op, op.instances())
        self.complete(op, new)

    def shrink_cluster(self, op):
        """Stop the removed nodes gracefully, delete them, update the rest."""
        removed = op.instances(op.params['instances'])
        # A node whose guest never reported (a failed boot) has no server
        # to stop: asking would only wait out the call's timeout.
        running = [i for i in removed if i.heartbeat_at is not None]
        with op.step('stop %d nodes' % len(running)):
            failures = tm_instances.parallel(
                lambda i: op.guest(i).stop_db(), running)
            for inst_id, error in failures.items():
                LOG.warning('%r: graceful stop of %s failed (%s); deleting '
                            'it anyway', op, inst_id, error)
        with op.step('delete %d instances' % len(removed)):
            for inst in removed:
                tm_instances.delete(inst)
        remaining = [m for m in op.instances() if m.status != statuses.ERROR]
        self.wait_for_size(op, remaining)
        self.push_members(op, remaining)

    def wait_for_size(self, op, members):
        """Until a member sees the component at its new size."""
        # Only a data node can say (an arbitrator has no SQL to ask);
        # garbd counts in the component's size.
        if not kinds.data_nodes(members):
            return
        with op.step('wait for a %d-node primary component' % len(members)):
            guest = op.guest(kinds.data_nodes(members)[0])

            def settled():
                status = guest.get_status()
                return (status.get('wsrep_cluster_status') == 'Primary' and
                        status.get('wsrep_cluster_size') == len(members))
            # The view changes within a second: poll the guest closely.
            utils.wait_for(settled, CONF.cluster.stop_timeout,
                           max_interval=0.1,
                           what='a %d-node primary component'
                           % len(members))

    def delete_cluster(self, op):
        """Stop and delete every node; nothing left running or on disk."""
        with op.step('delete every instance'):
            members = op.instances()
            failures = tm_instances.parallel(tm_instances.delete, members)
            if failures:
                raise StepFailed('Deleting %d instances failed: %s' % (
                    len(failures), '; '.join(map(str, failures.values()))))
        with op.step('delete the cluster\'s server group and network rules'):
            compute.get_driver().delete_cluster(op.cluster_id)
        db_api.cluster_destroy(op.cluster_id)

    def backup_cluster(self, op):
        """Back up one Synced member into storage (backup/flow.py)."""
        backup_flow.run(op)

    def heal_cluster(self, op):
        """Start stopped members again, rebuild lost ones, or restart all.

        See heal.py: each decision is taken on a fresh look.
        """
        heal.Healer(self, op).run()

    def configure_cluster(self, op):
        """Apply a configuration group change on every member.

        Each member writes the values into its config file; the dynamic
        ones that changed are set live (SET GLOBAL) on each. Values that
        need a restart roll through the members one at a time when the
        cluster can keep a Synced quorum meanwhile (2 or more serving
        members); otherwise the members are left RESTART_REQUIRED.
        """
        values, previous = op.params['values'], op.params['previous']
        params = rules.for_version(op.cluster().datastore_version)
        changed = {k: values.get(k) for k in set(values) | set(previous)
                   if values.get(k) != previous.get(k)}
        restart = sorted(k for k in changed
                         if params.get(k, {}).get('restart_required'))
        dynamic = {k: v for k, v in changed.items() if k not in restart}
        defaults = {k: r['default'] for k, r in params.items()
                    if 'default' in r}
        # garbd has no server configuration: data nodes only.
        members = [m for m in kinds.data_nodes(op.instances())
                   if m.heartbeat_at is not None]
        with op.step('apply the configuration on %d members' % len(members)):
            self._each(op, members, lambda m: op.guest(m).update_overrides(
                values, dynamic, defaults), 'Configuration update')
        if not restart:
            return
        with op.step('mark %d members RESTART_REQUIRED (%s)'
                     % (len(members), ', '.join(restart))):
            op.set_status(members, statuses.RESTART_REQUIRED)
        members = op.instances([m.id for m in members])
        serving = [m for m in members if m.status in statuses.SERVING]
        if len(members) >= 2 and len(serving) == len(members):
            rolling.roll(op, members, label='restart for the configuration',
                         voters=self.arbitrator_votes(op))

    @staticmethod
    def arbitrator_votes(op):
        """How many arbitrators count in the component beside the roll."""
        return len(kinds.arbitrators(op.instances()))

    def restart_cluster(self, op):
        """Rolling restart of the data nodes, each back Synced first.

        The arbitrator is skipped: it has no server configuration or
        data to restart for, and keeps voting meanwhile.
        """
        rolling.roll(op, kinds.data_nodes(op.instances()),
                     voters=self.arbitrator_votes(op))

    def upgrade_cluster(self, op):
        """Rolling upgrade: each node restarts on the new version.

        The cluster's version changes once every node runs it; a roll
        that stops leaves it on the old one (the faulted node says where).
        """
        target = db_api.datastore_version_get_by_id(
            op.params['datastore_version_id'])
        # garbd comes from galera-arbitrator-4, not from the datastore
        # version: the arbitrator is skipped.
        rolling.roll(op, kinds.data_nodes(op.instances()), label='upgrade',
                     restart=lambda m: op.guest(m).upgrade(target.name),
                     voters=self.arbitrator_votes(op))
        db_api.cluster_update(op.cluster_id,
                              datastore_version_id=target.id)

    def replace_instance(self, op):
        """A new member joins by SST; then the old one is removed.

        Boots through the compute driver like a grow, so it works the same
        on every driver; the size is back to what it was at the end.
        """
        old_id = op.params['old']
        new = op.instances(op.params['instances'])
        old = op.instances([old_id])
        others = [m for m in op.instances()
                  if m.id != old_id and m.id not in op.params['instances']]
        with op.step('wait for the %d other members Synced' % len(others)):
            rolling.wait_synced(op, kinds.data_nodes(others), None)
        with op.step('get the cluster context from a live member'):
            secrets = self.secrets_from(op, others)
        new = self.boot_and_prepare(op, new, secrets)
        self.join(op, new[0], secrets, others + new)
        for member in old:
            self.remove(op, member)
        remaining = others + new
        self.wait_for_size(op, remaining)
        self.push_members(op, remaining)
        self.complete(op, new)

    def remove(self, op, member):
        """Stop a serving member gracefully, then delete it.

        A member whose server is gone (deleted behind our back) or that
        does not serve is only deleted: there is nothing to stop, and
        its guest would not answer.
        """
        with op.step('remove %s' % member.name):
            server = (compute.get_driver().get_server(member.compute_id)
                      if member.compute_id else None)
            if member.status in statuses.SERVING and server is not None:
                try:
                    op.guest(member).stop_db()
                except Exception as e:
                    LOG.warning('%r: graceful stop of %s failed (%s); '
                                'deleting it anyway', op, member.name, e)
            tm_instances.delete(member)

    def enable_root(self, context, cluster, password, guest_factory):
        """Galera replicates the user; one Synced member is enough."""
        errors = []
        for member in kinds.data_nodes(cluster.instances):
            if member.status not in statuses.SERVING:
                continue
            try:
                return guest_factory(member).enable_root(password)
            except Exception as e:
                errors.append('%s: %s' % (member.name, e))
        raise StepFailed('No member could enable root: %s'
                         % ('; '.join(errors) or 'no ACTIVE member'))
