"""Every status the service stores or shows, named once.

Clusters carry Trove's task ids, instances Trove's statuses, operations
and their steps the states the resume logic reads back after a restart.
The strings are stored in SQL and shown in the API, so they never change;
code names them here rather than spelling them out.
"""

import collections

# Cluster tasks, with Trove's ids, names and descriptions.
Task = collections.namedtuple('Task', 'id name description')

NONE = Task(1, 'NONE', 'No tasks for the cluster.')
BUILDING = Task(2, 'BUILDING', 'Building the initial cluster.')
DELETING = Task(3, 'DELETING', 'Deleting the cluster.')
GROWING_CLUSTER = Task(5, 'GROWING_CLUSTER',
                       'Increasing the size of the cluster.')
SHRINKING_CLUSTER = Task(6, 'SHRINKING_CLUSTER',
                         'Decreasing the size of the cluster.')
UPGRADING_CLUSTER = Task(7, 'UPGRADING_CLUSTER',
                         'Upgrading the cluster to a new datastore version.')
RESTARTING_CLUSTER = Task(8, 'RESTARTING_CLUSTER',
                          'Restarting the cluster.')
# RESTARTING_CLUSTER is the heal's; a user's restart rolls node by node.
ROLLING_RESTART = Task(10, 'ROLLING_RESTART',
                       'Restarting the nodes one at a time.')
REPLACING_INSTANCE = Task(11, 'REPLACING_INSTANCE',
                          'Replacing an instance by a new one.')
# Trove's id and name: a configuration group being applied.
UPDATING_CLUSTER = Task(9, 'UPDATING_CLUSTER', 'Updating cluster.')

TASKS_BY_ID = {t.id: t for t in (NONE, BUILDING, DELETING, GROWING_CLUSTER,
                                 SHRINKING_CLUSTER, UPGRADING_CLUSTER,
                                 RESTARTING_CLUSTER, UPDATING_CLUSTER,
                                 ROLLING_RESTART, REPLACING_INSTANCE)}


def task(task_id):
    """The task of a stored id (an unknown id reads as NONE)."""
    return TASKS_BY_ID.get(task_id, NONE)


# Instance statuses: what the user is shown for each member.
BUILD = 'BUILD'
ACTIVE = 'ACTIVE'
SHUTDOWN = 'SHUTDOWN'
ERROR = 'ERROR'
# Trove's: a configuration value waits for the member's next restart.
RESTART_REQUIRED = 'RESTART_REQUIRED'
# A member whose guest reported a settled state (up, or cleanly stopped).
SETTLED = (ACTIVE, SHUTDOWN)
# Members that serve clients (and count for rolls, quorums, root).
SERVING = (ACTIVE, RESTART_REQUIRED)

# Operation states (PENDING to a final one) and step states.
PENDING = 'PENDING'
RUNNING = 'RUNNING'
COMPLETED = 'COMPLETED'
FAILED = 'FAILED'
CANCELLED = 'CANCELLED'
UNFINISHED = (PENDING, RUNNING)
