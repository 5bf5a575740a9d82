"""API-side rules shared by Galera datastores (validation only).

The generic API records and casts; these methods decide what a Galera
cluster accepts, with messages a user can act on.
"""

from galeratrove.common import exception
from galeratrove.common.strategies.cluster.experimental.galera_common \
    import members as kinds
from galeratrove.conf import CONF

data_nodes, arbitrators = kinds.data_nodes, kinds.arbitrators
# Two data nodes and an arbitrator keep a quorum when one data node dies;
# one data node alone would be no replica at all.
MIN_DATA_NODES = 2


def _check_one_arbitrator(count):
    if count > 1:
        raise exception.BadRequest(
            'A cluster has at most one arbitrator; %d requested.' % count)


class GaleraCommonAPIStrategy:
    """Create/grow/shrink rules of a Galera cluster."""

    manager = None

    def validate_create(self, instances):
        """At least N members, one flavor and one volume for the data.

        With an arbitrator 2 members must hold data: it counts towards N
        (it votes) but not towards the data nodes, whose flavor and volume
        size it need not share.
        """
        minimum = CONF[self.manager].min_cluster_member_count
        if len(instances) < minimum:
            raise exception.BadRequest(
                'A %s cluster needs at least %d instances; %d given.'
                % (self.manager, minimum, len(instances)))
        _check_one_arbitrator(len(arbitrators(instances)))
        data = data_nodes(instances)
        if arbitrators(instances) and len(data) < MIN_DATA_NODES:
            raise exception.BadRequest(
                'A cluster needs at least %d data nodes besides its '
                'arbitrator; %d given.' % (MIN_DATA_NODES, len(data)))
        if len({i['flavor_id'] for i in data}) != 1:
            raise exception.BadRequest(
                'All instances of a new cluster must have the same '
                'flavor.')
        if len({i['volume_size'] for i in data}) != 1:
            raise exception.BadRequest(
                'All instances of a new cluster must have the same '
                'volume size.')

    def validate_grow(self, members, instances):
        """Any flavor; a volume at least the smallest data node's."""
        _check_one_arbitrator(
            len(arbitrators(members)) + len(arbitrators(instances)))
        smallest = min((m.volume_size for m in data_nodes(members)),
                       default=0)
        for spec in data_nodes(instances):
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
        removed = set(instance_ids)
        if not [m for m in data_nodes(members) if m.id not in removed]:
            raise exception.BadRequest(
                'A cluster must keep at least 1 data node: an arbitrator '
                'holds no data.')
