"""Pagination of select statements: two queries (count and page) whatever the size of the list."""

from flask import current_app, request

from arm.extensions import db


def paginate(statement, per_page: int | None = None):
    """A Flask-SQLAlchemy Pagination for the `page` query argument; a bad or too large page shows the last one."""
    per_page = per_page or current_app.config["PAGE_SIZE"]
    page = request.args.get("page", 1, type=int)
    pagination = db.paginate(statement, page=max(page, 1), per_page=per_page, error_out=False, count=True)
    if pagination.page > 1 and not pagination.items and pagination.total:
        pagination = db.paginate(statement, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination
