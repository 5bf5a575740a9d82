"""Reading a project's rows: one page of a list, or one row by id.

Every list of the API pages the same way (keyset pages):
ordered by (created, id) and continued after a marker row, so a page is
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


def one(session, query, model, row_id, not_found, lock=False):
    """The row of ``query`` with ``row_id``, or raise ``not_found(id=...)``.

    ``query`` already holds the project's filter, so another project's row
    is the same 404 as a missing one. ``lock`` locks only ``model``'s row
    (PostgreSQL refuses to lock the outer side of an eager join).
    """
    query = query.where(model.id == row_id)
    if lock:
        query = query.with_for_update(of=model)
    row = session.scalars(query).first()
    if row is None:
        raise not_found(id=row_id)
    return row
