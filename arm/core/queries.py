"""Loaders shared by every area."""

from sqlalchemy import select

from arm.extensions import db


def get_in_case(model, object_id: int, case_id: int, *options):
    """A case-owned row by id, or 404 when there is none or it belongs to another case."""
    return db.one_or_404(select(model).where(model.id == object_id, model.case_id == case_id).options(*options))
