"""When a backup schedule is due, and which backups its retention drops.

Pure functions of the rows they are given, so the choice of what to
delete can be tested on incremental chains without a cluster.
"""

import croniter

from galeratrove.common import exception

UNFINISHED = ('NEW', 'BUILDING')


def check_pattern(pattern):
    """A 5-field cron pattern, or a Trove-shaped 400 saying what is wrong."""
    if not isinstance(pattern, str) or len(pattern.split()) != 5:
        raise exception.BadRequest(
            'Pattern %r is not a cron pattern of 5 fields (minute hour '
            'day-of-month month day-of-week).' % (pattern,))
    if not croniter.croniter.is_valid(pattern):
        raise exception.BadRequest('Pattern %r is not a valid cron pattern.'
                                   % pattern)
    return pattern


def next_after(pattern, when):
    """The first due time strictly after ``when`` (naive UTC)."""
    return croniter.croniter(pattern, when).get_next(type(when))


def _root(backup, by_id):
    while backup.parent_id and backup.parent_id in by_id:
        backup = by_id[backup.parent_id]
    return backup


def _depth(backup, by_id):
    depth = 0
    while backup.parent_id and backup.parent_id in by_id:
        backup, depth = by_id[backup.parent_id], depth + 1
    return depth


def expired(backups, keep):
    """The scheduled backups to delete so ``keep`` full chains remain.

    ``backups`` are a cluster's live backups. The newest ``keep``
    COMPLETED full backups are kept with every incremental built on
    them; scheduled backups older than the oldest kept full and of no
    kept chain expire. A backup something kept depends on (an
    incremental asked for by hand, say) is never chosen, nor one still
    being made. Children come before parents: the delete path refuses
    a parent whose child lives.
    """
    if not keep:
        return []
    by_id = {b.id: b for b in backups}
    fulls = sorted((b for b in backups
                    if not b.parent_id and b.status == 'COMPLETED'),
                   key=lambda b: (b.created, b.id), reverse=True)
    if len(fulls) <= keep:
        return []
    kept_roots = {b.id for b in fulls[:keep]}
    oldest_kept = fulls[keep - 1].created
    chosen = {b.id for b in backups
              if b.schedule_id and b.status not in UNFINISHED and
              b.created <= oldest_kept and
              _root(b, by_id).id not in kept_roots}
    # What stays keeps its whole chain.
    for b in backups:
        if b.id in chosen:
            continue
        while b.parent_id and b.parent_id in by_id:
            b = by_id[b.parent_id]
            chosen.discard(b.id)
    return sorted((by_id[i] for i in chosen),
                  key=lambda b: (-_depth(b, by_id), b.created, b.id))
