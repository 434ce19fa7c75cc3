"""Pagination of select statements: two queries (count and page) whatever the size of the list."""

from flask import current_app

from arm.core.urls import MAX_BIGINT, int_arg
from arm.extensions import db


def paginate(statement, per_page: int | None = None):
    """A Flask-SQLAlchemy Pagination for the `page` query argument; a bad or too large page shows the last one."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    # A page whose offset would not fit in 64 bits is as "too large" as any page past the end.
    page = min(int_arg("page", 1, minimum=1, maximum=MAX_BIGINT), MAX_BIGINT // per_page)
    pagination = db.paginate(statement, page=page, per_page=per_page, error_out=False, count=True)
    if pagination.page > 1 and not pagination.items and pagination.total:
        pagination = db.paginate(statement, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination
