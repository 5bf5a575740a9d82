"""Cluster tasks with Trove's ids, names and descriptions."""

import collections

Task = collections.namedtuple('Task', 'id name description')

NONE = Task(1, 'NONE', 'No tasks for the cluster.')
BUILDING = Task(2, 'BUILDING', 'Building the initial cluster.')
DELETING = Task(3, 'DELETING', 'Deleting the cluster.')
GROWING_CLUSTER = Task(5, 'GROWING_CLUSTER',
                       'Increasing the size of the cluster.')
SHRINKING_CLUSTER = Task(6, 'SHRINKING_CLUSTER',
                         'Decreasing the size of the cluster.')
RESTARTING_CLUSTER = Task(8, 'RESTARTING_CLUSTER',
                          'Restarting the cluster.')

# Trove's id and name for a cluster upgrade.
UPGRADING_CLUSTER = Task(7, 'UPGRADING_CLUSTER',
                         'Upgrading the cluster to a new datastore version.')
# RESTARTING_CLUSTER is the heal's; a user's restart rolls node by node.
ROLLING_RESTART = Task(10, 'ROLLING_RESTART',
                       'Restarting the nodes one at a time.')
REPLACING_INSTANCE = Task(11, 'REPLACING_INSTANCE',
                          'Replacing an instance by a new one.')
# Trove's id and name: a configuration group being applied.
UPDATING_CLUSTER = Task(9, 'UPDATING_CLUSTER', 'Updating cluster.')

BY_ID = {t.id: t for t in (NONE, BUILDING, DELETING, GROWING_CLUSTER,
                           SHRINKING_CLUSTER, UPGRADING_CLUSTER,
                           RESTARTING_CLUSTER, UPDATING_CLUSTER,
                           ROLLING_RESTART, REPLACING_INSTANCE)}


def get(task_id):
    return BY_ID.get(task_id, NONE)
