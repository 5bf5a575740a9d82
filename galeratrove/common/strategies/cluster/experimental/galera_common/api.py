"""API-side rules shared by Galera datastores (validation only).

The generic API records and casts; these methods decide what a Galera
cluster accepts, with messages a user can act on.
"""

from galeratrove.common import exception
from galeratrove.conf import CONF


class GaleraCommonAPIStrategy:
    """Create/grow/shrink rules of a Galera cluster."""

    manager = None

    def validate_create(self, instances):
        """At least N members, all of one flavor and one volume size."""
        minimum = CONF[self.manager].min_cluster_member_count
        if len(instances) < minimum:
            raise exception.BadRequest(
                'A %s cluster needs at least %d instances; %d given.'
                % (self.manager, minimum, len(instances)))
        if len({i['flavor_id'] for i in instances}) != 1:
            raise exception.BadRequest(
                'All instances of a new cluster must have the same '
                'flavor.')
        if len({i['volume_size'] for i in instances}) != 1:
            raise exception.BadRequest(
                'All instances of a new cluster must have the same '
                'volume size.')

    def validate_grow(self, members, instances):
        """Any flavor; a volume at least the smallest member's."""
        smallest = min((m.volume_size for m in members), default=0)
        for spec in instances:
            if spec['volume_size'] < smallest:
                raise exception.BadRequest(
                    'A new instance needs a volume of at least %d GB, the '
                    'smallest volume in the cluster; %d GB given.'
                    % (smallest, spec['volume_size']))

    def validate_shrink(self, members, instance_ids):
        """Only this cluster's members; at least two before, one after."""
        member_ids = {m.id for m in members}
        if len(members) < 2:
            raise exception.BadRequest(
                'A cluster needs at least 2 instances to shrink; it has '
                '%d.' % len(members))
        if len(set(instance_ids)) != len(instance_ids):
            raise exception.BadRequest(
                'An instance is named more than once.')
        unknown = [i for i in instance_ids if i not in member_ids]
        if unknown:
            raise exception.BadRequest(
                'Instance %s is not a member of this cluster.'
                % ', '.join(unknown))
        if len(member_ids - set(instance_ids)) < 1:
            raise exception.BadRequest(
                'A cluster must keep at least 1 instance.')
