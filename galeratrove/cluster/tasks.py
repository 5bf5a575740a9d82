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

UPDATING_CLUSTER = Task(9, 'UPDATING_CLUSTER', 'Updating cluster.')

BY_ID = {t.id: t for t in (NONE, BUILDING, DELETING, GROWING_CLUSTER,
                           SHRINKING_CLUSTER, RESTARTING_CLUSTER,
                           UPDATING_CLUSTER)}


def get(task_id):
    return BY_ID.get(task_id, NONE)
