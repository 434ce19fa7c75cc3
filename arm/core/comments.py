"""Comments on any object of a case: members comment, observers read.

Core names no area, so an area makes its objects commentable when the app is built:

    register_commentable("risk", Risk, url=lambda risk: url_for("risks.risk", case_id=..., risk_id=risk.id))

`entity` is the name in the comment's URL and row; `model` is a case-owned model (an `id` and a `case_id`);
`url(obj)` is the object's page, where the comment route sends the person back. The object's page then shows
`comments_of(entity, obj.id)` (one statement) through the macro `macros/comments.html`, and the one route
`POST /cases/<case_id>/comments/<entity>/<entity_id>` (permission `comment.add`) adds a comment after
checking, through this registry, that the object exists in that case: an unknown entity or another case's
object is 404. An area that deletes a commentable object calls `delete_comments_of` in the same transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, Text, delete, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from arm.core.audit import Audited
from arm.core.errors import ValidationError
from arm.core.forms import Form
from arm.core.input import text_problem
from arm.core.models import UTCDateTime, utcnow
from arm.core.permissions import case_permission
from arm.core.queries import get_in_case
from arm.core.saving import save_form
from arm.extensions import db

COMMENT_MAX_LENGTH = 5_000  # a long comment; anything longer belongs in the object's own text


class Comment(Audited, db.Model):
    """A member's comment (Markdown) on one object of a case, named by its entity and id."""

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_entity_entity_id_created_at", "entity", "entity_id", "created_at"),)

    audit_name = _l("Kommentti")
    audit_fields = {"entity": _l("Kohde"), "entity_id": _l("Kohteen tunniste"), "body": _l("Kommentti")}
    audit_ignore = frozenset({"author_id"})

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped["User | None"] = relationship("User")  # noqa: F821 - core names no area

    @property
    def audit_label(self) -> str:
        return self.body[:60]


# The registry


@dataclass(frozen=True)
class Commentable:
    model: type
    url: Callable[[Any], str]


_COMMENTABLE: dict[str, Commentable] = {}


def register_commentable(entity: str, model: type, *, url: Callable[[Any], str]) -> None:
    """Make `model`'s rows commentable as `entity`; registering the same entity again (another app) is a no-op."""
    known = _COMMENTABLE.get(entity)
    if known is not None and known.model is not model:
        raise ValueError(f"commentable entity {entity!r} is registered for {known.model.__name__}")
    _COMMENTABLE[entity] = Commentable(model, url)


def commentable_object(entity: str, entity_id: int, case_id: int):
    """The object a comment is about, with its registry entry: 404 for an unknown entity or another case's object."""
    known = _COMMENTABLE.get(entity)
    if known is None:
        abort(404)
    return get_in_case(known.model, entity_id, case_id), known


# Form, service and query


class CommentForm(Form):
    body = TextAreaField(
        _l("Kommentti"),
        validators=[DataRequired(_l("Kirjoita kommentti.")), Length(max=COMMENT_MAX_LENGTH)],
        description=_l("Voit käyttää Markdown-muotoilua."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Lisää kommentti"))


def add_comment(case_id: int, entity: str, entity_id: int, author_id: int | None, body: str) -> Comment:
    """The last defence behind the form: empty, too long or refused text (see core.input) is a ValidationError."""
    body = (body or "").strip()
    if not body:
        raise ValidationError.single("body", _("Kirjoita kommentti."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError.single(
            "body", _("Kommentissa voi olla enintään %(max)s merkkiä.", max=COMMENT_MAX_LENGTH)
        )
    problem = text_problem(body, multiline=True)
    if problem is not None:
        raise ValidationError.single("body", str(problem))
    comment = Comment(case_id=case_id, entity=entity, entity_id=entity_id, author_id=author_id, body=body)
    db.session.add(comment)
    db.session.flush()
    return comment


def delete_comments_of(entity: str, entity_id: int) -> None:
    db.session.execute(delete(Comment).where(Comment.entity == entity, Comment.entity_id == entity_id))


def comments_of(entity: str, entity_id: int) -> list[Comment]:
    """An object's comments, oldest first, with their authors: one statement."""
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.entity == entity, Comment.entity_id == entity_id)
            .options(joinedload(Comment.author))
            .order_by(Comment.created_at, Comment.id)
        )
    )


# The route

bp = Blueprint("comments", __name__, url_prefix="/cases/<int:case_id>")


@bp.post("/comments/<entity>/<int:entity_id>")
@case_permission("comment.add")
def add(case, entity: str, entity_id: int):
    """404 for an unknown entity or an object of another case; back to the object's page once saved."""
    obj, known = commentable_object(entity, entity_id, case.id)
    form = CommentForm()
    return save_form(
        form,
        lambda: add_comment(case.id, entity, obj.id, current_user.id, form.body.data),
        done=known.url(obj) + "#comments",
        message=_("Kommentti lisätty."),
        template="comments/form_page.html",
        case=case,
        back_url=known.url(obj),
        action_url=comment_url(case.id, entity, obj.id),
    )


def comment_url(case_id: int, entity: str, entity_id: int) -> str:
    """Where the macro's form posts a comment on the object."""
    return url_for("comments.add", case_id=case_id, entity=entity, entity_id=entity_id)
