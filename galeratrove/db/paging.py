"""Keyset pages: every list of the API pages the same way.

Ordered by (created, id) and continued after a marker row, so a page is
stable while rows are added and costs one index range, whatever the
page number.
"""

import sqlalchemy as sa


def page(session, query, model, marker, limit):
    """Rows after ``marker`` (a row or None) and whether more follow."""
    if marker is not None:
        query = query.where(sa.or_(
            model.created > marker.created,
            sa.and_(model.created == marker.created, model.id > marker.id)))
    query = query.order_by(model.created, model.id)
    rows = list(session.scalars(query.limit(limit + 1)))
    return rows[:limit], len(rows) > limit
